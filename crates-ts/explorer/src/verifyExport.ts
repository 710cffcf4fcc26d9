import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { GatosError, bytesEqual, canonicalJsonBytes, type ObjectStore, type RefStore } from '@gatos/core';
import { currentHeads, ledgerHeadDigest } from '@gatos/echo';
import { ACTIVE_POLICY_REF } from '@gatos/policy';
import { DataRootHasher } from './dataRoot.js';
import { checkpointTables } from './exportState.js';
import { DATA_DIR, META_FILE, ROOT_FILE, type ExportMeta } from './exportMeta.js';
import { extractorVersion } from './extractorVersion.js';
import { journalTable } from './journalTable.js';
import { readParquetTable } from './readParquetTable.js';
import { readSqliteTable } from './readSqliteTable.js';
import type { Cell, TableSource } from './tables.js';
import { metaExplorerRoot } from './writeMeta.js';
import { fileDigest } from './writeTables.js';

export interface ExportCheck {
  readonly id: string;
  readonly ok: boolean;
  readonly detail: string;
  readonly expected?: string;
  readonly actual?: string;
}

export interface ExportReport {
  readonly verdict: 'ok' | 'mismatch';
  readonly dir: string;
  readonly explorer_root: string | null;
  /** Whether the export was also checked against a repository. */
  readonly repo: 'checked' | 'skipped';
  readonly checks: readonly ExportCheck[];
}

type Store = { objects: ObjectStore; refs: RefStore };

const REQUIRED: ReadonlyArray<[keyof ExportMeta, string]> = [
  ['complete', 'boolean'], ['kind', 'string'], ['format', 'string'], ['extractor_version', 'string'], ['explorer_root', 'string'],
  ['ledger_head', 'string'], ['ledger_heads', 'object'], ['policy_root', 'string'], ['ns', 'string'], ['data_root', 'string'],
  ['files', 'object'], ['tables', 'object'],
];

/**
 * `git gatos export verify`: recomputes the Explorer-Root from meta.json, every file digest, and
 * data_root by re-reading the rows; with a repository, also checks meta against the named
 * checkpoint (or journals) as they are now and the rows against the state mapping.
 */
export async function verifyExport(dir: string, store: Store | null): Promise<ExportReport> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new GatosError('EXPORT_NOT_FOUND', `${dir} is not a directory`, { data: { dir }, exitClass: 'usage' });
  }
  const checks: ExportCheck[] = [];
  const check = (id: string, ok: boolean, detail: string, expected?: string, actual?: string): boolean => {
    checks.push({ id, ok, detail, ...(ok || expected === undefined ? {} : { expected, actual: actual ?? '(none)' }) });
    return ok;
  };
  const done = (meta: ExportMeta | null): ExportReport => ({
    verdict: checks.every((c) => c.ok) ? 'ok' : 'mismatch', dir, explorer_root: meta?.explorer_root ?? null, repo: store && meta ? 'checked' : 'skipped', checks,
  });

  const meta = readMeta(dir, check);
  if (!meta) return done(null);
  if (!check('meta.complete', meta.complete === true, meta.complete === true ? 'complete' : 'partial export (complete: false): refused')) return done(meta);
  const expectedVersion = extractorVersion(meta.format);
  check('meta.extractor_version', meta.extractor_version === expectedVersion, `extractor_version ${meta.extractor_version}`, expectedVersion, meta.extractor_version);
  const root = safe(() => metaExplorerRoot(meta));
  check('explorer_root', root === meta.explorer_root, 'Explorer-Root recomputed from meta.json', root ?? '(not computable: bad roots)', meta.explorer_root);
  const rootText = existsSync(join(dir, ROOT_FILE)) ? readFileSync(join(dir, ROOT_FILE), 'utf8') : '(missing)';
  check(`file:${ROOT_FILE}`, rootText === `${meta.explorer_root}\n`, `${ROOT_FILE} holds meta.json's explorer_root`, meta.explorer_root, rootText.trim());

  for (const [file, digest] of Object.entries(meta.files).sort()) {
    const path = join(dir, file);
    if (!existsSync(path)) {
      check(`file:${file}`, false, `${file} is missing: partial export refused`);
      continue;
    }
    const actual = fileDigest(path);
    check(`file:${file}`, actual === digest, actual === digest ? 'digest matches' : `${file} was modified`, digest, actual);
  }
  for (const file of listData(dir)) if (!(file in meta.files)) check(`file:${file}`, false, `${file} is not listed in meta.json`);

  const fromFiles = await rowsFromFiles(dir, meta);
  if (fromFiles.error) check('rows', false, fromFiles.error);
  else check('data_root', fromFiles.root === meta.data_root, 'data_root recomputed from the rows in the files', meta.data_root, fromFiles.root);

  if (store) await checkAgainstRepo(store, meta, check);
  return done(meta);
}

