import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isGatosError } from '@gatos/core';
import { makeLedgerFixture, type LedgerFixture } from '@gatos/testkit';
import {
  bisectState, commandStatePredicate, foldCheckpoint, jsStatePredicate, parseBisectPoint, type BisectPoint, type BisectResult, type StatePredicate,
} from '../src/index.js';
import { NON_NEGATIVE, accountEvents, accountFold, appendAccount, at } from './bisectSupport.js';
import { balancesFold } from './checkpointSupport.js';

const N = 256;
const REGRESSION = 173;
const fold = accountFold();
const point = (text: string): BisectPoint => parseBisectPoint(text)!;
const thrown = async (p: Promise<unknown>): Promise<{ code: string; exitClass: string; message: string; data: Record<string, unknown> }> => {
  const err = await p.then(() => null, (e: unknown) => e);
  if (!isGatosError(err)) throw new Error(`expected a GatosError, got ${String(err)}`);
  return err as never;
};

/** One ledger of N events (alice), checkpointed after 100 and after all N: read-only for the tests below. */
let fx: LedgerFixture;
let mid: string;
let tip: string;
let appended: Awaited<ReturnType<typeof appendAccount>>;
beforeAll(async () => {
  fx = await makeLedgerFixture(['user:alice', 'user:bob']);
  appended = await appendAccount(fx, 'user:alice', accountEvents(0, 100, REGRESSION));
  mid = (await foldCheckpoint(fx.repo, fold)).commit;
  appended.push(...(await appendAccount(fx, 'user:alice', accountEvents(100, N - 100, REGRESSION))));
  tip = (await foldCheckpoint(fx.repo, fold)).commit;
});
afterAll(async () => fx.cleanup());

const run = (good: string, bad: string, predicate: StatePredicate, extra: { context?: number } = {}): Promise<BisectResult> =>
  bisectState(fx.repo, { fold, good: point(good), bad: point(bad), predicate, ...extra });

describe('bisectState finds a planted regression', () => {
  it('names the exact event in at most ceil(log2 n) + 2 evaluations, folding O(n) events in all', async () => {
    const lines: string[] = [];
    const r = await bisectState(fx.repo, { fold, good: point(at(0)), bad: point(tip), predicate: jsStatePredicate(NON_NEGATIVE, 'non-negative.js'), onProgress: (l) => lines.push(l) });
    expect(r.found).toBe(true);
    expect(r.good).toMatchObject({ events: 0, kind: 'time' });
    expect(r.bad).toMatchObject({ events: N, kind: 'checkpoint', commit: tip });
    expect(r.firstBad).toMatchObject({ index: REGRESSION, cid: appended[REGRESSION]!.cid, type: 'withdraw', actor: 'user:alice', payload: { amount: 1_000_000 } });
    expect(r.window.map((e) => e.index)).toEqual([REGRESSION - 1, REGRESSION, REGRESSION + 1]);
    expect(r.evaluations).toBe(r.steps.length);
    expect(r.evaluations).toBeLessThanOrEqual(Math.ceil(Math.log2(N)) + 2);
    // Each probe folds from the last good state or a checkpoint, never from genesis again: well under 2n.
    expect(r.eventsFolded).toBeLessThan(2 * N);
    expect(r.steps.some((s) => s.base === mid)).toBe(true);
    expect(r.steps.find((s) => s.events === N)).toMatchObject({ base: tip, folded: 0 });
    expect(lines.length).toBe(r.evaluations + 2);
    expect(lines.at(-1)).toContain(`first bad event #${REGRESSION}`);
  });

  it('is read-only: no ref moves, none is created, no object is written', async () => {
    const refsAndObjects = (): string => fx.tmp.git('for-each-ref') + fx.tmp.git('count-objects', '-v');
    const before = refsAndObjects();
    await run(at(0), tip, jsStatePredicate(NON_NEGATIVE, 'non-negative.js'));
    expect(refsAndObjects()).toBe(before);
  });

  it('the window is wider with more context and clipped at the ends', async () => {
    const r = await run(at(0), tip, jsStatePredicate(NON_NEGATIVE, 'p.js'), { context: 3 });
    expect(r.window.map((e) => e.index)).toEqual([170, 171, 172, 173, 174, 175, 176]);
    const first = await run(at(0), at(1), jsStatePredicate('export function check(s) { return s.n === 0; }', 'p.js'), { context: 2 });
    expect(first.window.map((e) => e.index)).toEqual([0, 1, 2]);
  });

  it('accepts a journal event commit, a checkpoint and a ULID as points', async () => {
    // good = the checkpoint after 100 events; bad = the journal commit of event #200 (state after 201 events).
    const r = await run(mid, appended[200]!.commit, jsStatePredicate(NON_NEGATIVE, 'p.js'));
    expect(r.good).toMatchObject({ events: 100, kind: 'checkpoint' });
    expect(r.bad).toMatchObject({ events: 201, kind: 'event' });
    expect(r.firstBad?.index).toBe(REGRESSION);
    const u = await run(appended[10]!.ulid, appended[REGRESSION]!.ulid, jsStatePredicate(NON_NEGATIVE, 'p.js'));
    expect([u.good.events, u.bad.events, u.firstBad?.index]).toEqual([11, REGRESSION + 1, REGRESSION]);
    expect(u.evaluations).toBe(2 + Math.ceil(Math.log2(REGRESSION + 1 - 11)));
  });

  it('a command predicate gets the state JSON on stdin: exit 0 good, non-zero bad', async () => {
    const cmd = commandStatePredicate([process.execPath, '-e', 'process.exit(JSON.parse(require("fs").readFileSync(0, "utf8")).balance >= 0 ? 0 : 1)']);
    const r = await run(at(0), tip, cmd);
    expect(r.firstBad?.index).toBe(REGRESSION);
    expect(r.evaluations).toBeLessThanOrEqual(Math.ceil(Math.log2(N)) + 2);
  });

  it('exit 125 skips a state (like git bisect) and the search still isolates the event', async () => {
    const skipNear = `const n = Number(process.env.GATOS_BISECT_EVENTS);
if ([128, 192, 160, 176].includes(n)) process.exit(125);
process.exit(JSON.parse(require("fs").readFileSync(0, "utf8")).balance >= 0 ? 0 : 1);`;
    const r = await run(at(0), tip, commandStatePredicate([process.execPath, '-e', skipNear]));
    expect(r.found).toBe(true);
    expect(r.firstBad?.index).toBe(REGRESSION);
    expect(r.steps.filter((s) => s.verdict === 'skip').map((s) => s.events)).toContain(128);
  });

  it('when only skipped states are left, reports every candidate event and found=false', async () => {
    const skipAround = `const n = Number(process.env.GATOS_BISECT_EVENTS);
if (n > 170 && n < 180) process.exit(125);
process.exit(JSON.parse(require("fs").readFileSync(0, "utf8")).balance >= 0 ? 0 : 1);`;
    const r = await run(at(0), tip, commandStatePredicate([process.execPath, '-e', skipAround]));
    expect(r.found).toBe(false);
    expect(r.firstBad).toBeNull();
    expect(r.window.map((e) => e.index)).toEqual([170, 171, 172, 173, 174, 175, 176, 177, 178, 179]);
  });
});

