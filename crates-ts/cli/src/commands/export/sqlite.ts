import { ExportCommand, exportFlags } from './parquet.js';

export default class ExportSqlite extends ExportCommand {
  protected readonly format = 'sqlite' as const;
  static override summary = 'Export a checkpoint’s state (or a namespace’s raw events) as one SQLite database with an Explorer-Root.';
  static override description =
    'Writes data/export.sqlite (STRICT tables, 64-bit INTEGER, UTF-8 TEXT), meta.json and explorer-root.txt. The same checkpoint always gives a byte-identical database. See docs/exports.md.';
  static override examples = [
    '<%= config.bin %> export sqlite --state finance --out exports/finance-db',
    '<%= config.bin %> export sqlite --journal finance --out exports/finance-events-db --json',
  ];
  static override flags = exportFlags;
}
