import { decodeCommit, type DecodedCommit, type ObjectStore, type Oid, type RefStore } from '@gatos/core';
import { jobError } from './errors.js';
import { formatJobId } from './jobId.js';
import { jobRef } from './jobRefs.js';
import { normalizeManifest, type JobManifest } from './normalizeManifest.js';
import { manifestId } from './manifestId.js';

export interface LoadedJob {
  readonly jobId: string;
  readonly commit: Oid;
  readonly decoded: DecodedCommit;
  readonly manifest: JobManifest;
}

/**
 * Reads the job commit of `jobId` and its canonical manifest (`job.json`). Throws `JOB_NOT_FOUND`
 * when the job ref is absent and `JOB_RECORD_INVALID` when `job.json` does not hash to the id.
 */
export async function loadJob(store: { objects: ObjectStore; refs: RefStore }, jobId: string): Promise<LoadedJob> {
  const id = formatJobId(jobId);
  const ref = jobRef(id, 'job');
  const commit = await store.refs.read(ref);
  if (commit === null) throw jobError('JOB_NOT_FOUND', `no job ${id} (${ref} does not exist; submit it with \`git gatos job submit\`)`, { data: { ref } });
  const decoded = decodeCommit((await store.objects.read(commit)).body);
  let manifest: JobManifest;
  try {
    manifest = normalizeManifest(JSON.parse(new TextDecoder().decode((await store.objects.read(`${commit}:job.json`)).body))).manifest;
  } catch (err) {
    throw jobError('JOB_RECORD_INVALID', `job commit ${commit} has no valid job.json`, { data: { ref, commit }, cause: err });
  }
  if (manifestId(manifest) !== id) {
    throw jobError('JOB_RECORD_INVALID', `job.json of ${commit} hashes to ${manifestId(manifest)}, not ${id}`, { data: { ref, commit } });
  }
  return { jobId: id, commit, decoded, manifest };
}
