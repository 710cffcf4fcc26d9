import type { FoldState } from '../types.js';

/** A predicate's answer about one state: good, bad, or cannot be tested (skip). */
export type StateVerdict = 'good' | 'bad' | 'skip';

/** Decides whether a state is good. `events` = how many events (in fold order) the state holds. */
export interface StatePredicate {
  /** Shown in progress lines and errors (a file name or a command line). */
  readonly describe: string;
  /** Throws `BISECT_PREDICATE_FAILED` when the predicate itself could not decide (it is not a verdict). */
  evaluate(state: FoldState, at: { events: number }): Promise<StateVerdict>;
}
