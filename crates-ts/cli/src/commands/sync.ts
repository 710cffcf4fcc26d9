import { Args, Flags } from '@oclif/core';
import { GatosCommand } from '../lib/baseCommand.js';
import { withContext } from '../lib/context.js';
import { syncRemote, type SyncReport } from '../sync/syncRemote.js';

export default class Sync extends GatosCommand {
  static override summary = 'Fetch and push refs/gatos/** with a remote, reconcile checkpoints and re-fold.';
  static override description = 'Fetches every refs/gatos/** ref from REMOTE, fast-forwards what is behind locally, reconciles diverged checkpoint chains with the deterministic merge checkpoint, re-folds every fold in gatos/folds/ (a no-op where nothing changed), then pushes what the remote lacks in one atomic push. Journals are never merged or rewritten. A push the server refuses is reported with its GATOS DENY reasons (exit 1).';
  static override examples = ['<%= config.bin %> sync', '<%= config.bin %> sync node-b --json', '<%= config.bin %> sync https://git.example.org/ops.git --no-refold'];
  static override args = { remote: Args.string({ description: 'remote name or URL', default: 'origin' }) };
  static override flags = { refold: Flags.boolean({ summary: 'Re-fold every fold in gatos/folds/ (nothing is written where nothing changed).', default: true, allowNo: true }) };

  async run(): Promise<SyncReport> {
    const { args, flags } = await this.parse(Sync);
    return withContext(flags, async (ctx) => {
      const report = await syncRemote(ctx.repo, args.remote, { refold: flags.refold });
      for (const m of report.fetched) this.log(`${m.action.padEnd(12)} ${m.ref}${m.from && m.from !== m.to ? ` ${m.from.slice(0, 12)}..${m.to.slice(0, 12)}` : ` ${m.to.slice(0, 12)}`}${m.reason ? ` (${m.reason})` : ''}`);
      for (const f of report.refolded) this.log(`${(f.changed ? 'folded' : 'up to date').padEnd(12)} ${f.ref} ${f.commit.slice(0, 12)}`);
      for (const r of report.pushed) this.log(`${'pushed'.padEnd(12)} ${r}`);
      for (const d of report.denied) this.log(d);
      this.log(report.ok ? `synced with ${report.remote}` : `sync with ${report.remote} incomplete: ${report.denied.length} denied, ${report.fetched.filter((m) => m.action === 'conflict').length} conflicts`);
      if (!report.ok) this.failCheck();
      return report;
    });
  }
}
