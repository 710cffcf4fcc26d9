import { ParquetWriter, fileWriter } from 'hyparquet-writer';
import type { SchemaElement } from 'hyparquet';
import { PARQUET_CREATED_BY } from './extractorVersion.js';
import { BATCH_ROWS, type Cell, type ColumnType, type TableSource } from './tables.js';
import type { DataRootHasher } from './dataRoot.js';

const PARQUET_TYPE: Record<ColumnType, Omit<SchemaElement, 'name'>> = {
  int64: { type: 'INT64' },
  utf8: { type: 'BYTE_ARRAY', converted_type: 'UTF8' },
  boolean: { type: 'BOOLEAN' },
  // JSON columns are UTF-8 text holding JCS. Not the JSON type: hyparquet-writer would JSON.stringify
  // our text again (in JS key order), and DuckDB without its json extension reads JSON as BLOB.
  json: { type: 'BYTE_ARRAY', converted_type: 'UTF8' },
};

/**
 * Writes one table as a Parquet file, one row group per BATCH_ROWS rows, so only one batch of
 * column arrays exists at a time. SNAPPY, fixed `created_by`: no timestamps, and
 * the bytes depend only on the rows and the pinned writer. Min/max statistics only on the sorted key
 * column (where they prune row groups); on the others they double the write time. Feeds every row to
 * `hasher` too.
 */
export async function writeParquetTable(path: string, source: TableSource, hasher: DataRootHasher): Promise<void> {
  const { plan } = source;
  const schema: SchemaElement[] = [
    { name: 'root', num_children: plan.columns.length },
    ...plan.columns.map((c, i): SchemaElement => ({ name: c.name, ...PARQUET_TYPE[c.type], repetition_type: i === 0 ? 'REQUIRED' : 'OPTIONAL' })),
  ];
  const writer = new ParquetWriter({ writer: fileWriter(path), schema, codec: 'SNAPPY', createdBy: PARQUET_CREATED_BY });
  hasher.table(plan);
  let batch: Cell[][] = plan.columns.map(() => []);
  let n = 0;
  const flush = async (): Promise<void> => {
    if (n === 0) return;
    await writer.write({ columnData: plan.columns.map((c, i) => ({ name: c.name, data: batch[i]!, statistics: i === 0 })), rowGroupSize: BATCH_ROWS });
    batch = plan.columns.map(() => []);
    n = 0;
  };
  for (const row of source.rows()) {
    hasher.row(row);
    for (let i = 0; i < row.length; i++) batch[i]!.push(row[i]!);
    if (++n === BATCH_ROWS) await flush();
  }
  await flush();
  await writer.finish();
}
