import { listProposals, type ProposalSummary } from '@gatos/governance';
import { GatosCommand } from '../../lib/baseCommand.js';
import { withContext } from '../../lib/context.js';

export default class ProposalList extends GatosCommand {
  static override summary = 'List proposals with their status (open, expired, granted, grant-invalid, invalid).';
  static override examples = ['<%= config.bin %> proposal list', '<%= config.bin %> proposal list --json'];

  async run(): Promise<{ proposals: ProposalSummary[] }> {
    const { flags } = await this.parse(ProposalList);
    return withContext(flags, async (ctx) => {
      const proposals = await listProposals(ctx.repo, ctx.clock);
      for (const p of proposals) this.log(`${p.proposalId} ${p.status} ${p.counted}/${p.required} ${p.action ?? '-'} ${p.target ?? p.problem ?? '-'}`);
      if (proposals.length === 0) this.log('no proposals');
      return { proposals };
    });
  }
}
