import { Flags } from '@oclif/core';
import { showProposal, type ProposalView } from '@gatos/governance';
import { GatosCommand } from '../../lib/baseCommand.js';
import { withContext } from '../../lib/context.js';

export default class ProposalShow extends GatosCommand {
  static override summary = 'Show a proposal, each approval and whether it counts, and its grant.';
  static override examples = ['<%= config.bin %> proposal show --proposal blake3:<id>', '<%= config.bin %> proposal show --proposal <id> --json'];
  static override flags = {
    proposal: Flags.string({ summary: 'Proposal id (blake3:<hex> or <hex>).', required: true }),
  };

  async run(): Promise<ProposalView> {
    const { flags } = await this.parse(ProposalShow);
    return withContext(flags, async (ctx) => {
      const view = await showProposal(ctx.repo, flags.proposal, ctx.clock);
      const p = view.proposal;
      this.log(`proposal ${view.proposalId} [${view.status}]\n  ${p.action} ${p.target}\n  quorum ${p.required_quorum} (${view.counted}/${view.required}), expires ${p.expire_at}, by ${p.created_by}`);
      for (const a of view.approvals) this.log(`  ${a.counted ? 'counts ' : 'ignored'} ${a.actor ?? '-'} ${a.signer ?? '-'}${a.reason ? `: ${a.reason}` : ''}`);
      if (view.grant) this.log(`  grant ${view.grant.grantId ?? '-'} ${view.grant.valid ? 'valid' : `invalid: ${view.grant.reasons.join('; ')}`}`);
      return view;
    });
  }
}
