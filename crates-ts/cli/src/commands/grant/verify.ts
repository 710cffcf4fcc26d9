import { Flags } from '@oclif/core';
import { checkGrant, type GrantVerdict } from '@gatos/governance';
import { GatosCommand } from '../../lib/baseCommand.js';
import { withContext } from '../../lib/context.js';

export default class GrantVerify extends GatosCommand {
  static override summary = 'Verify a grant: rebuild its Proof-of-Consensus from the approvals; exit 0 valid, 1 invalid, 2 bad input.';
  static override description = 'Checks that each approval the Proof-of-Consensus names is recorded, signed by a current key of a member of the quorum group (trust graph of the proposal\'s policy), for this proposal, unexpired and one per signer; that the quorum holds; that the rebuilt digest equals Proof-Of-Consensus; that the proposal has not expired and the grant is not revoked.';
  static override examples = ['<%= config.bin %> grant verify --grant blake3:<grant-id>', '<%= config.bin %> grant verify --grant <proposal-id> --json'];
  static override flags = {
    grant: Flags.string({ summary: 'Grant id, or the id of its proposal (blake3:<hex> or <hex>).', required: true }),
  };

  async run(): Promise<GrantVerdict> {
    const { flags } = await this.parse(GrantVerify);
    return withContext(flags, async (ctx) => {
      const verdict = await checkGrant(ctx.repo, flags.grant, ctx.clock);
      for (const reason of verdict.reasons) this.log(`FAIL ${reason}`);
      this.log(verdict.valid ? `ok: grant ${verdict.grantId} authorises ${verdict.action} ${verdict.target} (${verdict.requiredQuorum})` : `grant ${verdict.grantId ?? flags.grant} is not valid`);
      if (!verdict.valid) this.failCheck();
      return verdict;
    });
  }
}
