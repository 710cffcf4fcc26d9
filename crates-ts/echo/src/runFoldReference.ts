/**
 * `runFoldReference`: runs the same fold module in plain Node (V8), with the same helpers, the same
 * engine batching and the same state rules. It is a baseline for benchmarks and a cross-check in
 * tests. It is NOT a sandbox and NOT deterministic-guaranteed (no fuel, no memory limit, V8 maths,
 * ambient globals visible): never use it for Proof-of-Fold.
 */
import { echoError } from './errors.js';
import { resolveLimits } from './limits.js';
import { rechunk } from './marshal/rechunk.js';
import { stateToText, textToState } from './marshal/stateToText.js';
import { prepareFold } from './module/prepareFold.js';
import { HELPERS_SOURCE, HELPER_NAMES } from './prelude/helpersSource.js';
import type { FoldEvent, FoldState, RunFoldOptions, RunFoldResult } from './types.js';

type Fold = { init: () => unknown; step: (state: unknown, event: FoldEvent) => unknown };

function deepFreeze<T>(v: T): T {
  if (v instanceof Uint8Array) return Object.preventExtensions(v);
  if (v !== null && typeof v === 'object') {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

function canonical(state: unknown, phase: 'init' | 'step', index: number | null, cid: string | null): FoldState {
  const checked = stateToText(state);
  if (!checked.ok) {
    throw echoError('FOLD_BAD_STATE', `state after ${index === null ? phase : `event #${index}`} is not plain JSON data: ${checked.path} is ${checked.reason}`, { phase, eventIndex: index, cid, path: checked.path, reason: checked.reason });
  }
  return textToState(checked.text);
}

function threw(err: unknown, phase: 'load' | 'init' | 'step', index: number | null, cid: string | null): never {
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  throw echoError('FOLD_THREW', `fold threw ${index === null ? `during ${phase}` : `at event #${index} (${cid ?? ''})`}: ${message}`, { phase, eventIndex: index, cid, message }, err);
}

/**
 * Same interface as `runFold`; `fuelUsed` is always 0.
 *
 * @example const { state } = await runFoldReference({ source, batches: [events] });
 */
export async function runFoldReference(options: RunFoldOptions): Promise<RunFoldResult> {
  const limits = resolveLimits(options.limits);
  const prepared = prepareFold(options.source, options.filename ?? 'fold.js');
  const helpers = (new Function(`return ${HELPERS_SOURCE}`)() as () => Record<string, unknown>)();
  const factory = new Function(...HELPER_NAMES, `'use strict'; return function (__gatos_guard) {${prepared.body}\n};`)(
    ...HELPER_NAMES.map((n) => helpers[n]),
  ) as (guard: (e: unknown) => void) => Fold;

  let fold: Fold;
  try {
    fold = factory(() => undefined);
  } catch (err) {
    threw(err, 'load', null, null);
  }
  let state: unknown;
  if (options.initialState !== undefined) {
    const checked = stateToText(options.initialState);
    if (!checked.ok) throw echoError('FOLD_BAD_INPUT', `initialState is not fold state: ${checked.path} is ${checked.reason}`, { path: checked.path, reason: checked.reason });
    state = textToState(checked.text);
  } else {
    try {
      state = fold.init();
    } catch (err) {
      threw(err, 'init', null, null);
    }
    state = canonical(state, 'init', null, null);
  }

  let eventsFolded = 0;
  for await (const chunk of rechunk(options.batches, limits.batchEvents)) {
    for (const ev of chunk) {
      try {
        state = fold.step(state, deepFreeze(structuredClone(ev)));
      } catch (err) {
        threw(err, 'step', eventsFolded, ev.cid);
      }
      eventsFolded++;
    }
  }
  // Same canonicalisation point as the sandbox: the end of the run.
  state = canonical(state, 'step', eventsFolded > 0 ? eventsFolded - 1 : null, null);
  return { state: state as FoldState, eventsFolded, fuelUsed: 0 };
}
