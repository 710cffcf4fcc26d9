import { Args } from '@oclif/core';
import { flushSpool, spoolDir, type SpoolFlushResult } from '@gatos/gate';
import { openRepository } from '@gatos/git';
import { GatosCommand } from '../../lib/baseCommand.js';

export default class AuditFlushCommand extends GatosCommand {
  static override summary = 'Commit spooled DENY audit records to refs/gatos/audit/policy/deny (the audit log).';
  static override description = 'Records the gate could not commit (the audit ref stayed locked or contended) wait in <git-dir>/gatos/audit-spool/; every post-receive run flushes them, and so does this command. Oldest file first, compare-and-swap with retry; a file is removed only once its records are on the ref, and records already there are never written twice. Exits 1 when some files are still waiting.';
  static override examples = ['<%= config.bin %> audit flush /srv/git/project.git', '<%= config.bin %> audit flush -C /srv/git/project.git --json'];
  static override args = {
    'bare-repo': Args.string({ description: 'The bare repository (default: -C or the current directory).' }),
  };

  async run(): Promise<SpoolFlushResult> {
    const { args, flags } = await this.parse(AuditFlushCommand);
    // Resolve the git dir the way git does (a bare repository or a work tree's .git).
    const repo = await openRepository(args['bare-repo'] ?? flags.repo ?? process.cwd());
    const gitDir = repo.gitDir;
    await repo.close();
    const r = await flushSpool(gitDir);
    if (r.flushed.length === 0 && r.remaining.length === 0) this.log('audit spool is empty');
    else this.log(`flushed ${r.flushed.length} spool files: ${r.written} records committed to the audit log${r.alreadyCommitted > 0 ? `, ${r.alreadyCommitted} were already there` : ''}`);
    if (r.error !== null) {
      this.log(`${r.remaining.length} spool files still wait in ${spoolDir(gitDir)}: ${r.error}`);
      this.failCheck();
    }
    return r;
  }
}
