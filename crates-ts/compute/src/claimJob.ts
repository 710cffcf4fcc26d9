import { canonicalJsonBytes, formatPublicKey, isGatosError, newUlid, type Clock, type ObjectStore, type Oid, type RefStore, type Signer } from '@gatos/core';
import { jobError } from './errors.js';
import { buildJobCommit } from './jobCommit.js';
import { jobRef } from './jobRefs.js';
import { loadJob } from './loadJob.js';

export interface JobClaim {
  readonly jobId: string;
  readonly ref: string;
  readonly commit: Oid;
  readonly jobCommit: Oid;
  readonly workerId: string;
  readonly ulid: string;
}

/**
 * Claims a job for `worker` (SPEC-DIGEST §7, I2): writes a claim commit (parent = job commit, tree
 * `claim.json {job_id, worker_id, ulid}`, trailers `Job-Id`, `Worker-Id`) and creates
 * `refs/gatos/jobs/<hex>/claim` by compare-and-swap from the zero id, so of any number of racing
 * claimants exactly one wins. The others get `JOB_ALREADY_CLAIMED` (data.worker_id = the ref's
 * current value); nothing is retried, because a claim that exists never becomes free here.
 *
 * @example
 * const claim = await claimJob(repo, 'blake3:…', signer, { clock: systemClock });
 */
export async function claimJob(store: { objects: ObjectStore; refs: RefStore }, jobId: string, worker: Signer, options: { clock: Clock }): Promise<JobClaim> {
  const job = await loadJob(store, jobId);
  const ref = jobRef(job.jobId, 'claim');
  const workerId = formatPublicKey(worker.publicKey);
  const ulid = newUlid(options.clock.now());
  const built = buildJobCommit({
    files: new Map([['claim.json', canonicalJsonBytes({ job_id: job.jobId, worker_id: workerId, ulid })]]),
    parent: job.commit,
    subject: 'jobs.claim',
    trailers: [['Job-Id', job.jobId], ['Worker-Id', workerId]],
    timeMs: options.clock.now(),
  });
  await store.objects.write(built.objects);
  try {
    await store.refs.compareAndSwap(ref, null, built.oid);
  } catch (err) {
    if (!isGatosError(err, 'REF_CAS_MISMATCH')) throw err;
    const current = await store.refs.read(ref);
    throw jobError('JOB_ALREADY_CLAIMED', `job ${job.jobId} is already claimed (${ref} = ${current ?? 'unknown'})`, {
      data: { ref, claim: current ?? null, job_id: job.jobId },
      cause: err,
    });
  }
  return { jobId: job.jobId, ref, commit: built.oid, jobCommit: job.commit, workerId, ulid };
}
