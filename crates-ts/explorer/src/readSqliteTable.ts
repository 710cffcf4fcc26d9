import type { Database } from 'better-sqlite3';
import { quoteIdent } from './writeSqlite.js';
import type { Cell, TablePlan } from './tables.js';

const EXPECTED: Record<string, string> = { int64: 'INTEGER', utf8: 'TEXT', boolean: 'INTEGER', json: 'TEXT' };

/** Re-reads a table's rows in rowid (= export) order, integers as BigInt; throws when the schema differs. */
export function* readSqliteTable(db: Database, plan: Pick<TablePlan, 'name' | 'columns'>): Generator<Cell[]> {
  const info = db.prepare(`SELECT name, type FROM pragma_table_info(?) ORDER BY cid`).all(plan.name) as Array<{ name: string; type: string }>;
  const found = info.map((c) => `${c.name}:${c.type}`).join(', ');
  const wanted = plan.columns.map((c) => `${c.name}:${EXPECTED[c.type]!}`).join(', ');
  if (found !== wanted) throw new Error(`table ${JSON.stringify(plan.name)} has columns [${found}], meta.json says [${wanted}]`);
  const stmt = db.prepare(`SELECT ${plan.columns.map((c) => quoteIdent(c.name)).join(', ')} FROM ${quoteIdent(plan.name)} ORDER BY rowid`).raw(true).safeIntegers(true);
  for (const r of stmt.iterate() as Iterable<unknown[]>) {
    yield plan.columns.map((c, i) => {
      const v = r[i];
      if (v === null) return null;
      if (c.type === 'boolean') return v === 1n ? true : v === 0n ? false : (v as Cell);
      return v as Cell;
    });
  }
}
