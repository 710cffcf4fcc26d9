/**
 * `runFold`: folds events through a fold module inside the deterministic QuickJS sandbox.
 * Same source + same initial state + same event sequence ⇒ same state, same `fuelUsed`, or the same
 * error code with the same `data` — on any machine running the pinned engine (ADR 0002).
 */
import { FoldSession } from './engine/foldSession.js';
import type { SandboxFailure } from './engine/foldSession.js';
import { echoError } from './errors.js';
import type { EchoError } from './errors.js';
import { resolveLimits } from './limits.js';
import { encodeEvents } from './marshal/encodeEvents.js';
import { rechunk } from './marshal/rechunk.js';
import { stateToText, textToState } from './marshal/stateToText.js';
import { prepareFold } from './module/prepareFold.js';
import type { FoldEvent, FoldLimits, RunFoldOptions, RunFoldResult } from './types.js';

type Phase = 'load' | 'init' | 'step';

/** Turns a sandbox failure into the typed error, naming the event and what to look at. */
function failureToError(f: SandboxFailure, phase: Phase, chunk: readonly FoldEvent[], base: number, limits: FoldLimits, fuel: number): EchoError {
  const index = phase === 'step' && f.index >= 0 ? f.index : null;
  const cid = index === null ? null : (chunk[index - base]?.cid ?? null);
  const where = index === null ? `during ${phase}` : `at event #${index} (${cid ?? 'unknown cid'})`;
  const data = { phase, eventIndex: index, cid };
  switch (f.kind) {
    case 'syntax':
      return echoError('FOLD_SYNTAX', `the engine rejected the fold: ${f.message ?? ''}`, data);
    case 'badmodule':
      return echoError('FOLD_BAD_MODULE', `fold module is not usable: ${f.message ?? ''}`, data);
    case 'async':
      return echoError('FOLD_ASYNC_FORBIDDEN', `fold used promises or async code ${where} (folds are synchronous)`, data);
    case 'oom':
      return echoError('FOLD_OOM', `fold ran out of memory ${where} (limit ${limits.memoryBytes} bytes; the first out-of-memory ends the run even if caught)`, data);
    case 'stack':
      return echoError('FOLD_STACK_EXHAUSTED', `fold exceeded the ${limits.stackBytes}-byte stack ${where} (unbounded recursion?)`, data);
    case 'fuel':
      return echoError('FOLD_FUEL_EXHAUSTED', `fold ran out of fuel ${where} after ${fuel} ticks (an endless loop? budget = ${limits.fuelBase} + ${limits.fuelPerEvent} per event)`, { ...data, fuelUsed: fuel });
    case 'badstate':
      return echoError('FOLD_BAD_STATE', `state ${index === null ? `returned by ${phase === 'step' ? 'step' : 'init'}` : `after event #${index} (${cid ?? ''})`} is not plain JSON data: ${f.path ?? '$'} is ${f.reason ?? 'invalid'}`, { ...data, path: f.path ?? '$', reason: f.reason ?? null });
    case 'threw':
      return echoError('FOLD_THREW', `fold threw ${where}: ${f.message ?? ''}`, { ...data, message: f.message ?? null, stack: f.stack ?? null });
  }
}

/**
 * Folds `batches` with the fold in `source`. Asynchronous only because the engine instance is created
 * asynchronously and batches may come from an async source; the folding itself is synchronous.
 *
 * @throws `FOLD_*` {@link EchoError}s; nothing else except errors thrown by the `batches` iterable itself.
 * @example
 * const { state } = await runFold({
 *   source: 'export function init(){return {n:0}}\nexport function step(s){s.n++; return s}',
 *   batches: [[{ cid: 'bafy…', actor: 'user:ann', ulid: '01J…', type: 'tick', payload: {} }]],
 * }); // state = { n: 1 }
 */
export async function runFold(options: RunFoldOptions): Promise<RunFoldResult> {
  const filename = options.filename ?? 'fold.js';
  const limits = resolveLimits(options.limits);
  const prepared = prepareFold(options.source, filename);
  let initialText: string | undefined;
  if (options.initialState !== undefined) {
    const checked = stateToText(options.initialState);
    if (!checked.ok) throw echoError('FOLD_BAD_INPUT', `initialState is not fold state: ${checked.path} is ${checked.reason}`, { path: checked.path, reason: checked.reason });
    initialText = checked.text;
  }
  // Chunks are kept so that a state that fails the final check can be replayed to name the first bad event.
  const seen: FoldEvent[][] = [];
  async function* remember(): AsyncGenerator<readonly FoldEvent[]> {
    for await (const chunk of rechunk(options.batches, limits.batchEvents)) {
      seen.push([...chunk]);
      yield chunk;
    }
  }
  try {
    return await runOnce(prepared, filename, limits, initialText, remember(), false);
  } catch (err) {
    const e = err as EchoError;
    if (e.code !== 'FOLD_BAD_STATE' || e.data.phase !== 'step' || e.data.eventIndex !== null) throw err;
    // Diagnostic rerun: settle after every batch, then per event inside the failing batch.
    return await runOnce(prepared, filename, limits, initialText, seen, true);
  }
}

async function runOnce(
  prepared: ReturnType<typeof prepareFold>,
  filename: string,
  limits: FoldLimits,
  initialText: string | undefined,
  chunks: AsyncIterable<readonly FoldEvent[]> | Iterable<readonly FoldEvent[]>,
  checkEachBatch: boolean,
): Promise<RunFoldResult> {
  const session = await FoldSession.open(limits);
  let failed = true;
  try {
    const stop = (f: SandboxFailure | undefined, phase: Phase, chunk: readonly FoldEvent[] = [], base = 0): void => {
      if (f !== undefined) throw failureToError(f, phase, chunk, base, limits, session.fuelUsed);
    };
    stop(session.load(prepared, filename), 'load');
    stop(session.start(initialText), 'init');
    let eventsFolded = 0;
    for await (const chunk of chunks) {
      stop(session.fold(encodeEvents(chunk, eventsFolded), eventsFolded, chunk.length, checkEachBatch), 'step', chunk, eventsFolded);
      eventsFolded += chunk.length;
    }
    stop(session.finish(), 'step');
    const state = textToState(session.result());
    failed = false;
    return { state, eventsFolded, fuelUsed: session.fuelUsed };
  } finally {
    const clean = session.dispose();
    // A leaked handle is an engine-side bug; surface it rather than hide it behind a good result.
    if (!clean && !failed) throw echoError('FOLD_ENGINE_ABORTED', 'disposing the QuickJS runtime failed (a leaked handle?)');
  }
}
