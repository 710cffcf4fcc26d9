import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeCommit, encodeCommit, hashObject, readTreeFiles, treeFromFiles, type Oid } from '@gatos/core';
import { openRepository, type Repository } from '@gatos/git';
import { buildCheckpoint, compileFold, loadCheckpoint, parseFoldSpec, stateFilePath, type FoldState } from '@gatos/echo';
import { checkoutRoot, makeTempDir, makeTempRepo, runCli, type CliResult, type TempRepo } from '@gatos/testkit';

let home: { dir: string; cleanup(): void };
let tmp: TempRepo;
let repo: Repository;
const gatos = (...args: string[]): CliResult => runCli(args, { cwd: tmp.dir, env: { GATOS_HOME: home.dir } });
const ok = <T>(r: CliResult): T => {
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as T;
};
interface Report { verdict: string; checks: Array<{ id: string; ok: boolean; expected?: string; actual?: string }> }

beforeAll(async () => {
  home = makeTempDir('gatos-home-');
  tmp = makeTempRepo();
  repo = await openRepository(tmp.dir);
  mkdirSync(join(tmp.dir, 'gatos/folds'), { recursive: true });
  cpSync(join(checkoutRoot, 'examples/hello-ops/gatos/folds'), join(tmp.dir, 'gatos/folds'), { recursive: true });
  ok(gatos('init', '--actor', 'user:alice', '--json'));
  ok(gatos('event', 'append', '--ns', 'finance', '--type', 'invoice.created', '--payload', '{"invoice":"i1","customer":"acme","amount":900}', '--json'));
  ok(gatos('event', 'append', '--ns', 'finance', '--type', 'payment.received', '--payload', '{"invoice":"i1","amount":400}', '--json'));
});
afterAll(async () => {
  await repo.close();
  home.cleanup();
  tmp.cleanup();
});

/** Replaces the state ref's checkpoint with one built by `edit` (as an attacker with push access might). */
async function forge(edit: (files: Map<string, Uint8Array>, message: string) => { files: Map<string, Uint8Array>; message: string }): Promise<Oid> {
  const tip = (await repo.refs.read('refs/gatos/state/finance'))!;
  const commit = decodeCommit((await repo.objects.read(tip)).body);
  const edited = edit(new Map(await readTreeFiles(repo.objects, commit.tree)), commit.message);
  const { root, objects } = treeFromFiles(edited.files);
  const body = encodeCommit({ ...commit, tree: root, message: edited.message });
  await repo.objects.write([...objects, { type: 'commit', body }]);
  return hashObject('commit', body);
}

function verifyFails(commit: Oid, exit: 1 | 2): Report {
  const r = gatos('fold', 'verify', commit, '--json');
  expect(r.code).toBe(exit);
  return JSON.parse(r.stdout) as Report;
}
const failed = (r: Report): string[] => r.checks.filter((c) => !c.ok).map((c) => c.id).sort();

