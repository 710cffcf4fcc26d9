import { describe, expect, it } from 'vitest';
import { lintPredicate, runPredicate, type PredicateEvent } from '../src/index.js';

const ev = (ulid: string, amount: number, type = 'invoice.paid'): PredicateEvent => ({
  ns: 'finance', actor: 'user:alice', type, ulid, payload: { amount }, caps: ['finance:write'],
});
const EVENTS = [ev('01J00000000000000000000001', 50), ev('01J00000000000000000000002', 500), ev('01J00000000000000000000003', 7)];
const context = { policy_root: 'a'.repeat(40) };
const LIMIT = `export function allow(event, context) {
  if (event.payload.amount > 100) return 'amount ' + event.payload.amount + ' over 100 (root ' + context.policy_root.slice(0, 4) + ')';
  return true;
}
`;

describe('runPredicate', () => {
  it('allows and denies per event, with the predicate reason, in input order', async () => {
    expect(await runPredicate({ source: LIMIT, events: EVENTS, context })).toEqual([
      { allow: true },
      { allow: false, code: 'PREDICATE_DENIED', reason: 'amount 500 over 100 (root aaaa)' },
      { allow: true },
    ]);
  });

  it('sees the whole event and frozen data', async () => {
    const source = `export function allow(e) {
  try { e.payload.amount = 1; } catch (err) { return e.ns + '/' + e.type + '/' + e.caps.join(',') + ' frozen'; }
  return 'mutable';
}`;
    expect(await runPredicate({ source, events: [EVENTS[0]!], context })).toEqual([{ allow: false, code: 'PREDICATE_DENIED', reason: 'finance/invoice.paid/finance:write frozen' }]);
  });

  it('turns a throw or a non-boolean result into a denial of that event only', async () => {
    const source = `export function allow(e) {
  if (e.payload.amount === 500) throw new RangeError('no big ones');
  if (e.payload.amount === 7) return 1;
  return true;
}`;
    expect(await runPredicate({ source, events: EVENTS, context })).toEqual([
      { allow: true },
      { allow: false, code: 'PREDICATE_THREW', reason: 'allow threw RangeError: no big ones' },
      { allow: false, code: 'PREDICATE_BAD_RESULT', reason: 'allow returned number, not true or a reason string' },
    ]);
  });

  it('stops a runaway loop with a deterministic fuel error; the host keeps working', async () => {
    const source = 'export function allow(e) { if (e.payload.amount === 500) { for (;;) {} } return true; }';
    const runs = await Promise.all([1, 2, 3].map(() => runPredicate({ source, events: EVENTS, context, limits: { fuelBase: 20 } })));
    const [first] = runs;
    expect(first![1]).toMatchObject({ allow: false, code: 'FOLD_FUEL_EXHAUSTED' });
    expect(first![1]!.allow === false && first![1]!.reason).toMatch(/out of fuel at event #1 \(01J00000000000000000000002\)/);
    expect(first![0]).toEqual({ allow: false, code: 'PREDICATE_NOT_EVALUATED', reason: 'not evaluated: predicate.js stopped at event #1 (01J00000000000000000000002) with FOLD_FUEL_EXHAUSTED' });
    for (const run of runs) expect(JSON.stringify(run)).toBe(JSON.stringify(first));
    expect(await runPredicate({ source: LIMIT, events: EVENTS, context })).toHaveLength(3);
  });

  it('forbids Date and Math.random at run time (lockdown) as well as in lint', async () => {
    for (const expr of ['Date.now()', 'Math.random()']) {
      const source = `export function allow(e) { return ${expr} > 0 || 'never'; }`;
      const [verdict] = await runPredicate({ source, events: [EVENTS[0]!], context });
      expect(verdict).toMatchObject({ allow: false, code: 'PREDICATE_THREW' });
      expect(lintPredicate(source, 'p.js').map((f) => [f.rule, f.line])).toEqual([[expr.startsWith('Date') ? 'no-date' : 'no-math-random', 1]]);
    }
  });

  it('denies every event when the module is unusable', async () => {
    const bad = await runPredicate({ source: 'export function check() { return true; }', filename: 'policies/p.js', events: EVENTS, context });
    expect(bad.map((v) => (v.allow ? 'allow' : `${v.code} ${v.reason}`))).toEqual(Array(3).fill('FOLD_BAD_MODULE policies/p.js:1: a predicate must export function allow(event, context) returning true or a reason string'));
    const syntax = await runPredicate({ source: 'export function allow( {', events: [EVENTS[0]!], context });
    expect(syntax[0]).toMatchObject({ allow: false, code: 'FOLD_SYNTAX' });
  });

  it('gives the same verdict bytes on three runs', async () => {
    const outs = await Promise.all([1, 2, 3].map(async () => JSON.stringify(await runPredicate({ source: LIMIT, events: EVENTS, context }))));
    expect(new Set(outs).size).toBe(1);
  });
});

describe('lintPredicate', () => {
  it('is clean for a good predicate and names file:line for problems', () => {
    expect(lintPredicate(LIMIT, 'policies/limit.js').filter((f) => f.severity === 'error')).toEqual([]);
    const findings = lintPredicate('export function init() {}\nexport function allow() { return new Date() && true; }\n', 'policies/p.js');
    expect(findings.map((f) => f.message)).toEqual([
      'policies/p.js:1:1: export init is reserved (a predicate exports allow(event, context) only)',
      expect.stringMatching(/^policies\/p\.js:2:\d+: /),
    ]);
    expect(lintPredicate('export const x = 1;\n', 'p.js').map((f) => f.rule)).toContain('must-export-allow');
  });
});
