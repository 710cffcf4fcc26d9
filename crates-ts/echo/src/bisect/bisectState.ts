/**
 * `git gatos bisect` (ADR-0020): binary search over the prefixes of a state's event sequence for the
 * first event after which a predicate no longer holds. Read-only: states between checkpoints are folded
 * in memory from the nearest usable checkpoint or already-evaluated good state; nothing is written.
 */
import { GatosError, type ObjectStore, type Oid, type RefStore } from '@gatos/core';
import { currentHeads } from '../checkpoint/currentHeads.js';
import type { LedgerHeads } from '../checkpoint/ledgerHeads.js';
import { readWindowEvents } from '../checkpoint/readWindowEvents.js';
import { stateName, stateRef } from '../checkpoint/stateRef.js';
import type { CompiledFold } from '../foldSpec/compileFold.js';
import { runFold } from '../runFold.js';
import type { FoldEvent, FoldLimits, FoldState } from '../types.js';
import { resolvePoint, type BisectPoint, type ResolvedPoint } from './bisectPoint.js';
import { listSnapshots, snapshotState, type Snapshot } from './checkpointSnapshots.js';
import type { StatePredicate, StateVerdict } from './statePredicate.js';

export interface BisectOptions {
  readonly fold: CompiledFold;
  readonly good: BisectPoint;
  readonly bad: BisectPoint;
  readonly predicate: StatePredicate;
  /** Neighbours shown on each side of the first bad event (default 1). */
  readonly context?: number;
  /** Test override of the pinned fold limits (folds only; a JS predicate has its own). */
  readonly limits?: Partial<FoldLimits>;
  /** One line per evaluation, for stderr. */
  readonly onProgress?: (line: string) => void;
}

/** An event of the sequence with its 0-based position in fold order. */
export interface BisectEvent extends FoldEvent {
  readonly index: number;
}

export interface BisectStep {
  /** The state evaluated: the fold of the first `events` events. */
  readonly events: number;
  readonly verdict: StateVerdict;
  /** Where folding started: a checkpoint commit, `last-good` (the last state found good) or `genesis`. */
  readonly base: Oid | 'last-good' | 'genesis';
  /** Events folded for this evaluation. */
  readonly folded: number;
}

export interface BisectResult {
  readonly state: string;
  readonly ref: string;
  readonly fold: string;
  readonly predicate: string;
  /** Events in the sequence now (all journals of the fold's inputs). */
  readonly total: number;
  readonly good: ResolvedPoint;
  readonly bad: ResolvedPoint;
  /** True when one event was isolated; false when skipped states left several candidates. */
  readonly found: boolean;
  /** The first bad event: the state before it is good, the state after it is bad. */
  readonly firstBad: BisectEvent | null;
  /** The first bad event with its neighbours (or, when not found, every candidate). */
  readonly window: BisectEvent[];
  /** States evaluated (= predicate runs), including the two end points. */
  readonly evaluations: number;
  /** Events folded in total, over all evaluations. */
  readonly eventsFolded: number;
  readonly steps: BisectStep[];
}

/**
 * Bisects state `fold` between `good` and `bad`. Checks first that the predicate holds at `good`
 * (`BISECT_GOOD_IS_BAD`) and fails at `bad` (`BISECT_BAD_IS_GOOD`); `BISECT_EMPTY_RANGE` /
 * `BISECT_RANGE_REVERSED` when the points do not bound at least one event. Without skips it evaluates
 * at most `2 + ceil(log2(bad − good))` states and folds O(bad − good) events in all.
 *
 * @example
 * const r = await bisectState(repo, { fold, good: parseBisectPoint('2026-11-01T00:00:00Z')!, bad: parseBisectPoint(tipCheckpoint)!,
 *   predicate: jsStatePredicate('export function check(s){ return s.balance >= 0 }', 'ok.js') });
 * r.firstBad // the event after which the balance went negative
 */
