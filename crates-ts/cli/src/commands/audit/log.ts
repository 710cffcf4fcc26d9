import { Flags } from '@oclif/core';
import { readAuditLog, spoolDir, type AuditLog } from '@gatos/gate';
import { GatosCommand } from '../../lib/baseCommand.js';
import { withContext } from '../../lib/context.js';

export default class AuditLogCommand extends GatosCommand {
  static override summary = 'Show the push gate’s audit log (DENY records and the trust-on-first-use genesis), newest first.';
  static override description = 'Reads refs/gatos/audit/policy/deny and refs/gatos/audit/policy/genesis, plus any DENY records spooled under <git-dir>/gatos/audit-spool/ when the audit ref could not be updated; spooled records are marked as such.';
  static override examples = ['<%= config.bin %> audit log -C /srv/git/project.git', '<%= config.bin %> audit log --limit 5 --json'];
  static override flags = {
    limit: Flags.integer({ summary: 'How many records.', default: 50, min: 1 }),
  };

  async run(): Promise<AuditLog> {
    const { flags } = await this.parse(AuditLogCommand);
    return withContext(flags, async (ctx) => {
      const log = await readAuditLog(ctx.repo, ctx.repo.gitDir, { limit: flags.limit });
      if (log.total === 0) this.log('no audit records');
      for (const e of log.entries) {
        const who = Object.entries(e.pusher).map(([k, v]) => `${k}=${v}`).join(' ');
        this.log(`${e.decision.padEnd(6)} ${e.ts}  ${e.rule}  ${e.ref}${e.spoolFile ? '  [spooled]' : ''}\n       ${e.reason}${who ? `\n       pusher: ${who}` : ''}`);
      }
      if (log.total > log.entries.length) this.log(`… ${log.total - log.entries.length} older records (use --limit)`);
      if (log.spooled > 0) this.log(`${log.spooled} records are spooled in ${spoolDir(ctx.repo.gitDir)} and not yet on the audit ref`);
      return log;
    });
  }
}
