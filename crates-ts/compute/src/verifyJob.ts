import type { ObjectStore, RefStore } from '@gatos/core';
import { checkJobRecord, type JobVerdict } from './checkJobRecord.js';
import { loadJobRecord } from './loadJobRecord.js';

/**
 * Loads a job's records and verifies its result (`git gatos job verify`): the manifest id
 * recomputed, PoE digest and signature, claimant = worker, ancestry result → claim → job, and
 * output digests against the stored blobs. Throws only `JOB_NOT_FOUND`/`JOB_BAD_ID`; every other
 * problem is a failed check in the verdict.
 * @example const verdict = await verifyJob(repo, 'blake3:…'); if (!verdict.ok) process.exitCode = 1;
 */
export async function verifyJob(store: { objects: ObjectStore; refs: RefStore }, jobId: string): Promise<JobVerdict> {
  return checkJobRecord(await loadJobRecord(store, jobId));
}