function readMeta(dir: string, check: (id: string, ok: boolean, detail: string, e?: string, a?: string) => boolean): ExportMeta | null {
  const path = join(dir, META_FILE);
  if (!check('meta.present', existsSync(path), existsSync(path) ? `${META_FILE} present` : `no ${META_FILE}: incomplete or not an export, refused`)) return null;
  const bytes = readFileSync(path);
  let meta: ExportMeta;
  try {
    meta = JSON.parse(bytes.toString('utf8')) as ExportMeta;
  } catch (err) {
    check('meta.json', false, `${META_FILE} is not JSON (${(err as Error).message})`);
    return null;
  }
  const wrong = REQUIRED.filter(([k, t]) => meta === null || typeof meta !== 'object' || typeof meta[k] !== t).map(([k]) => k);
  if (!check('meta.fields', wrong.length === 0, wrong.length === 0 ? 'all fields present' : `${META_FILE} lacks or mistypes: ${wrong.join(', ')}`)) return null;
  const badTables = tableProblems(meta);
  if (!check('meta.tables', badTables.length === 0, badTables.length === 0 ? 'tables and files well-formed' : `${META_FILE}: ${badTables.join('; ')}`)) return null;
  if (!check('meta.kind', (meta.kind === 'derived' || meta.kind === 'raw') && (meta.format === 'parquet' || meta.format === 'sqlite'), `kind ${meta.kind}, format ${meta.format}`)) return null;
  const canonical = safe(() => canonicalJsonBytes(meta));
  check('meta.canonical', canonical !== null && bytesEqual(canonical, bytes), `${META_FILE} is canonical JSON (JCS)`);
  return meta;
}

const FILE_PATH = /^data\/[A-Za-z0-9._-]+$/;
const TYPES = new Set(['int64', 'utf8', 'boolean', 'json']);

/** Shape of `tables` and `files`; file paths must stay inside data/ (verify reads them). */
function tableProblems(meta: ExportMeta): string[] {
  const problems: string[] = [];
  if (!Array.isArray(meta.tables)) return ['tables is not an array'];
  for (const [file, digest] of Object.entries(meta.files)) {
    if (!FILE_PATH.test(file)) problems.push(`file path ${JSON.stringify(file)} is not data/<name>`);
    if (typeof digest !== 'string') problems.push(`digest of ${file} is not a string`);
  }
  meta.tables.forEach((t: unknown, i) => {
    const x = t as Partial<Record<keyof ExportMeta['tables'][number], unknown>>;
    const columnsOk = Array.isArray(x.columns) && x.columns.length > 0 &&
      x.columns.every((c: unknown) => typeof (c as { name?: unknown }).name === 'string' && TYPES.has((c as { type?: string }).type ?? ''));
    if (typeof x.name !== 'string' || typeof x.file !== 'string' || !Number.isSafeInteger(x.rows) || !columnsOk) problems.push(`tables[${i}] lacks or mistypes name, file, rows or columns`);
  });
  return problems;
}

async function rowsFromFiles(dir: string, meta: ExportMeta): Promise<{ root: string; error?: undefined } | { error: string; root?: undefined }> {
  const hasher = new DataRootHasher();
  const dbs = new Map<string, Database.Database>();
  try {
    for (const t of meta.tables) {
      const path = join(dir, t.file);
      if (!(t.file in meta.files) || !existsSync(path)) return { error: `table ${JSON.stringify(t.name)}: ${t.file} is missing or unlisted` };
      hasher.table(t);
      let n = 0;
      try {
        let rows: Iterable<Cell[]> | AsyncIterable<Cell[]>;
        if (meta.format === 'parquet') rows = readParquetTable(path, t);
        else {
          let db = dbs.get(path);
          if (!db) dbs.set(path, (db = new Database(path, { readonly: true, fileMustExist: true })));
          rows = readSqliteTable(db, t);
        }
        for await (const r of rows) {
          hasher.row(r);
          n++;
        }
      } catch (err) {
        return { error: `table ${JSON.stringify(t.name)} in ${t.file} cannot be read: ${(err as Error).message}` };
      }
      if (n !== t.rows) return { error: `table ${JSON.stringify(t.name)} in ${t.file} has ${n} rows, meta.json says ${t.rows}` };
    }
    return { root: hasher.finish() };
  } finally {
    for (const db of dbs.values()) db.close();
  }
}

