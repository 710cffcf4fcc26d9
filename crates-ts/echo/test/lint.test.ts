import { describe, expect, it } from 'vitest';
import { lintFold } from '../src/lint/lintFold.js';
import { LINT_RULES } from '../src/lint/rules.js';
import type { LintRuleId } from '../src/lint/rules.js';

const OK_EXPORTS = '\nexport function init() { return {}; }\nexport function step(s, e) { return s; }';

/** One case per rule: the source, then the line the finding must be on. */
const CASES: Record<LintRuleId, readonly [string, number]> = {
  syntax: ['export function init( {', 1],
  'no-date': [`const now = Date.now();${OK_EXPORTS}`, 1],
  'no-math-random': [`\nconst r = Math.random();${OK_EXPORTS}`, 2],
  'no-transcendental-math': [`const x = Math.pow(2, 8);${OK_EXPORTS}`, 1],
  'no-eval': [`const x = eval('1');${OK_EXPORTS}`, 1],
  'no-function-constructor': [`const f = (function () {}).constructor;${OK_EXPORTS}`, 1],
  'no-weakref': [`const w = new WeakRef({});${OK_EXPORTS}`, 1],
  'no-finalization-registry': [`const f = new FinalizationRegistry(() => {});${OK_EXPORTS}`, 1],
  'no-shared-array-buffer': [`const b = new SharedArrayBuffer(8);${OK_EXPORTS}`, 1],
  'no-atomics': [`const a = Atomics.load;${OK_EXPORTS}`, 1],
  'no-locale': [`const c = 'a'.localeCompare('b');${OK_EXPORTS}`, 1],
  'no-async': [`async function later() {}${OK_EXPORTS}`, 1],
  'no-await': [`const x = await 1;${OK_EXPORTS}`, 1],
  'no-promise': [`const p = Promise.resolve(1);${OK_EXPORTS}`, 1],
  'no-import': [`import fs from 'node:fs';${OK_EXPORTS}`, 1],
  'no-dynamic-import': [`const m = () => import('x');${OK_EXPORTS}`, 1],
  'no-with': [`with (Math) { max(1, 2); }${OK_EXPORTS}`, 1],
  'no-global-write': [`globalThis.counter = 1;${OK_EXPORTS}`, 1],
  'no-reserved-name': [`const __gatos_x = 1;${OK_EXPORTS}`, 1],
  'must-export-init-step': ['export function init() { return 0; }', 1],
  'no-for-in': [`\n\nfunction total(o) { let t = 0; for (const k in o) t += o[k]; return t; }${OK_EXPORTS}`, 3],
  'no-unordered-keys': [`const ks = (o) => Object.keys(o);${OK_EXPORTS}`, 1],
  'no-module-state': [`let seen = 0;\nfunction bump() { seen++; }${OK_EXPORTS}`, 2],
  'no-sort-without-comparator': [`const s = (xs) => xs.slice().sort();${OK_EXPORTS}`, 1],
  'no-float-literal': [`const rate = 0.05;${OK_EXPORTS}`, 1],
};

describe('lintFold', () => {
  for (const [rule, [source, line]] of Object.entries(CASES) as [LintRuleId, readonly [string, number]][]) {
    it(`reports ${rule} (${LINT_RULES[rule].severity}) on line ${line}`, () => {
      const hit = lintFold(source, 'case.js').find((f) => f.rule === rule);
      expect(hit, JSON.stringify(lintFold(source, 'case.js'))).toBeDefined();
      expect(hit?.line).toBe(line);
      expect(hit?.severity).toBe(LINT_RULES[rule].severity);
      expect(hit?.message).toMatch(/^case\.js:\d+:\d+: /);
    });
  }

  it('has a case for every rule', () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(LINT_RULES).sort());
  });

  it('finds nothing in a clean fold that uses the determinism helpers', () => {
    const clean = `export function init() { return { total: 0, byActor: {} }; }
export function step(state, ev) {
  const amount = q32.from(ev.payload.amount);
  state.total += Number(q32.toRaw(amount) >> 32n);
  for (const [actor, n] of dpairs(state.byActor)) state.byActor[actor] = n;
  state.byActor[ev.actor] = (state.byActor[ev.actor] ?? 0) + 1;
  const order = dsort([3, 1, 2]);
  return state;
}`;
    expect(lintFold(clean)).toEqual([]);
  });

  it('reports column numbers 1-based and does not flag shadowed module names', () => {
    const src = `let n = 0;\nfunction f() { let n = 1; n++; return n; }${OK_EXPORTS}\nconst d = x.Date;`;
    const findings = lintFold(src);
    expect(findings.filter((f) => f.rule === 'no-module-state')).toEqual([]);
    expect(findings.filter((f) => f.rule === 'no-date')).toEqual([]);
    expect(lintFold(`const t = Date;${OK_EXPORTS}`)[0]).toMatchObject({ rule: 'no-date', line: 1, column: 11 });
  });
});
