/** The shape of exported tables, shared by the writers, the readers and `meta.json`. */
export type ColumnType = 'int64' | 'utf8' | 'boolean' | 'json';

export interface ColumnPlan {
  /** Column name in the files (unique case-insensitively, never empty). */
  readonly name: string;
  /** The state field it holds; null for the map-key column. */
  readonly field: string | null;
  readonly type: ColumnType;
}

export interface TablePlan {
  /** Table name in SQLite and in `meta.json` (unique case-insensitively; never `sqlite_*`). */
  readonly name: string;
  /** The top-level state key it comes from; null for the scalars table. */
  readonly source: string | null;
  /** `rows`: an object of objects (columns = union of fields); `map`: key -> value. */
  readonly shape: 'rows' | 'map' | 'events';
  readonly columns: readonly ColumnPlan[];
  readonly rows: number;
}

/** One cell: int64 as bigint (exact), utf8 and json as text, boolean, or null. */
export type Cell = bigint | string | boolean | null;

/** A table's plan plus a fresh iterator over its rows in export order. */
export interface TableSource {
  readonly plan: TablePlan;
  rows(): Iterable<Cell[]>;
}

/** Rows are handed to writers and hashers in batches of this many (a Parquet row group, a SQLite transaction). */
export const BATCH_ROWS = 65536;

/**
 * Makes `raw` a usable table/column name that no earlier one equals case-insensitively (SQLite and
 * DuckDB fold ASCII case): NUL becomes `_`, empty becomes `_`, a clash gets `_2`, `_3`, ...
 * Table names starting with `sqlite_` (reserved by SQLite) get a leading `_`.
 */
export function uniqueName(raw: string, used: Set<string>, isTable: boolean): string {
  let base = raw.replace(/\0/g, '_') || '_';
  if (isTable && base.toLowerCase().startsWith('sqlite_')) base = `_${base}`;
  let name = base;
  for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base}_${n}`;
  used.add(name.toLowerCase());
  return name;
}
