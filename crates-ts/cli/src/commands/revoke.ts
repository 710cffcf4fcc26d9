import { Flags } from '@oclif/core';
import { revokeGrant, type RevocationResult } from '@gatos/governance';
import { GatosCommand } from '../lib/baseCommand.js';
import { resolveSigner, withContext } from '../lib/context.js';

export default class Revoke extends GatosCommand {
  static override summary = 'Revoke a grant; a revoked grant fails `grant verify` and the gate.';
  static override description = 'Writes a signed revocation on refs/gatos/revocations/<grant-id>. Only a member of the proposal\'s quorum group may revoke; a grant is revoked once.';
  static override examples = ['<%= config.bin %> revoke --grant blake3:<grant-id> --reason "superseded"'];
  static override flags = {
    grant: Flags.string({ summary: 'Grant id, or the id of its proposal.', required: true }),
    reason: Flags.string({ summary: 'Why (1-256 characters, one line).', required: true }),
    actor: Flags.string({ summary: 'Revoking actor (default: git config gatos.actor).' }),
  };

  async run(): Promise<RevocationResult> {
    const { flags } = await this.parse(Revoke);
    return withContext(flags, async (ctx) => {
      const signer = await resolveSigner(ctx, flags.actor);
      const result = await revokeGrant(ctx.repo, { grantId: flags.grant, reason: flags.reason }, signer);
      this.log(`revoked ${result.grantId} (${result.revocationId})\n  ref ${result.ref}`);
      return result;
    });
  }
}
