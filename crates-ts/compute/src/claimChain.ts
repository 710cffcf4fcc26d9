/**
 * Moves on a job's claim chain (see claimRecords.ts and ADR-0017): claim, expire a stale lease,
 * abort. Each is one compare-and-swap from the tip the record was built on.
 */
import { formatPublicKey, isGatosError, newUlid, trailerValue, parseMessage, type Clock, type ObjectStore, type Oid, type RefStore, type Signer } from '@gatos/core';
import { ACTIVE_POLICY_REF, loadBundle } from '@gatos/policy';
import {
  ChainRecordError, DEFAULT_LEASE_GRACE_SECONDS, buildClaimRecord, buildSignedRecord, leaseDeadlineMs, readChainRecord,
  type ChainRecord, type ClaimRecord, type SignedRecord,
} from './claimRecords.js';
import { publishMessages } from '@gatos/mind';
import { jobError } from './errors.js';
import { recordLifecycle } from './lifecycleEvents.js';
import { JOBS_TOPIC } from './jobsTopic.js';
import { isJobManager } from './jobManager.js';
import { jobRef } from './jobRefs.js';
import { loadJob, type LoadedJob } from './loadJob.js';

type Store = { objects: ObjectStore; refs: RefStore };

export interface JobClaim {
  readonly jobId: string;
  readonly ref: string;
  readonly commit: Oid;
  readonly jobCommit: Oid;
  readonly workerId: string;
  readonly ulid: string;
  readonly attempt: number;
  readonly leaseSeconds: number | null;
  /** When the lease ends (ms since the epoch); the result must be recorded before it. */
  readonly deadlineMs: number | null;
}

/** The record at the tip of the job's claim chain, or null when nobody has claimed or aborted it. */
export async function readClaimTip(store: Store, jobId: string): Promise<ChainRecord | null> {
  const ref = jobRef(jobId, 'claim');
  const tip = await store.refs.read(ref);
  if (tip === null) return null;
  try {
    return await readChainRecord(store.objects, tip);
  } catch (err) {
    if (!(err instanceof ChainRecordError)) throw err;
    throw jobError('JOB_RECORD_INVALID', `${ref}: ${err.message}`, { data: { ref, commit: tip }, cause: err });
  }
}

/** The claim view of a claim record. */
export function claimOf(job: { jobId: string; commit: Oid }, record: ClaimRecord): JobClaim {
  return {
    jobId: job.jobId, ref: jobRef(job.jobId, 'claim'), commit: record.commit, jobCommit: job.commit, workerId: record.workerId,
    ulid: record.ulid, attempt: record.attempt, leaseSeconds: record.leaseSeconds, deadlineMs: leaseDeadlineMs(record),
  };
}

/**
 * Claims a job for `worker` (SPEC-DIGEST §7, I2): a claim record on the job commit (first attempt) or
 * on the lease expiry of the previous attempt, made the tip by compare-and-swap, so of any number of
 * racing claimants exactly one wins. The others get `JOB_ALREADY_CLAIMED` (data.claim, data.worker_id);
 * an aborted job gives `JOB_ABORTED`. The lease is the job's timeout plus `leaseGraceSeconds`.
 *
 * @example
 * const claim = await claimJob(repo, 'blake3:…', signer, { clock: systemClock });
 */
