import { Flags } from '@oclif/core';
import { approveProposal, type ApprovalResult } from '@gatos/governance';
import { GatosCommand } from '../lib/baseCommand.js';
import { resolveSigner, withContext } from '../lib/context.js';

export default class Approve extends GatosCommand {
  static override summary = 'Approve a proposal; the approval that meets the quorum also writes the grant and its Proof-of-Consensus.';
  static override description = 'Writes a signed approval on refs/gatos/approvals/<proposal-id>/<key-hex>. The approver must be a member of the quorum group with a current key in the proposal\'s policy; one approval per signer. On quorum, writes refs/gatos/grants/<proposal-id> and refs/gatos/audit/proofs/governance/<proposal-id>.';
  static override examples = ['<%= config.bin %> approve --proposal blake3:<id>', '<%= config.bin %> approve --proposal <id> --expires-at 2026-12-01T00:00:00Z --json'];
  static override flags = {
    proposal: Flags.string({ summary: 'Proposal id (blake3:<hex> or <hex>).', required: true }),
    'expires-at': Flags.string({ summary: 'When this approval stops counting (YYYY-MM-DDTHH:MM:SSZ).' }),
    actor: Flags.string({ summary: 'Approving actor (default: git config gatos.actor).' }),
  };

  async run(): Promise<ApprovalResult> {
    const { flags } = await this.parse(Approve);
    return withContext(flags, async (ctx) => {
      const signer = await resolveSigner(ctx, flags.actor);
      const result = await approveProposal(ctx.repo, { proposalId: flags.proposal, ...(flags['expires-at'] ? { expiresAt: flags['expires-at'] } : {}) }, signer, ctx.clock);
      this.log(`${result.created ? 'approved' : 'already approved'} as ${signer.actor}: ${result.counted}/${result.required} approvals count`);
      if (result.grant) this.log(`granted ${result.grant.grantId}\n  Proof-Of-Consensus ${result.grant.proofOfConsensus}\n  ref ${result.grant.ref}`);
      return result;
    });
  }
}
