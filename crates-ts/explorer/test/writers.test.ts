import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { asyncBufferFromFile, parquetMetadataAsync } from 'hyparquet';
import { DuckDBInstance } from '@duckdb/node-api';
import { makeTempDir } from '@gatos/testkit';
import { BATCH_ROWS, DataRootHasher, planStateTables, type Cell } from '@gatos/explorer';
import { writeParquetTable } from '../src/writeParquetTable.js';
import { writeSqlite } from '../src/writeSqlite.js';
import { readParquetTable } from '../src/readParquetTable.js';
import { readSqliteTable } from '../src/readSqliteTable.js';

const tmp = makeTempDir('gatos-writers-');
afterAll(() => tmp.cleanup());
const N = 2 * BATCH_ROWS + 123;
const big: Record<string, { n: number; s: string; b: boolean }> = {};
for (let i = 0; i < N; i++) big[`r${String(i).padStart(6, '0')}`] = { n: i * 7 - 3, s: `v${i % 13}`, b: i % 3 === 0 };

describe('writers: batches, read-back and empty tables', () => {
  it('writes Parquet in row groups of BATCH_ROWS and reads back every row, in order', async () => {
    const [source] = planStateTables({ big });
    const path = join(tmp.dir, 'big.parquet');
    const h1 = new DataRootHasher();
    await writeParquetTable(path, source!, h1);
    const meta = await parquetMetadataAsync(await asyncBufferFromFile(path));
    expect(meta.row_groups.map((g) => Number(g.num_rows))).toEqual([BATCH_ROWS, BATCH_ROWS, 123]);
    const h2 = new DataRootHasher();
    h2.table(source!.plan);
    let i = 0;
    const expected = [...source!.rows()];
    for await (const r of readParquetTable(path, source!.plan)) {
      if (i === 0 || i === BATCH_ROWS || i === N - 1) expect(r).toEqual(expected[i]);
      h2.row(r);
      i++;
    }
    expect(i).toBe(N);
    expect(h2.finish()).toBe(h1.finish());
  });

  it('writes SQLite in batches; rows come back in order with types', () => {
    const [source] = planStateTables({ big });
    const path = join(tmp.dir, 'big.sqlite');
    const h1 = new DataRootHasher();
    writeSqlite(path, [source!], h1);
    const db = new Database(path, { readonly: true });
    const rows: Cell[][] = [...readSqliteTable(db, source!.plan)];
    expect(db.pragma('journal_mode', { simple: true })).toBe('delete');
    db.close();
    expect(rows.length).toBe(N);
    expect(rows[3]).toEqual(['r000003', true, 18n, 'v3']);
    const h2 = new DataRootHasher();
    h2.table(source!.plan);
    for (const r of rows) h2.row(r);
    expect(h2.finish()).toBe(h1.finish());
    expect(readFileSync(path).subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
  });

  it('an empty table is a valid zero-row Parquet file that DuckDB reads', async () => {
    const [source] = planStateTables({ none: {} });
    const path = join(tmp.dir, 'empty.parquet');
    await writeParquetTable(path, source!, new DataRootHasher());
    const rows: Cell[][] = [];
    for await (const r of readParquetTable(path, source!.plan)) rows.push(r);
    expect(rows).toEqual([]);
    const instance = await DuckDBInstance.create(':memory:');
    const con = await instance.connect();
    const r = await con.runAndReadAll(`SELECT * FROM read_parquet('${path}')`);
    expect(r.columnNames()).toEqual(['key', 'value']);
    expect(r.getRows()).toEqual([]);
    con.closeSync();
    instance.closeSync();
  });

  it('refuses a Parquet file whose columns differ from the plan', async () => {
    const [source] = planStateTables({ big: { a: { n: 1 } } });
    const path = join(tmp.dir, 'one.parquet');
    await writeParquetTable(path, source!, new DataRootHasher());
    const wrong = { columns: [{ name: 'key', field: null, type: 'utf8' as const }, { name: 'n', field: 'n', type: 'utf8' as const }] };
    await expect(async () => {
      for await (const _ of readParquetTable(path, wrong)) void _;
    }).rejects.toThrow('columns are [key:BYTE_ARRAY/UTF8/, n:INT64//], meta.json says [key:BYTE_ARRAY/UTF8/, n:BYTE_ARRAY/UTF8/]');
  });
});