describe('bisect refuses what it cannot answer', () => {
  it('good == bad, and good after bad, are usage errors', async () => {
    const same = await thrown(run(at(5), appended[4]!.commit, jsStatePredicate(NON_NEGATIVE, 'p.js')));
    expect([same.code, same.exitClass]).toEqual(['BISECT_EMPTY_RANGE', 'usage']);
    const reversed = await thrown(run(tip, at(3), jsStatePredicate(NON_NEGATIVE, 'p.js')));
    expect([reversed.code, reversed.exitClass]).toEqual(['BISECT_RANGE_REVERSED', 'usage']);
  });

  it('a predicate that does not flip between the points is a failed check naming the point', async () => {
    const neverBad = await thrown(run(at(0), at(100), jsStatePredicate(NON_NEGATIVE, 'p.js')));
    expect([neverBad.code, neverBad.exitClass]).toEqual(['BISECT_BAD_IS_GOOD', 'check']);
    expect(neverBad.message).toContain(`--bad ${at(100)}`);
    const alwaysBad = await thrown(run(at(0), tip, jsStatePredicate('export function check() { return false; }', 'p.js')));
    expect([alwaysBad.code, alwaysBad.exitClass]).toEqual(['BISECT_GOOD_IS_BAD', 'check']);
    const skipsGood = await thrown(run(at(0), tip, commandStatePredicate([process.execPath, '-e', 'process.exit(125)'])));
    expect(skipsGood.code).toBe('BISECT_GOOD_IS_BAD');
    expect(skipsGood.message).toContain('skipped');
  });

  it('a hostile predicate: an endless loop stops on fuel (not a hang); throws, bad results and mutation are errors', async () => {
    const loop = await thrown(run(at(0), tip, jsStatePredicate('export function check(s) { for (;;) {} }', 'loop.js')));
    expect([loop.code, loop.data['cause'], loop.exitClass]).toEqual(['BISECT_PREDICATE_FAILED', 'FOLD_FUEL_EXHAUSTED', 'usage']);
    const throws = await thrown(run(at(0), tip, jsStatePredicate('export function check(s) { throw new RangeError("nope"); }', 'throws.js')));
    expect([throws.code, throws.data['cause']]).toEqual(['BISECT_PREDICATE_FAILED', 'PREDICATE_THREW']);
    expect(throws.message).toContain('RangeError: nope');
    const notBool = await thrown(run(at(0), tip, jsStatePredicate('export function check(s) { return 1; }', 'num.js')));
    expect([notBool.code, notBool.data['cause']]).toEqual(['BISECT_PREDICATE_FAILED', 'PREDICATE_BAD_RESULT']);
    const mutates = await thrown(run(at(0), tip, jsStatePredicate('export function check(s) { s.balance = 1; return true; }', 'mut.js')));
    expect(mutates.data['cause']).toBe('PREDICATE_THREW');
    const clock = await thrown(run(at(0), tip, jsStatePredicate('export function check(s) { return Date.now() > 0; }', 'clock.js')));
    expect(clock.code).toBe('BISECT_PREDICATE_FAILED');
  });

  it('a malformed predicate module fails before any fold runs', () => {
    const cases: Array<[string, RegExp]> = [
      ['export function check(s) { return (', /Unexpected token/],
      ['export function allow(e) { return true; }', /must export function check/],
      ['export function check(s) { return true; }\nexport function init() { return 1; }', /line 2: export init is reserved/],
      ['const $gatosX = 1; export function check(s) { return true; }', /reserved/],
      ['import x from "fs"; export function check(s) { return true; }', /line 1: import is not allowed/],
      ['export default function check(s) { return true; }', /export default/],
      ['export { check } from "./other.js";', /export … from/],
    ];
    for (const [source, message] of cases) {
      let err: unknown = null;
      try {
        jsStatePredicate(source, 'bad.js');
      } catch (e) {
        err = e;
      }
      expect(isGatosError(err, 'BISECT_PREDICATE_INVALID'), source).toBe(true);
      expect((err as Error).message).toMatch(message);
    }
  });

  it('a predicate command that cannot run, or exits 126+, aborts with its exit status', async () => {
    const missing = await thrown(run(at(0), tip, commandStatePredicate(['gatos-no-such-command-for-bisect'])));
    expect(missing.code).toBe('BISECT_PREDICATE_FAILED');
    const abort = await thrown(run(at(0), tip, commandStatePredicate([process.execPath, '-e', 'process.exit(200)'])));
    expect([abort.code, abort.data['cause']]).toEqual(['BISECT_PREDICATE_FAILED', 'EXIT_200']);
    expect(() => commandStatePredicate([])).toThrow(/empty/);
  });

  it('bad points: garbage, impossible dates, unknown commits, other namespaces', async () => {
    expect(parseBisectPoint('HEAD~2')).toBeNull();
    expect(parseBisectPoint('2026-11-01T02:00:00+02:00')).toMatchObject({ kind: 'time', ms: Date.UTC(2026, 10, 1) });
    expect(parseBisectPoint('2026-11-01T00:00:01.5Z')).toMatchObject({ kind: 'time', ms: Date.UTC(2026, 10, 1) + 1500 });
    expect(() => parseBisectPoint('2026-02-30T00:00:00Z')).toThrow(/not a valid RFC 3339 time/);
    const unknown = await thrown(run('0'.repeat(40), tip, jsStatePredicate(NON_NEGATIVE, 'p.js')));
    expect([unknown.code, unknown.exitClass]).toEqual(['BISECT_BAD_POINT', 'usage']);
    const other = (await foldCheckpoint(fx.repo, balancesFold())).commit;
    const otherNs = await thrown(run(other, tip, jsStatePredicate(NON_NEGATIVE, 'p.js')));
    expect(otherNs.message).toContain('is a checkpoint of finance, not of acct');
    const notCheckpoint = await thrown(run(fx.policyRoot, tip, jsStatePredicate(NON_NEGATIVE, 'p.js')));
    expect(notCheckpoint.message).toMatch(/neither a checkpoint .* nor a journal event/);
  });

  it('a checkpoint that late events no longer make a prefix is refused as a point, and not built upon', async () => {
    const late = await makeLedgerFixture(['user:alice', 'user:bob']);
    try {
      await appendAccount(late, 'user:alice', accountEvents(10, 30, 25));
      const before = (await foldCheckpoint(late.repo, fold)).commit;
      // bob was offline: his events sort before alice's last one.
      await appendAccount(late, 'user:bob', accountEvents(0, 10, -1));
      const err = await thrown(bisectState(late.repo, { fold, good: point(at(0)), bad: point(before), predicate: jsStatePredicate(NON_NEGATIVE, 'p.js') }));
      expect(err.code).toBe('BISECT_POINT_NOT_PREFIX');
      const r = await bisectState(late.repo, { fold, good: point(at(0)), bad: point(at(100)), predicate: jsStatePredicate(NON_NEGATIVE, 'p.js') });
      expect(r.total).toBe(40);
      expect(r.firstBad).toMatchObject({ index: 25, type: 'withdraw' });
      expect(r.steps.every((s) => s.base === 'genesis' || s.base === 'last-good')).toBe(true);
    } finally {
      await late.cleanup();
    }
  });
});
