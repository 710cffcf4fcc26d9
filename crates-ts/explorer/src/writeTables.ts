import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { blake3Hex } from '@gatos/core';
import { DataRootHasher } from './dataRoot.js';
import { DATA_DIR, SQLITE_FILE, type ExportedTable } from './exportMeta.js';
import type { ExportFormat } from './extractorVersion.js';
import type { TableSource } from './tables.js';
import { writeParquetTable } from './writeParquetTable.js';
import { writeSqlite } from './writeSqlite.js';

export interface WrittenTables {
  readonly tables: ExportedTable[];
  readonly files: Record<string, string>;
  readonly dataRoot: string;
}

/** `data/0000-<slug>.parquet`: the index keeps names unique on case-insensitive file systems. */
export function parquetFileName(index: number, table: string): string {
  return `${DATA_DIR}/${String(index).padStart(4, '0')}-${table.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64)}.parquet`;
}

/** Writes the tables under `dir` in `format`, hashing rows as they go and files when done. */
export async function writeTables(dir: string, format: ExportFormat, sources: readonly TableSource[]): Promise<WrittenTables> {
  mkdirSync(join(dir, DATA_DIR));
  const hasher = new DataRootHasher();
  const tables: ExportedTable[] = [];
  if (format === 'parquet') {
    for (const [i, source] of sources.entries()) {
      const file = parquetFileName(i, source.plan.name);
      await writeParquetTable(join(dir, file), source, hasher);
      tables.push({ ...source.plan, file });
    }
  } else {
    writeSqlite(join(dir, SQLITE_FILE), sources, hasher);
    for (const source of sources) tables.push({ ...source.plan, file: SQLITE_FILE });
  }
  const files: Record<string, string> = {};
  for (const file of [...new Set(tables.map((t) => t.file))].sort()) files[file] = fileDigest(join(dir, file));
  if (format === 'sqlite' && !files[SQLITE_FILE]) files[SQLITE_FILE] = fileDigest(join(dir, SQLITE_FILE));
  return { tables, files, dataRoot: hasher.finish() };
}

/** `blake3:` of a file's bytes (read whole: bytes, not rows; the same digest as `b3sum`). */
export function fileDigest(path: string): string {
  return `blake3:${blake3Hex(readFileSync(path))}`;
}
