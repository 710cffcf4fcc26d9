import { Flags } from '@oclif/core';
import { GatosError } from '@gatos/core';
import { exportJournal, exportState, type ExportFormat, type ExportMeta } from '@gatos/explorer';
import { GatosCommand } from '../../lib/baseCommand.js';
import { withContext } from '../../lib/context.js';
import { resolveStateCommit } from '../../lib/resolveStateCommit.js';

const exportFlags = {
  state: Flags.string({ summary: 'State name, state ref or checkpoint commit to export (derived export).', exclusive: ['journal'] }),
  journal: Flags.string({ summary: 'Namespace whose journals to export event by event (raw export).', exclusive: ['state'] }),
  out: Flags.string({ summary: 'Output directory: missing, empty, or a previous export (replaced).', required: true }),
};

/** Shared by `export parquet` and `export sqlite`: the format is the only difference. */
export abstract class ExportCommand extends GatosCommand {
  protected abstract readonly format: ExportFormat;

  async run(): Promise<ExportMeta> {
    const { flags } = await this.parse(this.constructor as typeof ExportParquet);
    if (!flags.state === !flags.journal) {
      throw new GatosError('EXPORT_USAGE', 'name exactly one of --state <ns|ref|commit> or --journal <ns>', { data: {}, exitClass: 'usage' });
    }
    return withContext(flags, async (ctx) => {
      const meta = flags.state
        ? await resolveStateCommit(ctx.repo, flags.state).then(({ ref, commit }) => exportState(ctx.repo.objects, { commit, ref, format: this.format, out: flags.out }))
        : await exportJournal(ctx.repo, { ns: flags.journal!, format: this.format, out: flags.out });
      const rows = meta.tables.reduce((n, t) => n + t.rows, 0);
      this.log(`exported ${meta.kind} ${meta.ns}: ${meta.tables.length} table(s), ${rows} row(s) as ${this.format} to ${flags.out}`);
      this.log(`Explorer-Root: ${meta.explorer_root}`);
      return meta;
    });
  }
}

export default class ExportParquet extends ExportCommand {
  protected readonly format = 'parquet' as const;
  static override summary = 'Export a checkpoint’s state (or a namespace’s raw events) as Parquet files with an Explorer-Root.';
  static override description =
    'Writes data/NNNN-<table>.parquet, meta.json (ledger_head, policy_root, fold_root, state_root, extractor_version, explorer_root, data_root, per-file digests) and explorer-root.txt. The same checkpoint always gives byte-identical files. See docs/exports.md for the state-to-tables mapping.';
  static override examples = [
    '<%= config.bin %> export parquet --state finance --out exports/finance',
    '<%= config.bin %> export parquet --state refs/gatos/state/finance --out exports/finance --json',
    '<%= config.bin %> export parquet --journal finance --out exports/finance-events',
  ];
  static override flags = exportFlags;
}

export { exportFlags };