export async function bisectState(store: { objects: ObjectStore; refs: RefStore }, options: BisectOptions): Promise<BisectResult> {
  const { fold, predicate } = options;
  const progress = options.onProgress ?? (() => undefined);
  const name = stateName(fold.spec.inputs);
  const ref = stateRef(fold.spec.inputs);
  const heads = await currentHeads(store.refs, fold.spec.inputs);
  const { events } = await readWindowEvents(store.objects, Object.entries(heads).map(([r, head]) => ({ ref: r, head, base: null })));
  const good = await resolvePoint(store.objects, name, events, options.good);
  const bad = await resolvePoint(store.objects, name, events, options.bad);
  if (good.events === bad.events) {
    throw new GatosError('BISECT_EMPTY_RANGE', `--good ${good.text} and --bad ${bad.text} are the same state (${good.events} events): there is no event between them to blame`, {
      data: { good: good.events, bad: bad.events },
    });
  }
  if (good.events > bad.events) {
    throw new GatosError('BISECT_RANGE_REVERSED', `--good ${good.text} (${good.events} events) comes after --bad ${bad.text} (${bad.events} events); the good state must be the older one`, {
      data: { good: good.events, bad: bad.events },
    });
  }

  const tips = [await store.refs.read(ref), good.kind === 'checkpoint' ? good.commit : null, bad.kind === 'checkpoint' ? bad.commit : null].filter((c): c is Oid => c !== null);
  const states = new StateSource(store.objects, fold, name, heads, events, await listSnapshots(store.objects, tips, fold.foldRoot, events), options.limits);
  const steps: BisectStep[] = [];
  const evaluate = async (k: number): Promise<StateVerdict> => {
    const { state, base, folded } = await states.at(k);
    const verdict = await predicate.evaluate(state, { events: k });
    steps.push({ events: k, verdict, base, folded });
    const from = base === 'genesis' ? 'genesis' : base === 'last-good' ? 'the last good state' : `checkpoint ${base.slice(0, 12)}`;
    progress(`bisect: state after ${k} events${k > 0 ? ` (${events[k - 1]!.ulid})` : ''} is ${verdict} [${folded > 0 || base === 'genesis' ? `folded ${folded} from ${from}` : from}]`);
    if (verdict === 'good') states.remember(k, state);
    return verdict;
  };

  progress(`bisect: ${name}: ${bad.events - good.events} events between --good (${good.events}) and --bad (${bad.events}); about ${Math.ceil(Math.log2(bad.events - good.events))} steps`);
  const atGood = await evaluate(good.events);
  if (atGood !== 'good') throw endpoint('BISECT_GOOD_IS_BAD', `the predicate ${atGood === 'skip' ? 'skipped' : 'fails at'} --good ${good.text} (the state after ${good.events} events); it must hold there`, good, atGood);
  const atBad = await evaluate(bad.events);
  if (atBad !== 'bad') throw endpoint('BISECT_BAD_IS_GOOD', `the predicate ${atBad === 'skip' ? 'skipped' : 'holds at'} --bad ${bad.text} (the state after ${bad.events} events); it must fail there, or nothing flipped between the two points`, bad, atBad);

  // Invariant: the state after `lo` events is good, after `hi` events bad; skipped holds untestable prefixes.
  let lo = good.events;
  let hi = bad.events;
  const skipped = new Set<number>();
  while (hi - lo > 1) {
    const k = pick(lo, hi, skipped);
    if (k === null) break;
    const verdict = await evaluate(k);
    if (verdict === 'good') lo = k;
    else if (verdict === 'bad') hi = k;
    else skipped.add(k);
  }
  const context = Math.max(0, options.context ?? 1);
  const at = (i: number): BisectEvent => ({ ...events[i]!, index: i });
  const found = hi - lo === 1;
  const window = found
    ? range(Math.max(0, hi - 1 - context), Math.min(events.length, hi + context)).map(at)
    : range(lo, hi).map(at);
  const evaluations = steps.length;
  progress(found ? `bisect: first bad event #${hi - 1} ${events[hi - 1]!.cid} (${evaluations} evaluations)` : `bisect: skipped states leave ${hi - lo} candidate events (#${lo}..#${hi - 1})`);
  return {
    state: name, ref, fold: fold.spec.name, predicate: predicate.describe, total: events.length, good, bad, found,
    firstBad: found ? at(hi - 1) : null, window, evaluations, eventsFolded: steps.reduce((n, s) => n + s.folded, 0), steps,
  };
}

/** The midpoint of (lo, hi), or the untested prefix nearest to it; null when all are skipped. */
function pick(lo: number, hi: number, skipped: ReadonlySet<number>): number | null {
  const mid = lo + Math.floor((hi - lo) / 2);
  for (let d = 0; mid - d > lo || mid + d < hi; d++) {
    if (mid + d < hi && !skipped.has(mid + d)) return mid + d;
    if (mid - d > lo && !skipped.has(mid - d)) return mid - d;
  }
  return null;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}

function endpoint(code: string, message: string, point: ResolvedPoint, verdict: StateVerdict): GatosError {
  return new GatosError(code, message, { data: { point: point.text, events: point.events, verdict }, exitClass: 'check' });
}

/**
 * States by prefix length: from the nearest base at or before it — the newest remembered good state or
 * usable checkpoint — folding the events in between in memory. Every base precedes every later probe
 * (probes stay above the last good state), so one remembered state is enough.
 */
class StateSource {
  private memory: { events: number; state: FoldState } | null = null;
  private readonly usable: Snapshot[];

  constructor(
    private readonly objects: ObjectStore,
    private readonly fold: CompiledFold,
    private readonly name: string,
    private readonly heads: LedgerHeads,
    private readonly events: readonly FoldEvent[],
    snapshots: Snapshot[],
    private readonly limits: Partial<FoldLimits> | undefined,
  ) {
    this.usable = [...snapshots];
  }

  remember(events: number, state: FoldState): void {
    if (this.memory === null || events >= this.memory.events) this.memory = { events, state };
  }

  async at(k: number): Promise<{ state: FoldState; base: Oid | 'last-good' | 'genesis'; folded: number }> {
    let base: { events: number; state: FoldState | null; from: Oid | 'last-good' | 'genesis' } = { events: 0, state: null, from: 'genesis' };
    if (this.memory !== null && this.memory.events <= k) base = { events: this.memory.events, state: this.memory.state, from: 'last-good' };
    // Newest checkpoint at or before k that beats the remembered state; unusable ones are dropped for good.
    for (let i = this.usable.length - 1; i >= 0; i--) {
      const s = this.usable[i]!;
      if (s.events > k) continue;
      if (s.events <= base.events && base.from !== 'genesis') break;
      const state = await snapshotState(this.objects, s, this.name, this.heads);
      if (state === null) {
        this.usable.splice(i, 1);
        continue;
      }
      base = { events: s.events, state, from: s.commit };
      break;
    }
    if (base.state !== null && base.events === k) return { state: base.state, base: base.from, folded: 0 };
    const { state } = await runFold({
      source: this.fold.source,
      filename: `${this.fold.spec.name}:${this.fold.spec.entry}`,
      ...(base.state !== null ? { initialState: base.state } : {}),
      batches: [this.events.slice(base.events, k)],
      ...(this.limits ? { limits: this.limits } : {}),
    });
    return { state, base: base.from, folded: k - base.events };
  }
}
