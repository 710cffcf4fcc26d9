/**
 * `runPredicate`: runs a policy predicate (ADR-0011 "Predicates") over many events in one deterministic
 * QuickJS sandbox, by folding them through a generated fold whose state is the list of verdicts. Same
 * source + same context + same events ⇒ the same verdicts, byte for byte, on any machine.
 */
import { isGatosError } from '@gatos/core';
import { echoError } from '../errors.js';
import { runFold } from '../runFold.js';
import type { FoldEvent, FoldLimits, FoldValue } from '../types.js';
import { parsePredicate, predicateShape, wrapPredicate } from './predicateModule.js';

/** One event as a predicate sees it (deep-frozen inside the sandbox). */
export interface PredicateEvent {
  /** The namespace, from the journal ref. */
  readonly ns: string;
  readonly actor: string;
  readonly type: string;
  readonly ulid: string;
  readonly payload: FoldValue;
  /** The envelope's `caps` (empty when absent). */
  readonly caps: readonly string[];
  readonly ts?: string;
}

/** Pure data every call of `allow` receives as its second argument. */
export interface PredicateContext {
  /** The policy bundle commit the predicate comes from. */
  readonly policy_root: string;
}

/**
 * Why an event was denied: `PREDICATE_DENIED` (allow returned a string), `PREDICATE_THREW`,
 * `PREDICATE_BAD_RESULT` (neither `true` nor a string), `PREDICATE_NOT_EVALUATED` (the sandbox
 * stopped at an earlier event), or the `FOLD_*` code that stopped the sandbox at this event
 * (`FOLD_FUEL_EXHAUSTED`, `FOLD_OOM`, `FOLD_SYNTAX`, `FOLD_BAD_MODULE`, …).
 */
export type PredicateDenialCode = 'PREDICATE_DENIED' | 'PREDICATE_THREW' | 'PREDICATE_BAD_RESULT' | 'PREDICATE_NOT_EVALUATED' | `FOLD_${string}`;

/** The verdict on one event, in input order. */
export type PredicateVerdict =
  | { readonly allow: true }
  | { readonly allow: false; readonly code: PredicateDenialCode; readonly reason: string };

export interface RunPredicateOptions {
  /** The predicate module: no imports, `export function allow(event, context)`. */
  readonly source: string;
  /** Shown in reasons (e.g. `policies/finance-rules.js`). */
  readonly filename?: string;
  readonly events: readonly PredicateEvent[];
  readonly context: PredicateContext;
  /** Test override of the pinned fold limits. */
  readonly limits?: Partial<FoldLimits>;
}

/**
 * Runs `allow(event, context)` for every event. Never throws for anything the predicate does: a
 * throw, a bad return value, fuel or memory exhaustion, a syntax error or a broken ABI all become
 * denials. When the sandbox itself stops (fuel, memory, stack, async) the event it stopped at gets that
 * error and every other event of the call is `PREDICATE_NOT_EVALUATED`: the run is not resumed, so one
 * hostile predicate costs one sandbox budget per call, not per event.
 *
 * @throws `FOLD_ENGINE_ABORTED` only (an engine bug, not a predicate property).
 * @example
 * await runPredicate({ source: 'export function allow(e){ return e.payload.amount <= 100 || "too large" }',
 *   events: [ev], context: { policy_root: commit } }); // [{ allow: false, code: 'PREDICATE_DENIED', reason: 'too large' }]
 */
export async function runPredicate(options: RunPredicateOptions): Promise<PredicateVerdict[]> {
  const filename = options.filename ?? 'predicate.js';
  const { events } = options;
  if (events.length === 0) return [];
  let wrapped: string;
  try {
    const { allowLocal, problems } = predicateShape(parsePredicate(options.source, filename));
    const first = problems[0];
    if (first !== undefined || allowLocal === null) throw echoError('FOLD_BAD_MODULE', `${filename}:${first?.line ?? 1}: ${first?.message ?? 'no allow export'}`);
    wrapped = wrapPredicate(options.source, allowLocal, { policy_root: options.context.policy_root });
  } catch (err) {
    return events.map(() => stopped(err));
  }
  // The payload slot carries the whole predicate event; cid names the event in sandbox errors.
  const foldEvents: FoldEvent[] = events.map((e) => ({
    cid: e.ulid,
    actor: e.actor,
    ulid: e.ulid,
    type: e.type,
    payload: { ns: e.ns, actor: e.actor, type: e.type, ulid: e.ulid, payload: e.payload, caps: [...e.caps], ...(e.ts !== undefined ? { ts: e.ts } : {}) },
    ...(e.ts !== undefined ? { ts: e.ts } : {}),
  }));
  try {
    const { state } = await runFold({ source: wrapped, filename, batches: [foldEvents], ...(options.limits ? { limits: options.limits } : {}) });
    return (state as string[][]).map(toVerdict);
  } catch (err) {
    if (isGatosError(err, 'FOLD_ENGINE_ABORTED')) throw err;
    const at = isGatosError(err) && typeof err.data['eventIndex'] === 'number' ? err.data['eventIndex'] : null;
    return events.map((e, i) => (at === null || i === at ? stopped(err) : notEvaluated(filename, at, events[at]!.ulid, err)));
  }
}

function toVerdict(v: string[]): PredicateVerdict {
  switch (v[0]) {
    case 'allow':
      return { allow: true };
    case 'deny':
      return { allow: false, code: 'PREDICATE_DENIED', reason: v[1] ?? '' };
    case 'threw':
      return { allow: false, code: 'PREDICATE_THREW', reason: `allow threw ${v[1] ?? ''}` };
    default:
      return { allow: false, code: 'PREDICATE_BAD_RESULT', reason: `allow returned ${v[1] ?? 'something else'}, not true or a reason string` };
  }
}

function stopped(err: unknown): PredicateVerdict {
  if (!isGatosError(err)) throw err;
  return { allow: false, code: err.code as PredicateDenialCode, reason: err.message.split('\n')[0]! };
}

function notEvaluated(filename: string, at: number, ulid: string, err: unknown): PredicateVerdict {
  const code = isGatosError(err) ? err.code : 'FOLD_ENGINE_ABORTED';
  return { allow: false, code: 'PREDICATE_NOT_EVALUATED', reason: `not evaluated: ${filename} stopped at event #${at} (${ulid}) with ${code}` };
}
