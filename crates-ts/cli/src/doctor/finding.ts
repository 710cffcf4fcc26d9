import type { Repository } from '@gatos/git';

export type Severity = 'error' | 'warning' | 'info';

/** The stable ids `git gatos doctor` reports (docs/doctor.md lists each with its remedy). */
export type FindingId =
  | 'ref.bad-name'
  | 'ref.non-ff'
  | 'ref.dangling'
  | 'journal.invalid'
  | 'state.pof-missing'
  | 'state.pof-mismatch'
  | 'hook.missing'
  | 'hook.outdated'
  | 'jobs.stale-claim'
  | 'policy.inactive-bundle'
  | 'bus.segment-over-threshold'
  | 'bus.ttl-no-summary';

/** One problem: what, how bad, where (a ref, object or path), and the one-line way out. */
export interface Finding {
  readonly id: FindingId;
  readonly severity: Severity;
  readonly subject: string;
  readonly message: string;
  readonly remedy: string;
}

/** What every check reads: the repository, whether to do the expensive work, and a progress sink. */
export interface DoctorContext {
  readonly repo: Repository;
  readonly deep: boolean;
  progress(line: string): void;
}

/** A check: a name for progress lines and a function from the repository to its findings. */
export interface Check {
  readonly name: string;
  run(ctx: DoctorContext): Promise<Finding[]>;
}
