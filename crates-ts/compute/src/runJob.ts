import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatPublicKey, isGatosError, type Clock, type ObjectStore, type Oid, type RefStore, type Signer } from '@gatos/core';
import { buildResult, type ResultRecord } from './buildResult.js';
import { claimJob, claimOf, readClaimTip, type JobClaim } from './claimChain.js';
import { collectOutputs } from './collectOutputs.js';
import { jobError } from './errors.js';
import { executeCommand, type Execution } from './executeCommand.js';
import { jobRef } from './jobRefs.js';
import { loadJob, type LoadedJob } from './loadJob.js';
import { recordLifecycle } from './lifecycleEvents.js';
import { materializeInputs, type InputSource } from './materializeInputs.js';
import { runEnvironment } from './runEnvironment.js';
import { runnerIdentity } from './runnerIdentity.js';

type Store = { objects: ObjectStore; refs: RefStore };

export interface RunOptions {
  readonly clock: Clock;
  /** Bytes of stdout and of stderr kept (default 1 MiB each). */
  readonly maxStreamBytes?: number;
  /** Runner environment that `env: [NAME]` passes through from (default `process.env`). */
  readonly runnerEnv?: Readonly<Record<string, string | undefined>>;
  /** Seconds a new claim's lease outlasts the job's timeout (default 120). */
  readonly leaseGraceSeconds?: number;
  /** Where inputs come from; a job with inputs and no source is refused (`JOB_INPUTS_UNSUPPORTED`). */
  readonly inputSource?: InputSource;
  /**
   * Makes a fresh claim authoritative (e.g. pushes it to a remote). Resolve false when another
   * claimant won; the run then ends with `JOB_ALREADY_CLAIMED` and the hook must have undone the local claim.
   */
  readonly confirmClaim?: (claim: JobClaim) => Promise<boolean>;
  /**
   * Polled while the job runs: false when this worker no longer holds the claim (cancelled, or its
   * lease expired). Default: the local claim ref still points at the claim.
   */
  readonly claimHeld?: (claim: JobClaim) => Promise<boolean>;
  /** How often `claimHeld` is polled, in ms (default 1000). */
  readonly watchMs?: number;
}

export interface JobRun {
  readonly jobId: string;
  readonly claim: Oid;
  readonly attempt: number;
  readonly commit: Oid;
  readonly ref: string;
  readonly poe: string;
  readonly result: ResultRecord;
}

/**
 * Claims and runs one job, then records its result (SPEC-DIGEST §4, §7, ADR-0014, ADR-0017): a fresh
 * temp work directory with the inputs materialised, only the manifest's environment plus a fixed PATH,
 * argv spawned without a shell, the timeout enforced on the process group, streams captured with a
 * cap, declared outputs stored by content id, and a signed PoE. Each step is journalled as a lifecycle
 * event (`jobs.claim`, `jobs.start`, `jobs.result`). The result is written only while the claim is the
 * tip of the claim chain and its lease has not ended, in one transaction with that check.
 * A claim this worker already holds (an earlier run that crashed before its result) is resumed.
 * Throws `JOB_NOT_FOUND`, `JOB_ALREADY_CLAIMED`, `JOB_ALREADY_FINISHED`, `JOB_ABORTED`,
 * `JOB_LEASE_EXPIRED` or `JOB_INPUTS_UNSUPPORTED`; a failing job is not an error: it is a result with
 * `status: 'failed'`.
 *
 * @example
 * const run = await runJob(repo, 'blake3:…', signer, { clock: systemClock });
 */