export async function claimJob(store: Store, jobId: string, worker: Signer, options: { clock: Clock; leaseGraceSeconds?: number }): Promise<JobClaim> {
  const job = await loadJob(store, jobId);
  const ref = jobRef(job.jobId, 'claim');
  const tip = await readClaimTip(store, job.jobId);
  if (tip?.kind === 'claim') throw alreadyClaimed(job.jobId, ref, tip);
  if (tip?.kind === 'abort') throw aborted(job.jobId, tip);
  const attempt = tip === null ? 1 : tip.attempt! + 1;
  const now = options.clock.now();
  const leaseSeconds = job.manifest.timeout + (options.leaseGraceSeconds ?? DEFAULT_LEASE_GRACE_SECONDS);
  const built = buildClaimRecord({ jobId: job.jobId, parent: tip?.commit ?? job.commit, worker, ulid: newUlid(now), attempt, leaseSeconds, timeMs: now });
  await store.objects.write(built.objects);
  try {
    await store.refs.compareAndSwap(ref, tip?.commit ?? null, built.oid);
  } catch (err) {
    if (!isGatosError(err, 'REF_CAS_MISMATCH')) throw err;
    const now2 = await readClaimTip(store, job.jobId);
    if (now2?.kind === 'abort') throw aborted(job.jobId, now2);
    throw jobError('JOB_ALREADY_CLAIMED', `job ${job.jobId} was claimed by another worker first (${ref} = ${now2?.commit ?? 'unknown'})`, {
      data: { ref, claim: now2?.commit ?? null, job_id: job.jobId, worker_id: now2?.kind === 'claim' ? now2.workerId : null }, cause: err,
    });
  }
  return claimOf(job, (await readChainRecord(store.objects, built.oid)) as ClaimRecord);
}

/**
 * Expires the lease of a stale claim (ADR-0017): allowed once the claim's deadline has passed and no
 * result exists, for a manager of the job (its submitter or a `jobs-admins` member). Writes a signed
 * `jobs.lease-expired` record on the claim; the job may then be claimed again (next attempt).
 * Throws `JOB_NOT_CLAIMED`, `JOB_LEASE_VALID` (data.deadline), `JOB_ALREADY_FINISHED`, `JOB_ABORTED`
 * or `JOB_NOT_AUTHORISED`.
 */
export async function expireLease(store: Store, jobId: string, signer: Signer, options: { clock: Clock; reason?: string }): Promise<{ commit: Oid; claim: ClaimRecord; job: LoadedJob }> {
  const job = await loadJob(store, jobId);
  const tip = await readClaimTip(store, job.jobId);
  if (tip?.kind === 'abort') throw aborted(job.jobId, tip);
  if (tip?.kind !== 'claim') throw jobError('JOB_NOT_CLAIMED', `job ${job.jobId} has no live claim to expire (${tip === null ? 'nobody claimed it' : 'its last lease already expired'})`, { data: { job_id: job.jobId } });
  await assertNoResult(store, job.jobId);
  const deadline = leaseDeadlineMs(tip);
  const now = options.clock.now();
  if (deadline === null || now < deadline) {
    throw jobError('JOB_LEASE_VALID', deadline === null
      ? `the claim ${tip.commit} of job ${job.jobId} has no lease; it can only be aborted (git gatos job cancel)`
      : `the lease of claim ${tip.commit} (worker ${tip.workerId}) runs until ${new Date(deadline).toISOString()}; it cannot be expired before then`, {
      data: { job_id: job.jobId, claim: tip.commit, deadline },
    });
  }
  await assertManager(store, job, signer, 'expire the lease of');
  const built = buildSignedRecord({
    kind: 'lease-expired', jobId: job.jobId, parent: tip.commit, signer, ulid: newUlid(now), reason: options.reason ?? 'lease expired',
    timeMs: now, attempt: tip.attempt, claim: tip.commit,
  });
  await store.objects.write(built.objects);
  await moveChain(store, job.jobId, tip.commit, built.oid);
  await recordLifecycle(store, signer, { type: 'jobs.lease-expired', payload: { job_id: job.jobId, attempt: tip.attempt, expiry: built.oid } }, options);
  // Workers acknowledged the first announcement when they saw the job claimed: announce it again.
  await publishMessages(store, JOBS_TOPIC, signer, [{ payload: { job_id: job.jobId, commit: job.commit, attempt: tip.attempt + 1 } }], options);
  return { commit: built.oid, claim: tip, job };
}

