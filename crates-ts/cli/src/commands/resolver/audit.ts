import { Flags } from '@oclif/core';
import { readResolveAudit, RESOLVE_AUDIT_REF, type ResolveAuditView } from '@gatos/opaque';
import { GatosCommand } from '../../lib/baseCommand.js';
import { withContext } from '../../lib/context.js';

export default class ResolverAudit extends GatosCommand {
  static override summary = 'Show the resolver\'s audit chain (every fetch and refusal), newest first.';
  static override description = `Reads and checks ${RESOLVE_AUDIT_REF}: one commit per decision, each exactly the canonical commit of its decision.json on the previous one; an edited record is reported (exit 1). Summary records stand for refusals over the audit budget and carry their count.`;
  static override examples = ['<%= config.bin %> resolver audit', '<%= config.bin %> resolver audit --limit 5 --json'];
  static override flags = {
    limit: Flags.integer({ summary: 'How many records.', default: 50, min: 1 }),
  };

  async run(): Promise<ResolveAuditView> {
    const { flags } = await this.parse(ResolverAudit);
    return withContext(flags, async (ctx) => {
      const view = await readResolveAudit(ctx.repo, { limit: flags.limit });
      if (view.total === 0) this.log('no resolver audit records');
      for (const e of view.entries) {
        const who = e.sub ?? (e.claimed_sub ? `(claimed ${e.claimed_sub})` : '-');
        const count = e.count > 1 ? ` ×${e.count}` : '';
        this.log(`${e.decision.padEnd(5)} ${e.ts}  ${String(e.status).padStart(3)} ${e.reason}${count}  ${e.digest ?? '-'}  ${who}${e.class ? `  class ${e.class}` : ''}\n      ${e.detail}`);
      }
      if (view.total > view.entries.length) this.log(`… ${view.total - view.entries.length} older records (use --limit)`);
      if (view.total > 0) this.log(`${view.requests} requests: ${view.allowed} allowed, ${view.denied} denied`);
      return view;
    });
  }
}