describe('git gatos fold / state show / fold verify', () => {
  it('foldc prints the Fold-Root and lint passes the example fold', () => {
    const r = gatos('foldc', 'gatos/folds/balances.yaml');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Fold-Root: sha256:[0-9a-f]{64}$/m);
    expect(gatos('lint', 'gatos/folds').code).toBe(0);
  });

  it('lint rejects non-deterministic code with file:line and the rule broken (exit 1)', () => {
    writeFileSync(join(home.dir, 'bad.js'), 'export function init() { return {}; }\nexport function step(s, e) {\n  s.t = Date.now();\n  return s;\n}\n');
    const r = gatos('lint', join(home.dir, 'bad.js'));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${join(home.dir, 'bad.js')}:3:`);
    expect(r.stdout).toContain('no-date');
  });

  it('folds, shows the state, and verifies the checkpoint (exit 0)', () => {
    const folded = ok<{ changed: boolean; signed: boolean; ref: string; events: number }>(gatos('fold', '--ns', 'finance', '--json'));
    expect(folded).toMatchObject({ changed: true, signed: true, ref: 'refs/gatos/state/finance', events: 2 });
    expect(ok<{ state: unknown }>(gatos('state', 'show', 'finance', '--path', 'customers', '--json')).state).toEqual({ acme: 500 });
    const report = ok<Report & { signatures: Array<{ valid: boolean; trusted: boolean }> }>(gatos('fold', 'verify', 'finance', '--json'));
    expect(report.verdict).toBe('verified');
    expect(report.signatures).toEqual([expect.objectContaining({ actor: 'user:alice', valid: true, trusted: true })]);
    const missing = gatos('state', 'show', 'finance', '--path', 'customers.nobody');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('[STATE_PATH_NOT_FOUND]');
  });

  it('names an edited state file', async () => {
    const forged = await forge((files, message) => {
      files.set(stateFilePath('finance'), new TextEncoder().encode('{"customers":{"acme":0},"invoices":{}}'));
      return { files, message };
    });
    expect(failed(verifyFails(forged, 1))).toEqual(['state.file']);
  });

  it('names an edited trailer', async () => {
    const forged = await forge((files, message) => ({ files, message: message.replace(/State-Root: blake3:[0-9a-f]{4}/, 'State-Root: blake3:0000') }));
    expect(failed(verifyFails(forged, 1))).toEqual(['trailer-matches-pof.State-Root']);
  });

  it('names a swapped fold source', async () => {
    const spec = parseFoldSpec('name: balances\ninputs: [finance]\nentry: balances.js\nversion: 1\n', 'balances.yaml');
    const other = compileFold(spec, 'export function init() { return { customers: {}, invoices: {} }; }\nexport function step(s) { return s; }\n', 'balances.js');
    const forged = await forge((files, message) => {
      files.set('fold.gfc', other.gfc);
      return { files, message };
    });
    const report = verifyFails(forged, 1);
    expect(failed(report)).toEqual(['fold.root']);
  });

  it('names a window with an event dropped, even when every trailer is made consistent', async () => {
    const tip = (await repo.refs.read('refs/gatos/state/finance'))!;
    const cp = await loadCheckpoint(repo.objects, tip);
    const ref = 'refs/gatos/journal/finance/user/alice';
    const head = cp.pof.ledger_end[ref]!;
    const parentHead = decodeCommit((await repo.objects.read(head)).body).parents[0]!;
    const state = JSON.parse(new TextDecoder().decode(cp.files.get(stateFilePath('finance')))) as FoldState;
    const built = buildCheckpoint({ pof: { ...cp.pof, ledger_end: { [ref]: parentHead }, events: cp.pof.events - 1 }, state, gfc: cp.files.get('fold.gfc')!, parents: cp.parents, time: cp.time });
    await repo.objects.write(built.objects);
    const report = verifyFails(built.oid, 1);
    expect(failed(report)).toContain('replay.state-root');
    const replay = report.checks.find((c) => c.id === 'replay.state-root')!;
    expect(replay.expected).toBe(cp.pof.state_root);
    expect(replay.actual).not.toBe(cp.pof.state_root);
  });

  it('calls a checkpoint from another fold engine unverifiable (exit 2)', async () => {
    const tip = (await repo.refs.read('refs/gatos/state/finance'))!;
    const cp = await loadCheckpoint(repo.objects, tip);
    const state = JSON.parse(new TextDecoder().decode(cp.files.get(stateFilePath('finance')))) as FoldState;
    const built = buildCheckpoint({ pof: { ...cp.pof, fold_engine: 'qjs@9.9.9+wasm=0000000000000000+gfc@1+num=q32.32+rng=pcg32@1' }, state, gfc: cp.files.get('fold.gfc')!, parents: cp.parents, time: cp.time });
    await repo.objects.write(built.objects);
    expect(failed(verifyFails(built.oid, 2))).toEqual(['fold.engine']);
  });
});
