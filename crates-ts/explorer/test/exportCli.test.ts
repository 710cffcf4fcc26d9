import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DuckDBInstance } from '@duckdb/node-api';
import { canonicalJsonBytes } from '@gatos/core';
import { checkoutRoot, makeTempDir, makeTempRepo, runCli, testGitEnv, type CliResult, type TempRepo } from '@gatos/testkit';
import type { ExportMeta, ExportReport } from '@gatos/explorer';

let home: { dir: string; cleanup(): void };
let work: { dir: string; cleanup(): void };
let tmp: TempRepo;
const gatosIn = (cwd: string, ...args: string[]): CliResult => runCli(args, { cwd, env: { GATOS_HOME: home.dir } });
const gatos = (...args: string[]): CliResult => gatosIn(tmp.dir, ...args);
const ok = <T>(r: CliResult): T => {
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as T;
};
const out = (name: string): string => join(work.dir, name);
const exportTo = (format: 'parquet' | 'sqlite', name: string, ...source: string[]): ExportMeta =>
  ok<ExportMeta>(gatos('export', format, ...source, '--out', out(name), '--json'));
const verify = (dir: string, cwd = tmp.dir): { code: number; report: ExportReport } => {
  const r = gatosIn(cwd, 'export', 'verify', dir, '--json');
  return { code: r.code, report: JSON.parse(r.stdout) as ExportReport };
};
const failed = (r: ExportReport): string[] => r.checks.filter((c) => !c.ok).map((c) => c.id).sort();
const filesOf = (dir: string): Record<string, string> =>
  Object.fromEntries(readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => {
    const p = join(e.parentPath, e.name);
    return [p.slice(dir.length + 1), readFileSync(p).toString('base64')];
  }));
const MIRROR = 'export function init() {\n  return {};\n}\n\nexport function step(state, event) {\n  if (event.type === \'state.replace\') return event.payload.state;\n  return state;\n}\n';

async function duck(sql: string): Promise<{ names: string[]; types: string[]; rows: unknown[][] }> {
  const instance = await DuckDBInstance.create(':memory:');
  const con = await instance.connect();
  try {
    const r = await con.runAndReadAll(sql);
    return { names: r.columnNames(), types: r.columnTypes().map(String), rows: r.getRows() as unknown[][] };
  } finally {
    con.closeSync();
    instance.closeSync();
  }
}
const sqlite3 = (db: string, sql: string): unknown[] => {
  const text = execFileSync('sqlite3', ['-json', db, sql], { encoding: 'utf8' });
  return text.trim() ? (JSON.parse(text) as unknown[]) : [];
};

beforeAll(() => {
  home = makeTempDir('gatos-home-');
  work = makeTempDir('gatos-exports-');
  tmp = makeTempRepo();
  mkdirSync(join(tmp.dir, 'gatos/folds'), { recursive: true });
  cpSync(join(checkoutRoot, 'examples/hello-ops/gatos/folds'), join(tmp.dir, 'gatos/folds'), { recursive: true });
  writeFileSync(join(tmp.dir, 'gatos/folds/mirror.js'), MIRROR);
  writeFileSync(join(tmp.dir, 'gatos/folds/mirror.yaml'), 'name: mirror\ninputs: [odd]\nentry: mirror.js\nversion: 1\n');
  ok(gatos('init', '--actor', 'user:alice', '--json'));
  ok(gatos('event', 'append', '--ns', 'finance', '--type', 'invoice.created', '--payload', '{"invoice":"i1","customer":"acme","amount":900}', '--json'));
  ok(gatos('event', 'append', '--ns', 'finance', '--type', 'invoice.created', '--payload', '{"invoice":"i2","customer":"globex","amount":9007199254740000}', '--json'));
  ok(gatos('event', 'append', '--ns', 'finance', '--type', 'payment.received', '--payload', '{"invoice":"i1","amount":400}', '--json'));
  ok(gatos('fold', '--ns', 'finance', '--json'));
});
afterAll(() => {
  home.cleanup();
  work.cleanup();
  tmp.cleanup();
});

