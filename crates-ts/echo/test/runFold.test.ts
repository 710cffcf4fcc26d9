import { describe, expect, it } from 'vitest';
import { engineId, wasmSha256 } from '../src/engine/loadEngine.js';
import { runFold } from '../src/runFold.js';
import { runFoldReference } from '../src/runFoldReference.js';
import { BALANCES_FOLD, ONE_EVENT, batchesOf, foldWithStep, generateEvents, outcome } from './support.js';

const events = generateEvents(10_000);

describe('runFold: determinism', () => {
  it('folds 10,000 events to the same state twice, and to the reference runner’s state', async () => {
    const a = await runFold({ source: BALANCES_FOLD, batches: batchesOf(events, 1000) });
    const b = await runFold({ source: BALANCES_FOLD, batches: batchesOf(events, 1000) });
    const ref = await runFoldReference({ source: BALANCES_FOLD, batches: batchesOf(events, 1000) });
    expect(a.eventsFolded).toBe(10_000);
    expect(JSON.stringify(a.state)).toBe(JSON.stringify(b.state));
    expect(a.fuelUsed).toBe(b.fuelUsed);
    expect(a.state).toEqual(ref.state);
    expect((a.state as { transfers: number }).transfers).toBeGreaterThan(1000);
  });

  it('gives the same state and fuel whatever the caller’s batch sizes', async () => {
    const runs = await Promise.all([1, 7, 333, 10_000].map((size) => runFold({ source: BALANCES_FOLD, batches: batchesOf(events, size) })));
    for (const r of runs) {
      expect(r.state).toEqual(runs[0]?.state);
      expect(r.fuelUsed).toBe(runs[0]?.fuelUsed);
    }
  });

  it('accepts an async iterable of batches', async () => {
    async function* source() {
      for (const b of batchesOf(events.slice(0, 2000), 250)) yield b;
    }
    const a = await runFold({ source: BALANCES_FOLD, batches: source() });
    const b = await runFold({ source: BALANCES_FOLD, batches: [events.slice(0, 2000)] });
    expect(a.state).toEqual(b.state);
  });

  it('resumes incrementally from a checkpoint state exactly as a one-shot fold', async () => {
    const oneShot = await runFold({ source: BALANCES_FOLD, batches: [events] });
    const first = await runFold({ source: BALANCES_FOLD, batches: [events.slice(0, 4321)] });
    const second = await runFold({ source: BALANCES_FOLD, initialState: first.state, batches: [events.slice(4321)] });
    expect(second.eventsFolded).toBe(10_000 - 4321);
    expect(JSON.stringify(second.state)).toBe(JSON.stringify(oneShot.state));
  });

  it('returns object keys in UTF-16 code-unit order', async () => {
    const { state } = await runFold({ source: foldWithStep('return { b: 1, a: 2, B: 3, "é": 4, "\\u{1F600}": 5, "\\uFFFF": 6 };'), batches: ONE_EVENT });
    expect(JSON.stringify(state)).toBe(JSON.stringify({ B: 3, a: 2, b: 1, 'é': 4, '\u{1F600}': 5, '\uFFFF': 6 }));
  });
});

describe('runFold: what crosses the boundary', () => {
  it('delivers BigInt, bytes and $-keys exactly, deep-frozen', async () => {
    const source = foldWithStep(`const p = ev.payload;
      return { big: String(p.big), bigType: typeof p.big, small: typeof p.small, bytes: Array.from(p.bytes), isBytes: p.bytes instanceof Uint8Array,
        dollar: p.$ref, dd: p.$$x, frozen: Object.isFrozen(ev) && Object.isFrozen(p) && Object.isFrozen(p.list), keys: dkeys(p) };`);
    const payload = { big: 2n ** 80n, small: 5, bytes: new Uint8Array([0, 1, 254, 255]), $ref: 'cid', $$x: 1, list: [1, 2] };
    const { state } = await runFold({ source, batches: [[{ ...ONE_EVENT[0]![0]!, payload }]] });
    expect(state).toEqual({ big: (2n ** 80n).toString(), bigType: 'bigint', small: 'number', bytes: [0, 1, 254, 255], isBytes: true, dollar: 'cid', dd: 1, frozen: true, keys: ['$$x', '$ref', 'big', 'bytes', 'list', 'small'] });
  });

  it('rejects a float in an event payload with FOLD_BAD_INPUT naming the path', async () => {
    const r = await outcome(() => runFold({ source: BALANCES_FOLD, batches: [[{ ...ONE_EVENT[0]![0]!, payload: { a: [1, 0.5] } }]] }));
    expect(r).toEqual({ code: 'FOLD_BAD_INPUT', data: { eventIndex: 0, path: 'payload.a[1]', reason: 'not an integer (0.5)' } });
  });

  it('rejects an initial state that is not fold state', async () => {
    const r = await outcome(() => runFold({ source: BALANCES_FOLD, initialState: { a: 1.5 } as never, batches: [] }));
    expect(r.code).toBe('FOLD_BAD_INPUT');
  });

  it('reports the first event whose step produced a bad state, independent of batching', async () => {
    const source = foldWithStep('state.n++; if (state.n === 777) state.bad = [0.25]; return state;', '{ n: 0 }');
    const r1 = await outcome(() => runFold({ source, batches: [events.slice(0, 1000)] }));
    const r2 = await outcome(() => runFold({ source, batches: batchesOf(events.slice(0, 1000), 3) }));
    // The state is checked at the end of the run; when that fails, a diagnostic replay checks after
    // every engine batch and then every event of the failing batch, naming the first bad event.
    expect(r1).toEqual(r2);
    expect(r1).toEqual({ code: 'FOLD_BAD_STATE', data: { phase: 'step', eventIndex: 776, cid: 'bafytest776', path: '$.bad[0]', reason: 'a float (0.25)' } });
  });
});

describe('engineId', () => {
  it('pins the QuickJS build by the hash of its wasm bytes', () => {
    expect(engineId()).toBe(`qjs@0.32.0+wasm=${wasmSha256().slice(0, 16)}+gfc@1+num=q32.32+rng=pcg32@1`);
    expect(engineId()).toMatch(/^qjs@0\.32\.0\+wasm=[0-9a-f]{16}\+gfc@1\+num=q32\.32\+rng=pcg32@1$/);
  });
});
