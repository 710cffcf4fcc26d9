import Database from 'better-sqlite3';
import { BATCH_ROWS, type Cell, type ColumnType, type TableSource } from './tables.js';
import type { DataRootHasher } from './dataRoot.js';

const SQL_TYPE: Record<ColumnType, string> = { int64: 'INTEGER', utf8: 'TEXT', boolean: 'INTEGER', json: 'TEXT' };

/** SQL identifier quoting: double quotes, inner quotes doubled (names are free-form state keys). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Writes every table into one SQLite file: STRICT tables (INTEGER is 64-bit exact, TEXT is UTF-8,
 * booleans 0/1), created in table order, filled in transactions of BATCH_ROWS rows, no WAL and no
 * journal. The same operations in the same order on the pinned SQLite give the same bytes.
 */
export function writeSqlite(path: string, sources: readonly TableSource[], hasher: DataRootHasher): void {
  const db = new Database(path);
  try {
    db.pragma('page_size = 4096');
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('encoding = "UTF-8"');
    for (const { plan } of sources) {
      const cols = plan.columns.map((c, i) => `${quoteIdent(c.name)} ${SQL_TYPE[c.type]}${i === 0 ? ' NOT NULL' : ''}`).join(', ');
      db.exec(`CREATE TABLE ${quoteIdent(plan.name)} (${cols}) STRICT`);
    }
    for (const source of sources) {
      const { plan } = source;
      hasher.table(plan);
      const insert = db.prepare(`INSERT INTO ${quoteIdent(plan.name)} VALUES (${plan.columns.map(() => '?').join(', ')})`);
      const insertBatch = db.transaction((rows: Cell[][]) => {
        for (const r of rows) insert.run(r.map((c) => (typeof c === 'boolean' ? (c ? 1 : 0) : c)));
      });
      let batch: Cell[][] = [];
      for (const row of source.rows()) {
        hasher.row(row);
        batch.push(row);
        if (batch.length === BATCH_ROWS) {
          insertBatch(batch);
          batch = [];
        }
      }
      if (batch.length > 0) insertBatch(batch);
    }
  } finally {
    db.close();
  }
}
