/**
 * One round of a job worker (ADR-0014 "Worker"): read the unacknowledged `gatos.jobs.pending`
 * messages of a consumer, claim and run each announced job, and acknowledge what was handled.
 * Where claims are decided (the local ref store, or a remote's ref lock and gate) is a hook, so the
 * same loop serves `git gatos worker` with and without `--remote`.
 */
import { isGatosError, GatosError, type Clock, type ObjectStore, type RefStore, type Signer } from '@gatos/core';
import { ackMessages, readMessages, type AckResult } from '@gatos/mind';
import type { JobClaim } from './claimChain.js';
import { formatJobId } from './jobId.js';
import { jobRef } from './jobRefs.js';
import type { InputSource } from './materializeInputs.js';
import { runJob, type JobRun } from './runJob.js';
import { JOBS_TOPIC } from './submitJob.js';

/** Why a job was passed over without error: someone else holds it, it is done, or it was cancelled. */
export type SkipReason = 'claimed' | 'finished' | 'aborted';

export interface WorkerHooks {
  /**
   * Makes a fresh local claim authoritative (e.g. pushes it to a remote). Resolve false when another
   * claimant won; the job is then skipped and the hook is expected to have undone the local claim.
   */
  readonly confirmClaim?: (claim: JobClaim) => Promise<boolean>;
  /** Polled while a job runs: false when the claim was lost (see `RunOptions.claimHeld`). */
  readonly claimHeld?: (claim: JobClaim) => Promise<boolean>;
  /** Publishes a recorded result (e.g. pushes the result ref and the worker's journal). */
  readonly recorded?: (run: JobRun) => Promise<void>;
}

export interface WorkerRoundOptions {
  readonly clock: Clock;
  /** Bus consumer whose acknowledgements track progress (e.g. `worker-user-alice`). */
  readonly consumer: string;
  /** Jobs run at once (default 1). */
  readonly concurrency?: number;
  readonly hooks?: WorkerHooks;
  /** Seconds a claim's lease outlasts the job's timeout (default 120). */
  readonly leaseGraceSeconds?: number;
  /** Where job inputs come from. */
  readonly inputSource?: InputSource;
  /** Called as each job is settled, in completion order. */
  readonly onSettled?: (outcome: JobOutcomeEntry) => void;
}

/** How one announced job was settled in a round. */
export type JobOutcomeEntry =
  | { readonly kind: 'ran'; readonly jobId: string; readonly run: JobRun }
  | { readonly kind: 'skipped'; readonly jobId: string; readonly reason: SkipReason }
  | { readonly kind: 'error'; readonly jobId: string; readonly error: GatosError };

export interface WorkerRound {
  readonly outcomes: readonly JobOutcomeEntry[];
  /** The acknowledgement written for the handled messages, or null when nothing was acknowledged. */
  readonly ack: AckResult | null;
}

type Store = { objects: ObjectStore; refs: RefStore };

/**
 * Handles every job announced on `gatos.jobs.pending` that `consumer` has not acknowledged: jobs
 * claimed by another worker or already finished are acknowledged and skipped; the rest are claimed
 * (confirmed through `hooks.confirmClaim`), run with `runJob`, published through `hooks.recorded`
 * and acknowledged. A job that errors stays unacknowledged, so a later round retries it.
 *
 * @example
 * const round = await workPendingJobs(repo, signer, { clock: systemClock, consumer: 'worker-user-alice' });
 */
export async function workPendingJobs(store: Store, worker: Signer, options: WorkerRoundOptions): Promise<WorkerRound> {
  const { messages } = await readMessages(store, JOBS_TOPIC, options.consumer);
  const queue = messages.map((m) => ({ ulid: m.ulid, jobId: m.payload.job_id }));
  const outcomes: JobOutcomeEntry[] = [];
  const handled: string[] = [];
  const lane = async (): Promise<void> => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      const outcome = await settle(store, worker, String(next.jobId), options);
      outcomes.push(outcome);
      if (outcome.kind !== 'error') handled.push(next.ulid);
      options.onSettled?.(outcome);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 1) }, lane));
  const ack = handled.length === 0 ? null : await ackMessages(store, JOBS_TOPIC, options.consumer, worker, handled, { clock: options.clock });
  return { outcomes, ack };
}

async function settle(store: Store, worker: Signer, rawId: string, options: WorkerRoundOptions): Promise<JobOutcomeEntry> {
  let jobId = rawId;
  try {
    jobId = formatJobId(rawId);
    if ((await store.refs.read(jobRef(jobId, 'result'))) !== null) return { kind: 'skipped', jobId, reason: 'finished' };
    const hooks = options.hooks ?? {};
    const run = await runJob(store, jobId, worker, {
      clock: options.clock,
      ...(options.leaseGraceSeconds === undefined ? {} : { leaseGraceSeconds: options.leaseGraceSeconds }),
      ...(options.inputSource ? { inputSource: options.inputSource } : {}),
      ...(hooks.confirmClaim ? { confirmClaim: hooks.confirmClaim } : {}),
      ...(hooks.claimHeld ? { claimHeld: hooks.claimHeld } : {}),
    });
    await hooks.recorded?.(run);
    return { kind: 'ran', jobId, run };
  } catch (err) {
    if (isGatosError(err, 'JOB_ALREADY_CLAIMED')) return { kind: 'skipped', jobId, reason: 'claimed' };
    if (isGatosError(err, 'JOB_ALREADY_FINISHED')) return { kind: 'skipped', jobId, reason: 'finished' };
    if (isGatosError(err, 'JOB_ABORTED')) return { kind: 'skipped', jobId, reason: 'aborted' };
    const error = err instanceof GatosError ? err : new GatosError('JOB_WORKER_FAILED', `job ${jobId}: ${err instanceof Error ? err.message : String(err)}`, { cause: err, exitClass: 'check' });
    return { kind: 'error', jobId, error };
  }
}