/**
 * Aborts a job (`jobs.abort`, SPEC-DIGEST §7: pending/claimed → aborted): a signed record at the tip
 * of the claim chain, by a manager of the job. Nothing can follow it: no claim, no result. A worker
 * running the job sees the chain move and stops it. Throws `JOB_ALREADY_FINISHED`, `JOB_ABORTED` or
 * `JOB_NOT_AUTHORISED`.
 */
export async function abortJob(store: Store, jobId: string, signer: Signer, options: { clock: Clock; reason?: string }): Promise<{ commit: Oid; previous: ChainRecord | null; job: LoadedJob }> {
  const job = await loadJob(store, jobId);
  const tip = await readClaimTip(store, job.jobId);
  if (tip?.kind === 'abort') throw aborted(job.jobId, tip);
  await assertNoResult(store, job.jobId);
  await assertManager(store, job, signer, 'cancel');
  const now = options.clock.now();
  const built = buildSignedRecord({
    kind: 'abort', jobId: job.jobId, parent: tip?.commit ?? job.commit, signer, ulid: newUlid(now), reason: options.reason ?? 'cancelled',
    timeMs: now, claim: tip?.kind === 'claim' ? tip.commit : null,
  });
  await store.objects.write(built.objects);
  await moveChain(store, job.jobId, tip?.commit ?? null, built.oid);
  await recordLifecycle(store, signer, { type: 'jobs.abort', payload: { job_id: job.jobId, abort: built.oid, reason: options.reason ?? 'cancelled' } }, options);
  return { commit: built.oid, previous: tip, job };
}

async function moveChain(store: Store, jobId: string, expected: Oid | null, next: Oid): Promise<void> {
  const ref = jobRef(jobId, 'claim');
  try {
    await store.refs.compareAndSwap(ref, expected, next);
  } catch (err) {
    if (!isGatosError(err, 'REF_CAS_MISMATCH')) throw err;
    throw jobError('JOB_CONFLICT', `the claim chain of job ${jobId} moved while writing (${ref}); look again with \`git gatos job status\``, { data: { ref }, cause: err });
  }
}

async function assertNoResult(store: Store, jobId: string): Promise<void> {
  const ref = jobRef(jobId, 'result');
  const result = await store.refs.read(ref);
  if (result !== null) throw jobError('JOB_ALREADY_FINISHED', `job ${jobId} already has a result (${ref} = ${result})`, { data: { ref, result } });
}

async function assertManager(store: Store, job: LoadedJob, signer: Signer, what: string): Promise<void> {
  const active = await store.refs.read(ACTIVE_POLICY_REF);
  const trust = active === null ? null : (await loadBundle(store.objects, active)).trust;
  const submitter = trailerValue(parseMessage(job.decoded.message).trailers, 'Submitted-By');
  const key = formatPublicKey(signer.publicKey);
  if (trust === null || !isJobManager(trust, submitter, signer.actor, key)) {
    throw jobError('JOB_NOT_AUTHORISED', `${signer.actor} may not ${what} job ${job.jobId}: only its submitter or a member of @jobs-admins in the active trust graph may`, {
      data: { job_id: job.jobId, actor: signer.actor },
    });
  }
}

function alreadyClaimed(jobId: string, ref: string, tip: ClaimRecord): Error {
  return jobError('JOB_ALREADY_CLAIMED', `job ${jobId} is already claimed by ${tip.workerId} (${ref} = ${tip.commit}, attempt ${tip.attempt})`, {
    data: { ref, claim: tip.commit, job_id: jobId, worker_id: tip.workerId },
  });
}

function aborted(jobId: string, tip: SignedRecord): Error {
  return jobError('JOB_ABORTED', `job ${jobId} was cancelled by ${tip.actor}${tip.reason ? ` (${tip.reason})` : ''}`, { data: { job_id: jobId, abort: tip.commit, by: tip.actor } });
}
