import { readPolicyLog, type BundleSummary, type PolicyLog } from '@gatos/policy';
import { GatosCommand } from '../../lib/baseCommand.js';
import { withContext } from '../../lib/context.js';

export default class PolicyLogCommand extends GatosCommand {
  static override summary = 'Show the policy bundle lineage from the active bundle back to genesis, and bundles never activated.';
  static override description = 'Walks parent links from refs/gatos/policies/active to the genesis bundle (newest first), then lists refs/gatos/policies/<id> bundles that are not on that lineage (published but not activated). A bundle that does not load is shown as INVALID with the reason.';
  static override examples = ['<%= config.bin %> policy log', '<%= config.bin %> policy log --json'];

  async run(): Promise<PolicyLog> {
    const { flags } = await this.parse(PolicyLogCommand);
    return withContext(flags, async (ctx) => {
      const log = await readPolicyLog(ctx.repo);
      if (log.active === null) this.log('no active policy');
      log.lineage.forEach((b, i) => this.log(line(b, i === 0 ? 'active  ' : '        ')));
      for (const b of log.inactive) this.log(line(b, 'inactive'));
      return log;
    });
  }
}

function line(b: BundleSummary, tag: string): string {
  const who = b.publishedBy ? `  by ${b.publishedBy}` : '';
  return `${tag} ${b.commit}  ${b.bundleId}${who}${b.parent === null && !b.invalid ? '  (genesis)' : ''}${b.invalid ? `  INVALID: ${b.invalid}` : ''}`;
}
