import { describe, expect, it } from 'vitest';
import { runFold } from '../src/runFold.js';
import { BALANCES_FOLD, ONE_EVENT, foldWithStep, generateEvents, outcome } from './support.js';

interface Hostile {
  readonly name: string;
  readonly source: string;
  /** Acceptable end codes; every run must end with the same one and the same data. */
  readonly codes: readonly string[];
}

const HOSTILE: readonly Hostile[] = [
  { name: 'an infinite loop', source: foldWithStep('for (;;) {}'), codes: ['FOLD_FUEL_EXHAUSTED'] },
  { name: 'a memory bomb: while(true) arr.push(new Array(1e6))', source: foldWithStep('const arr = []; while (true) arr.push(new Array(1e6));'), codes: ['FOLD_OOM', 'FOLD_FUEL_EXHAUSTED'] },
  { name: 'a string memory bomb', source: foldWithStep("const a = []; let i = 0; while (true) a.push('x'.repeat(1e5) + i++);"), codes: ['FOLD_OOM'] },
  { name: 'catching the out-of-memory error and carrying on', source: foldWithStep("const a = []; let i = 0; while (true) { try { a.push('x'.repeat(1e5) + i++); } catch (e) { state = i; } }"), codes: ['FOLD_OOM'] },
  { name: 'swallowing out-of-memory in finally', source: foldWithStep("const a = []; for (let i = 0; ; i++) { try { a.push('x'.repeat(1e5) + i); } finally { continue; } }"), codes: ['FOLD_OOM'] },
  { name: 'deep recursion', source: foldWithStep('function f(n) { return f(n + 1) + 1; } return f(0);'), codes: ['FOLD_STACK_EXHAUSTED'] },
  { name: 'catching the stack overflow and carrying on', source: foldWithStep('function f(n) { return f(n + 1) + 1; } let k = 0; for (;;) { try { f(0); } catch { k++; } }'), codes: ['FOLD_STACK_EXHAUSTED'] },
  { name: 'reading Date', source: foldWithStep('return Date.now();'), codes: ['FOLD_THREW'] },
  { name: 'reading globalThis.Date', source: foldWithStep('return new globalThis.Date().getTime();'), codes: ['FOLD_THREW'] },
  { name: 'reading Math.random', source: foldWithStep('return Math.random();'), codes: ['FOLD_THREW'] },
  { name: 'calling a transcendental (Math.sin)', source: foldWithStep('return Math.sin(1);'), codes: ['FOLD_THREW'] },
  { name: "(function(){}).constructor('return 1')", source: foldWithStep("return (function(){}).constructor('return 1')();"), codes: ['FOLD_THREW'] },
  { name: 'the generator function constructor', source: foldWithStep("return Object.getPrototypeOf(function*(){}).constructor('yield 1')().next().value;"), codes: ['FOLD_THREW'] },
  { name: 'Object.getPrototypeOf(async function(){}).constructor', source: foldWithStep("return Object.getPrototypeOf(async function(){}).constructor('return 1');"), codes: ['FOLD_ASYNC_FORBIDDEN'] },
  { name: 'eval', source: foldWithStep("return eval('1');"), codes: ['FOLD_THREW'] },
  { name: 'a float in the state', source: foldWithStep('return 0.5;'), codes: ['FOLD_BAD_STATE'] },
  { name: '-0 in the state', source: foldWithStep('return { x: -0 };'), codes: ['FOLD_BAD_STATE'] },
  { name: 'NaN in the state', source: foldWithStep('return [NaN];'), codes: ['FOLD_BAD_STATE'] },
  { name: 'a BigInt in the state', source: foldWithStep('return { q: q32.from(1) };'), codes: ['FOLD_BAD_STATE'] },
  { name: 'undefined as the state', source: foldWithStep('state = 1;'), codes: ['FOLD_BAD_STATE'] },
  { name: 'a cycle in the state', source: foldWithStep('const o = { a: {} }; o.a.back = o; return o;'), codes: ['FOLD_BAD_STATE'] },
  { name: 'a Map in the state', source: foldWithStep('return new Map();'), codes: ['FOLD_BAD_STATE'] },
  { name: 'returning a Promise', source: foldWithStep('return Promise.resolve(state);'), codes: ['FOLD_ASYNC_FORBIDDEN'] },
  { name: 'catching the Promise error', source: foldWithStep('try { Promise.resolve(1); } catch (e) {} return 1;'), codes: ['FOLD_ASYNC_FORBIDDEN'] },
  { name: 'an async step', source: 'export function init() { return 0; }\nexport async function step(s) { return s; }', codes: ['FOLD_ASYNC_FORBIDDEN'] },
  { name: 'an import statement', source: "import x from 'node:fs';\n" + foldWithStep('return 1;'), codes: ['FOLD_IMPORT_FORBIDDEN'] },
  { name: 'a dynamic import()', source: foldWithStep("return import('node:fs');"), codes: ['FOLD_IMPORT_FORBIDDEN'] },
  { name: 'a guest exception', source: foldWithStep("throw new RangeError('insufficient funds');"), codes: ['FOLD_THREW'] },
  { name: 'poisoning Array.prototype.push', source: foldWithStep('Array.prototype.push = function () { return 0; }; return 1;'), codes: ['FOLD_THREW'] },
  { name: 'writing a global', source: foldWithStep('globalThis.leak = 1; return 1;'), codes: ['FOLD_THREW'] },
  { name: 'a throwing init', source: "export function init() { throw new Error('no'); }\nexport function step(s) { return s; }", codes: ['FOLD_THREW'] },
  { name: 'a missing step export', source: 'export function init() { return 0; }\nfunction step(s) { return s; }', codes: ['FOLD_BAD_MODULE'] },
  { name: 'a syntax error', source: 'export function init() { return 0 }\nexport function step(s) { return s +; }', codes: ['FOLD_SYNTAX'] },
];