async function checkAgainstRepo(store: Store, meta: ExportMeta, check: (id: string, ok: boolean, detail: string, e?: string, a?: string) => boolean): Promise<void> {
  if (meta.kind === 'raw') {
    const heads = await currentHeads(store.refs, [meta.ns]);
    const head = ledgerHeadDigest(heads);
    check('repo.ledger_head', head === meta.ledger_head, head === meta.ledger_head ? `journals of ${meta.ns} unchanged` : `journals of ${meta.ns} advanced since the export`, head, meta.ledger_head);
    const active = (await store.refs.read(ACTIVE_POLICY_REF)) ?? '(none)';
    check('repo.policy_root', active === meta.policy_root, 'active policy bundle', active, meta.policy_root);
    const source = await safeAsync(() => journalTable(store, meta.ns, meta.ledger_heads));
    if (!source) check('repo.rows', false, `the exported journal heads are not in this repository`);
    else compareRows('repo.rows', [source], meta, check);
    return;
  }
  const target = meta.ref ?? meta.checkpoint;
  const tip = target === null ? null : meta.ref ? await store.refs.read(meta.ref) : target;
  if (!check('repo.checkpoint', tip !== null, tip ? `checkpoint ${tip}${meta.ref ? ` at ${meta.ref}` : ''}` : `${String(target)} does not exist in this repository`)) return;
  const now = await safeAsync(() => checkpointTables(store.objects, tip!));
  if (!check('repo.checkpoint', now !== null, now ? 'is a checkpoint' : `${tip} is not a readable checkpoint`)) return;
  const pof = now!.cp.pof;
  const moved = tip !== meta.checkpoint ? ` (${meta.ref} moved from ${meta.checkpoint} to ${tip})` : '';
  const fields: Array<[string, string, string | null]> = [
    ['ledger_head', ledgerHeadDigest(pof.ledger_end), meta.ledger_head], ['policy_root', pof.policy_root, meta.policy_root],
    ['fold_root', pof.fold_root, meta.fold_root], ['state_root', pof.state_root, meta.state_root],
  ];
  for (const [field, expected, actual] of fields) {
    check(`repo.${field}`, expected === actual, expected === actual ? `${field} matches the checkpoint` : `${field} differs from the checkpoint${moved}`, expected, actual ?? '(null)');
  }
  const heads = await currentHeads(store.refs, pof.inputs);
  const stale = Object.entries(heads).filter(([ref, oid]) => pof.ledger_end[ref] !== oid).map(([ref]) => ref);
  check('repo.ledger', stale.length === 0, stale.length === 0 ? 'the checkpoint covers every journal tip' : `ledger advanced past the checkpoint in ${stale.join(', ')}: fold again and re-export`,
    ledgerHeadDigest(heads), ledgerHeadDigest(pof.ledger_end));
  const exported = tip === meta.checkpoint ? now : meta.checkpoint ? await safeAsync(() => checkpointTables(store.objects, meta.checkpoint!)) : null;
  if (!exported) check('repo.rows', false, `checkpoint ${String(meta.checkpoint)} is not in this repository`);
  else compareRows('repo.rows', exported.sources, meta, check);
}

function compareRows(id: string, sources: readonly TableSource[], meta: ExportMeta, check: (id: string, ok: boolean, detail: string, e?: string, a?: string) => boolean): void {
  const hasher = new DataRootHasher();
  for (const s of sources) {
    hasher.table(s.plan);
    for (const r of s.rows()) hasher.row(r);
  }
  const root = hasher.finish();
  check(id, root === meta.data_root, root === meta.data_root ? 'rows equal the mapping of the source' : 'rows differ from the mapping of the source', root, meta.data_root);
}

function listData(dir: string): string[] {
  const data = join(dir, DATA_DIR);
  if (!existsSync(data)) return [];
  return readdirSync(data, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => `${join(e.parentPath, e.name).slice(dir.length + 1).split('\\').join('/')}`).sort();
}

function safe<T>(fn: () => T): T | null {
  try {
    return fn();
  } catch {
    return null;
  }
}

async function safeAsync<T>(fn: () => Promise<T>): Promise<T | null> {
  try {
    return await fn();
  } catch {
    return null;
  }
}
