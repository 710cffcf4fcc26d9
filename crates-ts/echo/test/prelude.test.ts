import { describe, expect, it } from 'vitest';
import { runFold } from '../src/runFold.js';
import { runFoldReference } from '../src/runFoldReference.js';
import { ONE_EVENT, foldWithStep, outcome } from './support.js';

const inSandbox = async (body: string): Promise<unknown> => (await runFold({ source: foldWithStep(body), batches: ONE_EVENT })).state;

describe('sandbox globals', () => {
  it('removes time, randomness, code generation, weak refs, shared memory and locale methods', async () => {
    const names = ['Date', 'WeakRef', 'FinalizationRegistry', 'SharedArrayBuffer', 'Atomics', 'eval', 'Function', 'InternalError'];
    const state = await inSandbox(`return {
      globals: ${JSON.stringify(names)}.filter((n) => typeof globalThis[n] !== 'undefined'),
      math: ['random', 'sin', 'exp', 'log', 'pow', 'hypot', 'cbrt', 'atan2'].filter((n) => n in Math),
      kept: ['abs', 'min', 'max', 'floor', 'ceil', 'trunc', 'sign', 'round', 'imul', 'clz32', 'fround', 'sqrt'].filter((n) => typeof Math[n] === 'function').length,
      locale: [typeof ''.localeCompare, typeof (1).toLocaleString, typeof [].toLocaleString, typeof ''.toLocaleUpperCase],
      frozen: [Object.isFrozen(globalThis), Object.isFrozen(Array.prototype), Object.isFrozen(Math), Object.isFrozen(q32)],
    };`);
    expect(state).toEqual({ globals: [], math: [], kept: 12, locale: ['undefined', 'undefined', 'undefined', 'undefined'], frozen: [true, true, true, true] });
  });
});

describe('determinism helpers', () => {
  const body = `return {
    keys: dkeys({ b: 1, a: 2, B: 3, 10: 4, 9: 5, 'é': 6 }),
    values: dvalues({ b: 1, a: 2 }),
    pairs: dpairs({ y: 1, x: [2] }),
    nums: dsort([3, 10n, -1, 2]).map(String),
    strs: dsort(['b', 'B', 'a', 'aa']),
    stable: dsort([{ k: 1, i: 0 }, { k: 0, i: 1 }, { k: 1, i: 2 }, { k: 0, i: 3 }], (x, y) => x.k - y.k).map((x) => x.i),
    copy: (() => { const xs = Object.freeze([2, 1]); return [dsort(xs), xs]; })(),
    mixed: (() => { try { dsort([1, 'a']); return 'accepted'; } catch (e) { return e.message.split(':')[0]; } })(),
    nan: (() => { try { dsort([1, NaN]); return 'accepted'; } catch (e) { return 'rejected'; } })(),
    q: q32.toString(q32.mul(q32.from('2.5'), q32.from('-1.5'))),
  };`;

  it('sort keys by UTF-16 code units, sort stably, reject mixed types, do exact q32 maths', async () => {
    const expected = {
      keys: ['10', '9', 'B', 'a', 'b', 'é'],
      values: [2, 1],
      pairs: [['x', [2]], ['y', 1]],
      nums: ['-1', '2', '3', '10'],
      strs: ['B', 'a', 'aa', 'b'],
      stable: [1, 3, 0, 2],
      copy: [[1, 2], [2, 1]],
      mixed: 'dsort',
      nan: 'rejected',
      q: '-3.75',
    };
    expect(await inSandbox(body)).toEqual(expected);
    expect((await runFoldReference({ source: foldWithStep(body), batches: ONE_EVENT })).state).toEqual(expected);
  });

  it('cannot be overwritten by guest code', async () => {
    expect((await outcome(() => inSandbox('dkeys = () => []; return 1;'))).code).toBe('FOLD_THREW');
    expect((await outcome(() => inSandbox('q32.mul = () => 0n; return 1;'))).code).toBe('FOLD_THREW');
  });
});
