import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkoutRoot, makeTempDir, makeTempRepo, runCli, testGitEnv, type CliResult, type TempRepo } from '@gatos/testkit';

let home: { dir: string; cleanup(): void };
let tmp: TempRepo;
const gatos = (...args: string[]): CliResult => runCli(args, { cwd: tmp.dir, env: { GATOS_HOME: home.dir } });
const N = 40;
const REGRESSION = 29;
const T0 = Date.UTC(2026, 0, 1);

/** ULID at second `s` after 2026-01-01T00:00:00Z (fixed random part, so the order is the time order). */
function ulidAt(s: number): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let n = T0 + s * 1000;
  let time = '';
  for (let i = 0; i < 10; i++) {
    time = alphabet[n % 32] + time;
    n = Math.floor(n / 32);
  }
  return `${time}${'0'.repeat(16)}`;
}
const iso = (s: number): string => new Date(T0 + s * 1000).toISOString().replace('.000Z', 'Z');
const lines = (from: number, to: number): string =>
  Array.from({ length: to - from }, (_, j) => from + j)
    .map((i) => JSON.stringify(i === REGRESSION ? { type: 'withdraw', ulid: ulidAt(i + 1), payload: { amount: 5000 } } : { type: 'deposit', ulid: ulidAt(i + 1), payload: { amount: 20 } }))
    .join('\n');
let goodCheckpoint: string;

beforeAll(() => {
  home = makeTempDir('gatos-home-');
  tmp = makeTempRepo();
  mkdirSync(join(tmp.dir, 'gatos/folds'), { recursive: true });
  cpSync(join(checkoutRoot, 'examples/bisect-for-state/gatos/folds'), join(tmp.dir, 'gatos/folds'), { recursive: true });
  cpSync(join(checkoutRoot, 'examples/bisect-for-state/no-overdraft.js'), join(tmp.dir, 'no-overdraft.js'));
  writeFileSync(join(tmp.dir, 'loop.js'), 'export function check(state) { while (true) {} }\n');
  expect(gatos('init', '--actor', 'user:alice', '--json').code).toBe(0);
  writeFileSync(join(tmp.dir, 'a.jsonl'), lines(0, 20));
  writeFileSync(join(tmp.dir, 'b.jsonl'), lines(20, N));
  expect(gatos('event', 'append', '--ns', 'acct', '--batch', 'a.jsonl', '--json').code).toBe(0);
  expect(gatos('fold', '--ns', 'acct', '--no-sign', '--json').code).toBe(0);
  goodCheckpoint = tmp.git('rev-parse', 'refs/gatos/state/acct').trim();
  expect(gatos('event', 'append', '--ns', 'acct', '--batch', 'b.jsonl', '--json').code).toBe(0);
  expect(gatos('fold', '--ns', 'acct', '--no-sign', '--json').code).toBe(0);
});
afterAll(() => {
  home.cleanup();
  tmp.cleanup();
});

interface View {
  found: boolean;
  evaluations: number;
  firstBad: { index: number; type: string; ulid: string; actor: string; cid: string; payload: { amount: number } } | null;
  window: Array<{ index: number }>;
  good: { events: number; kind: string };
  bad: { events: number; kind: string };
}

