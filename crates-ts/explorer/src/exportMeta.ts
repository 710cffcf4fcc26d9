import type { ExportFormat } from './extractorVersion.js';
import type { ColumnPlan, TablePlan } from './tables.js';

export const META_FILE = 'meta.json';
export const ROOT_FILE = 'explorer-root.txt';
export const DATA_DIR = 'data';
export const SQLITE_FILE = `${DATA_DIR}/export.sqlite`;

export interface ExportedTable {
  readonly name: string;
  readonly source: string | null;
  readonly shape: TablePlan['shape'];
  /** The Parquet file holding it, or the SQLite file. */
  readonly file: string;
  readonly rows: number;
  readonly columns: readonly ColumnPlan[];
}

/** `meta.json`, written as canonical JSON (ADR-0018). */
export interface ExportMeta {
  readonly complete: boolean;
  readonly kind: 'derived' | 'raw';
  readonly format: ExportFormat;
  readonly extractor_version: string;
  readonly explorer_root: string;
  /** As the checkpoint's `Ledger-Head` trailer: one journal's OID, or `blake3:` over all heads. */
  readonly ledger_head: string;
  readonly ledger_heads: Readonly<Record<string, string>>;
  readonly policy_root: string;
  /** `sha256:<hex>`; null for raw exports. */
  readonly fold_root: string | null;
  /** `blake3:<hex>`; null for raw exports. */
  readonly state_root: string | null;
  /** State name (derived) or journal namespace (raw). */
  readonly ns: string;
  /** The state ref exported from (null when a commit was named, and for raw exports). */
  readonly ref: string | null;
  readonly checkpoint: string | null;
  readonly data_root: string;
  /** Path relative to the export directory -> `blake3:<hex>` of its bytes. */
  readonly files: Readonly<Record<string, string>>;
  readonly tables: readonly ExportedTable[];
  readonly sampling: null;
}
