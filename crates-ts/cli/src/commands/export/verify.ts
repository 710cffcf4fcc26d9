import { Args } from '@oclif/core';
import { GatosError } from '@gatos/core';
import { openRepository, type Repository } from '@gatos/git';
import { verifyExport, type ExportReport } from '@gatos/explorer';
import { GatosCommand } from '../../lib/baseCommand.js';

export default class ExportVerify extends GatosCommand {
  static override summary = 'Verify an export: files, rows, Explorer-Root, and (in a repository) the checkpoint it names.';
  static override description =
    'Recomputes every file digest, data_root by re-reading the rows, and the Explorer-Root from meta.json. When a repository is available (the current directory or --repo), also checks meta.json against the named checkpoint as it is now (ledger head, policy root, fold root, state root, journal tips) and the rows against the state. Exit 0 ok, 1 mismatch (each failed check named), 2 bad usage.';
  static override examples = [
    '<%= config.bin %> export verify exports/finance',
    '<%= config.bin %> export verify exports/finance --repo . --json',
  ];
  static override args = { dir: Args.string({ description: 'export directory (holds meta.json)', required: true }) };

  async run(): Promise<ExportReport> {
    const { args, flags } = await this.parse(ExportVerify);
    const repo = await openRepo(flags.repo);
    try {
      const report = await verifyExport(args.dir, repo);
      for (const c of report.checks.filter((x) => !x.ok)) {
        this.log(`FAIL ${c.id}: ${c.detail}${c.expected !== undefined ? `\n     expected ${c.expected}\n     actual   ${c.actual}` : ''}`);
      }
      const passed = report.checks.filter((c) => c.ok).length;
      this.log(`${report.verdict}: ${args.dir}, ${passed}/${report.checks.length} checks passed${report.repo === 'skipped' ? ' (no repository: repository checks skipped)' : ''}`);
      if (report.verdict !== 'ok') this.failCheck();
      return report;
    } finally {
      await repo?.close();
    }
  }
}

/** `--repo` must open; without it the current directory is used when it is a repository. */
async function openRepo(flag: string | undefined): Promise<Repository | null> {
  if (flag !== undefined) {
    return openRepository(flag).catch((err: unknown) => {
      throw new GatosError('EXPORT_NO_REPO', `--repo ${flag} is not a git repository`, { data: { repo: flag }, cause: err, exitClass: 'usage' });
    });
  }
  return openRepository(process.cwd()).catch(() => null);
}