describe('git gatos bisect', () => {
  it('finds the overdrawing event with a predicate file: text on stdout, progress on stderr', () => {
    const r = gatos('bisect', '--state', 'acct', '--good', iso(0), '--bad', 'refs/gatos/state/acct', '--predicate', 'no-overdraft.js');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`first bad event: #${REGRESSION} `);
    expect(r.stdout).toMatch(new RegExp(`> #${REGRESSION} ${ulidAt(REGRESSION + 1)} user:alice withdraw \\{"amount":5000\\}`));
    expect(r.stderr).toContain('bisect: acct: 40 events between --good (0) and --bad (40)');
    expect(r.stderr).toContain(`first bad event #${REGRESSION}`);
  });

  it('--json returns the event window and the evaluation count; a revision and an abbreviated id are points', () => {
    const r = gatos('bisect', '--state', 'acct', '--good', goodCheckpoint.slice(0, 12), '--bad', 'refs/gatos/state/acct', '--predicate', 'no-overdraft.js', '--context', '2', '--json');
    expect(r.code).toBe(0);
    const v = JSON.parse(r.stdout) as View;
    expect(v.found).toBe(true);
    expect(v.good).toMatchObject({ events: 20, kind: 'checkpoint' });
    expect(v.bad).toMatchObject({ events: N, kind: 'checkpoint' });
    expect(v.firstBad).toMatchObject({ index: REGRESSION, type: 'withdraw', actor: 'user:alice', ulid: ulidAt(REGRESSION + 1), payload: { amount: 5000 } });
    expect(v.firstBad!.cid).toMatch(/^bafyr4i/);
    expect(v.window.map((e) => e.index)).toEqual([27, 28, 29, 30, 31]);
    expect(v.evaluations).toBeLessThanOrEqual(Math.ceil(Math.log2(N - 20)) + 2);
  });

  it('runs a command after -- with the state on stdin', () => {
    const r = gatos('bisect', '--state', 'acct', '--good', iso(0), '--bad', ulidAt(N), '--json', '--',
      process.execPath, '-e', 'process.exit(JSON.parse(require("fs").readFileSync(0, "utf8")).balance >= 0 ? 0 : 1)');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as View).firstBad?.index).toBe(REGRESSION);
    const spelt = gatos('bisect', '--state', 'acct', '--good', iso(0), '--bad', iso(N), '--json', '--predicate', '--', 'sh', '-c', 'grep -q \'"balance":-\' && exit 1 || exit 0');
    expect(spelt.code).toBe(0);
    expect((JSON.parse(spelt.stdout) as View).firstBad?.index).toBe(REGRESSION);
  });

  it('exit 1 with every candidate when skipped states hide the event', () => {
    const r = gatos('bisect', '--state', 'acct', '--good', iso(0), '--bad', iso(N), '--json', '--', 'sh', '-c',
      'n=$GATOS_BISECT_EVENTS; if [ "$n" -gt 0 ] && [ "$n" -lt 40 ]; then exit 125; fi; [ "$n" = 0 ]');
    expect(r.code).toBe(1);
    const v = JSON.parse(r.stdout) as View;
    expect(v.found).toBe(false);
    expect(v.window).toHaveLength(N);
  });

  it('refuses bad usage with exit 2 and a predicate that does not flip with exit 1', () => {
    const cases: Array<[string[], number, RegExp]> = [
      [['--good', iso(5), '--bad', iso(5), '--predicate', 'no-overdraft.js'], 2, /are the same state/],
      [['--good', iso(30), '--bad', iso(2), '--predicate', 'no-overdraft.js'], 2, /comes after --bad/],
      [['--good', iso(0), '--bad', iso(10), '--predicate', 'no-overdraft.js'], 1, /BISECT_BAD_IS_GOOD/],
      [['--good', iso(0), '--bad', iso(N)], 2, /no predicate/],
      [['--good', iso(0), '--bad', iso(N), '--predicate', 'no-overdraft.js', '--', 'true'], 2, /not both/],
      [['--good', 'no-such-rev', '--bad', iso(N), '--predicate', 'no-overdraft.js'], 2, /neither a time .* nor a commit/],
      [['--good', iso(0), '--bad', iso(N), '--predicate', 'missing.js'], 2, /cannot read predicate file missing.js/],
      [['--good', iso(0), '--bad', iso(N), '--predicate', 'loop.js'], 2, /ran out of fuel/],
    ];
    for (const [args, code, message] of cases) {
      const r = gatos('bisect', '--state', 'acct', ...args);
      expect(r.code, args.join(' ')).toBe(code);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    const none = gatos('bisect', '--state', 'nope', '--good', iso(0), '--bad', iso(N), '--predicate', 'no-overdraft.js');
    expect([none.code, /FOLD_NOT_FOUND/.test(none.stderr)]).toEqual([2, true]);
  });
});

describe('examples/bisect-for-state/run.sh', () => {
  it('finds the planted regression end to end with the built CLI', async () => {
    const { stdout } = await promisify(execFile)('bash', [join(checkoutRoot, 'examples/bisect-for-state/run.sh')], { env: { ...testGitEnv }, maxBuffer: 16 * 1024 * 1024 });
    expect(stdout).toMatch(/first bad event: #46 bafyr4i/);
    expect(stdout).toMatch(/first bad event #46 \(withdraw 5000\) after \d+ evaluations/);
    expect(stdout.trim().split('\n').at(-1)).toBe('bisect-for-state: the overdrawing withdrawal (event #46, the 47th) found by binary search over the fold.');
  });
});