// A tighter fuel budget keeps the endless-loop cases quick; the default budget is exercised below.
const LIMITS = { fuelBase: 300, fuelPerEvent: 4 };
const normal = generateEvents(200);

describe('hostile folds end deterministically and the host keeps working', () => {
  for (const h of HOSTILE) {
    it(`${h.name} → ${h.codes.join(' | ')} (same code and data on 3 runs)`, async () => {
      const runs = [];
      for (let i = 0; i < 3; i++) runs.push(await outcome(() => runFold({ source: h.source, batches: ONE_EVENT, limits: LIMITS })));
      expect(h.codes).toContain(runs[0]?.code);
      expect(runs[1]).toEqual(runs[0]);
      expect(runs[2]).toEqual(runs[0]);
      const after = await runFold({ source: BALANCES_FOLD, batches: [normal] });
      expect(after.eventsFolded).toBe(200);
    });
  }

  it('ends an infinite loop under the default limits with the same data each time', async () => {
    const source = foldWithStep('if (ev.ulid.endsWith("9")) for (;;) {} return state + 1;');
    const a = await outcome(() => runFold({ source, batches: [generateEvents(20)] }));
    const b = await outcome(() => runFold({ source, batches: [generateEvents(20)] }));
    expect(a.code).toBe('FOLD_FUEL_EXHAUSTED');
    expect(b).toEqual(a);
    expect(a.data).toMatchObject({ phase: 'step', eventIndex: 9, cid: 'bafytest9' });
  });

  it('names the guest message, the event and its cid when a step throws', async () => {
    const r = await outcome(() => runFold({ source: foldWithStep("if (ev.payload.n === 1) throw new RangeError('insufficient funds'); return 0;"), batches: ONE_EVENT }));
    expect(r.code).toBe('FOLD_THREW');
    expect(r.data).toMatchObject({ phase: 'step', eventIndex: 0, cid: 'bafyone', message: 'RangeError: insufficient funds' });
  });

  it('gives a fresh context per run: a poisoning attempt never reaches the next run', async () => {
    const poison = foldWithStep('try { Array.prototype.push = () => 0; } catch (e) {} try { Object.prototype.x = 1; } catch (e) {} return [].concat([1]).length;');
    expect((await runFold({ source: poison, batches: ONE_EVENT })).state).toBe(1);
    const probe = foldWithStep('const a = []; a.push(1, 2); return { len: a.length, x: ({}).x === undefined };');
    expect((await runFold({ source: probe, batches: ONE_EVENT })).state).toEqual({ len: 2, x: true });
  });

  it('lets Error subclasses set this.name despite frozen intrinsics', async () => {
    const source = foldWithStep("class Insufficient extends Error { constructor(m) { super(m); this.name = 'Insufficient'; } } try { throw new Insufficient('x'); } catch (e) { return e.name + ':' + e.message; }");
    expect((await runFold({ source, batches: ONE_EVENT })).state).toBe('Insufficient:x');
  });
});