describe('git gatos export parquet|sqlite / export verify', () => {
  it('exports a checkpoint to Parquet and SQLite with meta.json and explorer-root.txt, and verifies (exit 0)', () => {
    const meta = exportTo('parquet', 'p1', '--state', 'finance');
    const cp = ok<{ commit: string; stateRoot: string }>(gatos('state', 'show', 'finance', '--json'));
    expect(meta).toMatchObject({ kind: 'derived', format: 'parquet', complete: true, extractor_version: 'gatos-export@0.1.0+parquet', checkpoint: cp.commit, state_root: cp.stateRoot, ref: 'refs/gatos/state/finance' });
    expect(meta.ledger_head).toMatch(/^[0-9a-f]{40}$/);
    expect(Object.keys(meta.files)).toEqual(['data/0000-customers.parquet', 'data/0001-invoices.parquet']);
    expect(readFileSync(join(out('p1'), 'explorer-root.txt'), 'utf8')).toBe(`${meta.explorer_root}\n`);
    expect(readFileSync(join(out('p1'), 'meta.json'))).toEqual(Buffer.from(canonicalJsonBytes(meta as never)));
    const v = verify(out('p1'));
    expect(v.code).toBe(0);
    expect(v.report).toMatchObject({ verdict: 'ok', repo: 'checked', explorer_root: meta.explorer_root });
    const s = exportTo('sqlite', 's1', '--state', 'finance');
    expect(Object.keys(s.files)).toEqual(['data/export.sqlite']);
    expect(s.data_root).toBe(meta.data_root);
    expect(s.explorer_root).not.toBe(meta.explorer_root);
    expect(verify(out('s1')).code).toBe(0);
  });

  it('is byte-identical across two runs and in two fresh clones', () => {
    exportTo('parquet', 'p2', '--state', 'finance');
    exportTo('sqlite', 's2', '--state', 'finance');
    const first = { p: filesOf(out('p1')), s: filesOf(out('s1')) };
    expect(filesOf(out('p2'))).toEqual(first.p);
    expect(filesOf(out('s2'))).toEqual(first.s);
    for (const name of ['c1', 'c2']) {
      const clone = out(name);
      execFileSync('git', ['clone', '-q', tmp.dir, clone], { env: testGitEnv });
      execFileSync('git', ['fetch', '-q', 'origin', '+refs/gatos/*:refs/gatos/*'], { cwd: clone, env: testGitEnv });
      expect(gatosIn(clone, 'export', 'parquet', '--state', 'finance', '--out', join(clone, '..', `${name}-p`)).code).toBe(0);
      expect(gatosIn(clone, 'export', 'sqlite', '--state', 'finance', '--out', join(clone, '..', `${name}-s`)).code).toBe(0);
      expect(filesOf(join(clone, '..', `${name}-p`))).toEqual(first.p);
      expect(filesOf(join(clone, '..', `${name}-s`))).toEqual(first.s);
    }
  });

  it('DuckDB reads the Parquet files and returns exactly the state’s rows, int64 exact', async () => {
    const state = ok<{ state: { customers: Record<string, number>; invoices: Record<string, { amount: number; customer: string; paid: number }> } }>(gatos('state', 'show', 'finance', '--json')).state;
    const inv = await duck(`SELECT * FROM read_parquet('${join(out('p1'), 'data/0001-invoices.parquet')}') ORDER BY key`);
    expect(inv.names).toEqual(['key', 'amount', 'customer', 'paid']);
    expect(inv.types).toEqual(['VARCHAR', 'BIGINT', 'VARCHAR', 'BIGINT']);
    expect(inv.rows).toEqual(Object.keys(state.invoices).sort().map((k) => [k, BigInt(state.invoices[k]!.amount), state.invoices[k]!.customer, BigInt(state.invoices[k]!.paid)]));
    expect(inv.rows[1]![1]).toBe(9007199254740000n);
    const cust = await duck(`SELECT key, value FROM read_parquet('${join(out('p1'), 'data/0000-customers.parquet')}') ORDER BY key`);
    expect(cust.rows).toEqual([['acme', 500n], ['globex', 9007199254740000n]]);
  });

  it('the sqlite3 CLI opens the database with 64-bit integers and UTF-8 text', () => {
    const db = join(out('s1'), 'data/export.sqlite');
    expect(sqlite3(db, 'SELECT key, amount, customer, paid, typeof(amount) AS t, typeof(customer) AS c FROM invoices ORDER BY rowid')).toEqual([
      { key: 'i1', amount: 900, customer: 'acme', paid: 400, t: 'integer', c: 'text' },
      { key: 'i2', amount: 9007199254740000, customer: 'globex', paid: 0, t: 'integer', c: 'text' },
    ]);
    expect(sqlite3(db, "SELECT CAST(value AS TEXT) AS v FROM customers WHERE key = 'globex'")).toEqual([{ v: '9007199254740000' }]);
  });

  it('names a tampered Parquet file (a rewritten row) and a corrupted one (exit 1)', async () => {
    exportTo('parquet', 'tp', '--state', 'finance');
    const file = join(out('tp'), 'data/0001-invoices.parquet');
    const { ParquetWriter, fileWriter } = await import('hyparquet-writer');
    const w = new ParquetWriter({ writer: fileWriter(file), schema: [
      { name: 'root', num_children: 4 }, { name: 'key', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
      { name: 'amount', type: 'INT64', repetition_type: 'OPTIONAL' }, { name: 'customer', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
      { name: 'paid', type: 'INT64', repetition_type: 'OPTIONAL' },
    ] });
    w.write({ columnData: [{ name: 'key', data: ['i1', 'i2'] }, { name: 'amount', data: [1n, 9007199254740000n] }, { name: 'customer', data: ['acme', 'globex'] }, { name: 'paid', data: [400n, 0n] }] });
    w.finish();
    let v = verify(out('tp'));
    expect(v.code).toBe(1);
    expect(failed(v.report)).toEqual(['data_root', 'file:data/0001-invoices.parquet']);
    expect(v.report.checks.find((c) => c.id === 'file:data/0001-invoices.parquet')!.detail).toBe('data/0001-invoices.parquet was modified');
    writeFileSync(file, Buffer.from('PAR1 not really parquet PAR1'));
    v = verify(out('tp'));
    expect(v.code).toBe(1);
    expect(failed(v.report)).toEqual(['file:data/0001-invoices.parquet', 'rows']);
    expect(v.report.checks.find((c) => c.id === 'rows')!.detail).toContain('table "invoices" in data/0001-invoices.parquet cannot be read');
  });

  it('names a tampered SQLite database (exit 1)', () => {
    exportTo('sqlite', 'ts', '--state', 'finance');
    const db = new Database(join(out('ts'), 'data/export.sqlite'));
    db.prepare("UPDATE invoices SET amount = 1 WHERE key = 'i1'").run();
    db.close();
    const v = verify(out('ts'));
    expect(v.code).toBe(1);
    expect(failed(v.report)).toEqual(['data_root', 'file:data/export.sqlite']);
  });

  it('names a tampered meta.json, explorer-root.txt, a partial or incomplete export (exit 1)', () => {
    const dir = out('tm');
    exportTo('parquet', 'tm', '--state', 'finance');
    const original = readFileSync(join(dir, 'meta.json'));
    const edit = (change: (m: Record<string, unknown>) => void): ExportReport => {
      const m = JSON.parse(original.toString('utf8')) as Record<string, unknown>;
      change(m);
      writeFileSync(join(dir, 'meta.json'), canonicalJsonBytes(m as never));
      const v = verify(dir);
      expect(v.code).toBe(1);
      return v.report;
    };
    expect(failed(edit((m) => { m.policy_root = '1'.repeat(40); }))).toEqual(['explorer_root', 'repo.policy_root']);
    expect(failed(edit((m) => { m.data_root = `blake3:${'0'.repeat(64)}`; }))).toEqual(['data_root', 'repo.rows']);
    expect(failed(edit((m) => { m.files = { '../../outside': 'blake3:00' }; }))).toEqual(['meta.tables']);
    expect(failed(edit((m) => { (m.tables as Array<Record<string, unknown>>)[0]!.columns = 'key'; }))).toEqual(['meta.tables']);
    const partial = edit((m) => { m.complete = false; });
    expect(failed(partial)).toEqual(['meta.complete']);
    expect(partial.checks.find((c) => !c.ok)!.detail).toBe('partial export (complete: false): refused');
    writeFileSync(join(dir, 'meta.json'), original);
    writeFileSync(join(dir, 'explorer-root.txt'), `${'0'.repeat(64)}\n`);
    expect(failed(verify(dir).report)).toEqual(['file:explorer-root.txt']);
    writeFileSync(join(dir, 'explorer-root.txt'), `${JSON.parse(original.toString('utf8')).explorer_root}\n`);
    writeFileSync(join(dir, 'data/extra.parquet'), 'x');
    expect(failed(verify(dir).report)).toEqual(['file:data/extra.parquet']);
    rmSync(join(dir, 'data/extra.parquet'));
    rmSync(join(dir, 'data/0000-customers.parquet'));
    const missing = verify(dir);
    expect(missing.code).toBe(1);
    expect(missing.report.checks.find((c) => c.id === 'file:data/0000-customers.parquet')!.detail).toBe('data/0000-customers.parquet is missing: partial export refused');
    rmSync(join(dir, 'meta.json'));
    const noMeta = verify(dir);
    expect(noMeta.code).toBe(1);
    expect(failed(noMeta.report)).toEqual(['meta.present']);
    writeFileSync(join(dir, 'meta.json'), '{"complete":true');
    expect(failed(verify(dir).report)).toEqual(['meta.json']);
  });

  it('without a repository checks the files only; --repo that is not a repository is bad usage (exit 2)', () => {
    const v = verify(out('p1'), work.dir);
    expect(v.code).toBe(0);
    expect(v.report.repo).toBe('skipped');
    expect(gatosIn(work.dir, 'export', 'verify', out('p1'), '--repo', work.dir).code).toBe(2);
    expect(gatosIn(work.dir, 'export', 'verify', out('nope')).code).toBe(2);
  });

  it('raw journal export: one row per event in fold order, its own Explorer-Root, round trip through DuckDB', async () => {
    const meta = exportTo('parquet', 'raw', '--journal', 'finance');
    expect(meta).toMatchObject({ kind: 'raw', fold_root: null, state_root: null, checkpoint: null, ns: 'finance' });
    expect(verify(out('raw'))).toMatchObject({ code: 0, report: { verdict: 'ok' } });
    const log = ok<{ events: Array<{ cid: string; actor: string; ulid: string; type: string; payload: unknown; commit: string; ref: string }> }>(gatos('event', 'log', '--ns', 'finance', '--json'));
    const got = await duck(`SELECT cid, actor, ulid, type, payload, commit, journal FROM read_parquet('${join(out('raw'), 'data/0000-events.parquet')}')`);
    expect(got.rows).toEqual([...log.events].reverse().map((e) => [e.cid, e.actor, e.ulid, e.type, JSON.stringify(e.payload, Object.keys(e.payload as object).sort()), e.commit, e.ref]));
    const s = exportTo('sqlite', 'raw-s', '--journal', 'finance');
    expect(s.data_root).toBe(meta.data_root);
    expect(verify(out('raw-s')).code).toBe(0);
  });

  it('refuses bad usage: both or neither source, a non-empty --out that is not an export (exit 2, nothing written)', () => {
    expect(gatos('export', 'parquet', '--state', 'finance', '--journal', 'finance', '--out', out('x')).code).toBe(2);
    const neither = gatos('export', 'parquet', '--out', out('x'));
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain('[EXPORT_USAGE]');
    mkdirSync(out('busy'));
    writeFileSync(join(out('busy'), 'notes.txt'), 'mine');
    const busy = gatos('export', 'parquet', '--state', 'finance', '--out', out('busy'));
    expect(busy.code).toBe(2);
    expect(busy.stderr).toContain('[EXPORT_OUT_NOT_EMPTY]');
    expect(readdirSync(out('busy'))).toEqual(['notes.txt']);
    expect(existsSync(out('x'))).toBe(false);
    expect(readdirSync(work.dir).filter((n) => n.includes('.partial-'))).toEqual([]);
    expect(gatos('export', 'parquet', '--state', 'nosuch', '--out', out('x')).code).toBe(2);
    expect(gatos('export', 'parquet', '--journal', 'nosuch', '--out', out('x')).code).toBe(2);
  });

  it('exports a checkpoint named by commit (no ref to follow) and verifies it', () => {
    const cp = ok<{ commit: string }>(gatos('state', 'show', 'finance', '--json'));
    const meta = exportTo('sqlite', 'bycommit', '--state', cp.commit);
    expect(meta).toMatchObject({ ref: null, checkpoint: cp.commit });
    expect(verify(out('bycommit'))).toMatchObject({ code: 0, report: { verdict: 'ok', repo: 'checked' } });
  });

  it('replaces a previous export in place', () => {
    exportTo('sqlite', 'p2', '--state', 'finance');
    expect(Object.keys(filesOf(out('p2'))).sort()).toEqual(['data/export.sqlite', 'explorer-root.txt', 'meta.json']);
    expect(verify(out('p2')).code).toBe(0);
  });

  it('odd state shapes: empty state, nested values, unicode and SQL-hostile keys', async () => {
    ok(gatos('event', 'append', '--ns', 'odd', '--type', 'state.replace', '--payload', '{"state":{}}', '--json'));
    ok(gatos('fold', '--ns', 'odd', '--json'));
    const empty = exportTo('parquet', 'odd-empty', '--state', 'odd');
    expect(empty.tables).toEqual([]);
    expect(verify(out('odd-empty')).code).toBe(0);
    const state = {
      'ключ "таблица"; DROP TABLE x': { 'ü': { '名前': 'テスト', 'n': -9007199254740991, 'deep': { a: [1, { b: [null, true] }] } }, 'a': { 'n': 1 } },
      'sqlite_master': { 'x': 1 },
      'Mixed': { a: 1, b: 'two' },
      'n': 7,
    };
    ok(gatos('event', 'append', '--ns', 'odd', '--type', 'state.replace', '--payload', JSON.stringify({ state }), '--json'));
    ok(gatos('fold', '--ns', 'odd', '--json'));
    const p = exportTo('parquet', 'odd-p', '--state', 'odd');
    const s = exportTo('sqlite', 'odd-s', '--state', 'odd');
    expect(p.tables.map((t) => t.name)).toEqual(['Mixed', '_sqlite_master', 'ключ "таблица"; DROP TABLE x', 'state_scalars']);
    expect(verify(out('odd-p')).code).toBe(0);
    expect(verify(out('odd-s')).code).toBe(0);
    const t = p.tables[2]!;
    const got = await duck(`SELECT * FROM read_parquet('${join(out('odd-p'), t.file)}')`);
    expect(got.names).toEqual(['key', 'deep', 'n', '名前']);
    expect(got.rows).toEqual([['a', null, 1n, null], ['ü', '{"a":[1,{"b":[null,true]}]}', -9007199254740991n, 'テスト']]);
    expect(sqlite3(join(out('odd-s'), 'data/export.sqlite'), 'SELECT key, "名前" AS name, typeof(n) AS t FROM "ключ ""таблица""; DROP TABLE x" ORDER BY rowid')).toEqual([
      { key: 'a', name: null, t: 'integer' }, { key: 'ü', name: 'テスト', t: 'integer' },
    ]);
    expect(sqlite3(join(out('odd-s'), 'data/export.sqlite'), 'SELECT key, value FROM "Mixed" ORDER BY rowid')).toEqual([{ key: 'a', value: '1' }, { key: 'b', value: '"two"' }]);
  });

  it('fails against the repository after the ledger advances, then after the checkpoint moves (exit 1)', () => {
    ok(gatos('event', 'append', '--ns', 'finance', '--type', 'payment.received', '--payload', '{"invoice":"i2","amount":1}', '--json'));
    let v = verify(out('p1'));
    expect(v.code).toBe(1);
    expect(failed(v.report)).toEqual(['repo.ledger']);
    expect(v.report.checks.find((c) => c.id === 'repo.ledger')!.detail).toMatch(/^ledger advanced past the checkpoint in refs\/gatos\/journal\/finance\/user\/alice: fold again and re-export$/);
    ok(gatos('fold', '--ns', 'finance', '--json'));
    v = verify(out('p1'));
    expect(v.code).toBe(1);
    expect(failed(v.report)).toEqual(['repo.ledger_head', 'repo.state_root']);
    expect(v.report.checks.find((c) => c.id === 'repo.state_root')!.detail).toContain('moved from');
    expect(verify(out('raw')).report.checks.filter((c) => !c.ok).map((c) => c.id)).toEqual(['repo.ledger_head']);
    expect(verify(out('p1'), work.dir).code).toBe(0);
  });
});
