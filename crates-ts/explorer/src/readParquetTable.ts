import { asyncBufferFromFile, parquetMetadataAsync, parquetRead } from 'hyparquet';
import type { Cell, TablePlan } from './tables.js';

const EXPECTED: Record<string, string> = { int64: 'INT64//', utf8: 'BYTE_ARRAY/UTF8/', boolean: 'BOOLEAN//', json: 'BYTE_ARRAY/UTF8/' };

/**
 * Re-reads a table's rows from its Parquet file, one row group at a time, as the writer's cells
 * (JSON columns as their stored text). Throws with the reason when the file's schema is not the plan's.
 */
export async function* readParquetTable(path: string, plan: Pick<TablePlan, 'columns'>): AsyncGenerator<Cell[]> {
  const file = await asyncBufferFromFile(path);
  const metadata = await parquetMetadataAsync(file);
  const leaves = metadata.schema.slice(1);
  const found = leaves.map((e) => `${e.name}:${e.type ?? ''}/${e.converted_type ?? ''}/${e.logical_type?.type ?? ''}`).join(', ');
  const wanted = plan.columns.map((c) => `${c.name}:${EXPECTED[c.type]!}`).join(', ');
  if (found !== wanted) throw new Error(`columns are [${found}], meta.json says [${wanted}]`);
  let start = 0;
  for (const group of metadata.row_groups) {
    const end = start + Number(group.num_rows);
    let rows: unknown[][] = [];
    await parquetRead({ file, metadata, rowStart: start, rowEnd: end, rowFormat: 'array', onComplete: (r: unknown[][]) => { rows = r; } });
    for (const r of rows) yield plan.columns.map((_, i) => toCell(r[i]));
    start = end;
  }
}

function toCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  return v as Cell;
}
