import { decodeCommit, formatPublicKey, isGatosError, type Clock, type ObjectStore, type Oid, type RefStore, type Signer } from '@gatos/core';
import { publishMessages } from '@gatos/mind';
import { ACTIVE_POLICY_REF, loadBundle } from '@gatos/policy';
import { JOBS_ADMIN_GROUP } from './claimRecords.js';
import { recordLifecycle } from './lifecycleEvents.js';
import { JOBS_TOPIC } from './jobsTopic.js';
import { jobError } from './errors.js';
import { buildJobCommit } from './jobCommit.js';
import { jobRef } from './jobRefs.js';
import { jobUlid } from './jobUlid.js';
import { manifestBytes, manifestId } from './manifestId.js';
import { parseManifest } from './parseManifest.js';
import type { JobManifest } from './normalizeManifest.js';

export { JOBS_TOPIC } from './jobsTopic.js';

export interface SubmittedJob {
  readonly jobId: string;
  readonly ref: string;
  readonly commit: Oid;
  readonly manifest: JobManifest;
  /** True when the job was already submitted: nothing new was written. */
  readonly existed: boolean;
  /** The discovery message on `gatos.jobs.pending`. */
  readonly message: { readonly topic: string; readonly ulid: string; readonly offset: string };
}

/**
 * Submits a job: writes the job commit (tree `job.yaml` as given + `job.json` canonical manifest,
 * trailers `Job-Id`, `Submitted-By`) at `refs/gatos/jobs/<hex>/job` by create-only compare-and-swap,
 * then publishes `{job_id, commit}` on `gatos.jobs.pending` with a ULID derived from the job, so a
 * repeated submit is idempotent end to end. The submitter's key must be trusted by the active policy.
 * Throws `JOB_BAD_MANIFEST`/`JOB_BAD_TIMEOUT` for a bad manifest, and bus errors from publishing.
 *
 * @example
 * const job = await submitJob(repo, readFileSync('job.yaml', 'utf8'), signer, { clock: systemClock });
 */
export async function submitJob(
  store: { objects: ObjectStore; refs: RefStore },
  yamlText: string,
  signer: Signer,
  options: { clock: Clock },
): Promise<SubmittedJob> {
  const { manifest } = parseManifest(yamlText);
  const jobId = manifestId(manifest);
  const ref = jobRef(jobId, 'job');
  let commit = await store.refs.read(ref);
  const existed = commit !== null;
  if (commit === null) {
    const built = buildJobCommit({
      files: new Map([['job.yaml', new TextEncoder().encode(yamlText)], ['job.json', manifestBytes(manifest)]]),
      parent: null,
      subject: 'jobs.enqueue',
      trailers: [['Job-Id', jobId], ['Submitted-By', formatPublicKey(signer.publicKey)]],
      timeMs: options.clock.now(),
    });
    await store.objects.write(built.objects);
    try {
      await store.refs.compareAndSwap(ref, null, built.oid);
      commit = built.oid;
    } catch (err) {
      if (!isGatosError(err, 'REF_CAS_MISMATCH')) throw err;
      // Another submitter of the same job won the race; theirs is the job commit.
      commit = await store.refs.read(ref);
      if (commit === null) throw jobError('JOB_CONFLICT', `job ref ${ref} changed while submitting; retry`, { data: { ref }, cause: err });
    }
  }
  const timeMs = (await jobCommitTime(store.objects, commit)) * 1000;
  const ulid = jobUlid(timeMs, jobId);
  await recordLifecycle(store, signer, { type: 'jobs.enqueue', ulid, payload: { job_id: jobId, commit, managers: await admins(store) } }, options).catch((err: unknown) => {
    // Resubmitted after @jobs-admins changed: the job was enqueued already, with the managers of then.
    if (!isGatosError(err, 'LEDGER_ULID_CONFLICT')) throw err;
  });
  const [published] = await publishMessages(store, JOBS_TOPIC, signer, [{ ulid, payload: { job_id: jobId, commit } }], { clock: options.clock });
  return { jobId, ref, commit, manifest, existed, message: { topic: JOBS_TOPIC, ulid, offset: published!.offset } };
}

/** Members of `@jobs-admins` now: with the submitter, they may cancel the job or expire its lease. */
async function admins(store: { objects: ObjectStore; refs: RefStore }): Promise<string[]> {
  const active = await store.refs.read(ACTIVE_POLICY_REF);
  return active === null ? [] : [...((await loadBundle(store.objects, active)).trust.groups[JOBS_ADMIN_GROUP] ?? [])];
}

/** The committer time (seconds) of a job commit: the ULID must not depend on who resubmits. */
async function jobCommitTime(objects: ObjectStore, oid: Oid): Promise<number> {
  return decodeCommit((await objects.read(oid)).body).committer.timestamp;
}