export async function runJob(store: Store, jobId: string, worker: Signer, options: RunOptions): Promise<JobRun> {
  const job = await loadJob(store, jobId);
  const resultRef = jobRef(job.jobId, 'result');
  if ((await store.refs.read(resultRef)) !== null) {
    throw jobError('JOB_ALREADY_FINISHED', `job ${job.jobId} already has a result (${resultRef}); see \`git gatos job verify\``, { data: { ref: resultRef } });
  }
  const inputs = job.manifest.inputs ?? [];
  if (inputs.length > 0 && options.inputSource === undefined) {
    throw jobError('JOB_INPUTS_UNSUPPORTED', `job ${job.jobId} declares inputs and this runner has no blob store to fetch them from`, { data: { job_id: job.jobId } });
  }
  assertRelativeCwd(job.manifest.cwd);
  const claim = await claimOrResume(store, job, worker, options);
  const lifecycle = { clock: options.clock };
  await recordLifecycle(store, worker, {
    type: 'jobs.claim',
    payload: { job_id: job.jobId, attempt: claim.attempt, claim: claim.commit, claim_ulid: claim.ulid, lease_seconds: claim.leaseSeconds ?? 0 },
  }, lifecycle);
  const work = mkdtempSync(join(tmpdir(), 'gatos-job-'));
  try {
    const cwd = job.manifest.cwd === undefined ? work : join(work, job.manifest.cwd);
    mkdirSync(cwd, { recursive: true });
    const inputProblem = inputs.length > 0 ? await materializeInputs(work, inputs, options.inputSource!) : null;
    await recordLifecycle(store, worker, { type: 'jobs.start', payload: { job_id: job.jobId, attempt: claim.attempt } }, lifecycle);
    const startedMs = options.clock.now();
    const execution = inputProblem !== null ? notRun(`input unavailable: ${inputProblem.error}`) : await watched(store, claim, options, (signal) => executeCommand({
      argv: [...job.manifest.command, ...job.manifest.args],
      cwd,
      env: runEnvironment(job.manifest, options.runnerEnv ?? process.env),
      timeoutMs: job.manifest.timeout * 1000,
      signal,
      ...(options.maxStreamBytes === undefined ? {} : { maxStreamBytes: options.maxStreamBytes }),
    }));
    const finishedMs = options.clock.now();
    const outputs = inputProblem !== null ? [] : collectOutputs(cwd, job.manifest.outputs ?? []);
    const built = buildResult({ jobId: job.jobId, claimCommit: claim.commit, execution, outputs, runner: runnerIdentity(), startedMs, finishedMs, manifest: job.manifest }, worker);
    await store.objects.write(built.objects);
    await recordResultRef(store, claim, resultRef, built.oid, options.clock);
    await recordLifecycle(store, worker, {
      type: 'jobs.result',
      payload: { job_id: job.jobId, attempt: claim.attempt, status: built.result.status, result: built.oid, poe: built.poeId },
    }, lifecycle);
    return { jobId: job.jobId, claim: claim.commit, attempt: claim.attempt, commit: built.oid, ref: resultRef, poe: built.poeId, result: built.result };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** A new claim (confirmed through the hook), or this worker's own claim from an earlier, interrupted run. */
async function claimOrResume(store: Store, job: LoadedJob, worker: Signer, options: RunOptions): Promise<JobClaim> {
  const tip = await readClaimTip(store, job.jobId);
  if (tip?.kind === 'claim' && tip.workerId === formatPublicKey(worker.publicKey)) {
    const own = claimOf(job, tip);
    // A lease that ran out while this worker was away stays ours until a manager expires it; running
    // now could not be recorded anyway.
    if (own.deadlineMs !== null && options.clock.now() >= own.deadlineMs) throw await lostClaim(store, own);
    return own;
  }
  const claim = await claimJob(store, job.jobId, worker, { clock: options.clock, ...(options.leaseGraceSeconds === undefined ? {} : { leaseGraceSeconds: options.leaseGraceSeconds }) });
  if (options.confirmClaim && !(await options.confirmClaim(claim))) {
    throw jobError('JOB_ALREADY_CLAIMED', `job ${job.jobId} was claimed by another worker first`, { data: { ref: claim.ref, job_id: job.jobId } });
  }
  return claim;
}

/**
 * Runs `task`, polling whether the claim is still held; when it is not (the job was cancelled or the
 * lease expired under it), the process group is killed and the run ends without a result.
 */
async function watched(store: Store, claim: JobClaim, options: RunOptions, task: (signal: AbortSignal) => Promise<Execution>): Promise<Execution> {
  const controller = new AbortController();
  const held = options.claimHeld ?? (async (c: JobClaim) => (await store.refs.read(c.ref)) === c.commit);
  let lost = false;
  let polling: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    polling = polling.then(async () => {
      if (controller.signal.aborted) return;
      const stillHeld = await held(claim).catch(() => true); // an unreachable remote is not a lost claim
      const pastDeadline = claim.deadlineMs !== null && options.clock.now() >= claim.deadlineMs;
      if (!stillHeld || pastDeadline) {
        lost = true;
        controller.abort();
      }
    });
  }, options.watchMs ?? 1000);
  try {
    const execution = await task(controller.signal);
    if (lost) throw await lostClaim(store, claim);
    return execution;
  } finally {
    clearInterval(timer);
    await polling;
  }
}

async function lostClaim(store: Store, claim: JobClaim): Promise<Error> {
  const tip = await readClaimTip(store, claim.jobId).catch(() => null);
  if (tip?.kind === 'abort') {
    return jobError('JOB_ABORTED', `job ${claim.jobId} was cancelled by ${tip.actor} while it ran; it was stopped and no result was recorded`, { data: { job_id: claim.jobId, abort: tip.commit } });
  }
  return jobError('JOB_LEASE_EXPIRED', `the lease of claim ${claim.commit} on job ${claim.jobId} ended while the job ran; it was stopped and no result was recorded`, {
    data: { job_id: claim.jobId, claim: claim.commit, deadline: claim.deadlineMs },
  });
}

/**
 * Creates the result ref in one transaction with a check that the claim is still the chain's tip,
 * and only before the lease deadline (ADR-0017): a result never lands after its claim was expired or
 * aborted, so two owners of one job cannot both record.
 */
async function recordResultRef(store: Store, claim: JobClaim, resultRef: string, result: Oid, clock: Clock): Promise<void> {
  if (claim.deadlineMs !== null && clock.now() >= claim.deadlineMs) throw await lostClaim(store, claim);
  try {
    await store.refs.compareAndSwapMany([
      { ref: claim.ref, expected: claim.commit, next: claim.commit },
      { ref: resultRef, expected: null, next: result },
    ]);
  } catch (err) {
    if (!isGatosError(err, 'REF_CAS_MISMATCH')) throw err;
    if (err.data.ref === resultRef) throw jobError('JOB_ALREADY_FINISHED', `job ${claim.jobId} already has a result (${resultRef})`, { data: { ref: resultRef }, cause: err });
    throw await lostClaim(store, claim);
  }
}

/** The execution record of a job that was not started (its inputs could not be materialised). */
function notRun(reason: string): Execution {
  const empty = { bytes: new Uint8Array(0), truncated: false };
  return { exitCode: null, signal: null, timedOut: false, spawnError: reason, stdout: empty, stderr: empty };
}

/** Refuses (before claiming) a manifest `cwd` that would leave the work directory. */
function assertRelativeCwd(cwd: string | undefined): void {
  if (cwd !== undefined && (cwd.startsWith('/') || cwd.split('/').some((p) => p === '..' || p === ''))) {
    throw jobError('JOB_BAD_MANIFEST', `manifest field "cwd" must be a relative path inside the work directory, not ${JSON.stringify(cwd)}`, { data: { field: 'cwd' } });
  }
}
