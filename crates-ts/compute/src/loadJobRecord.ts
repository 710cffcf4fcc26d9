import { decodeCommit, readTreeFiles, type DecodedCommit, type ObjectStore, type Oid, type RefStore } from '@gatos/core';
import { jobError } from './errors.js';
import { formatJobId } from './jobId.js';
import { jobRef, type JobRefKind } from './jobRefs.js';

/** One loaded commit of a job: id, decoded commit and every file of its tree. */
export interface LoadedCommit {
  readonly oid: Oid;
  readonly commit: DecodedCommit;
  readonly files: ReadonlyMap<string, Uint8Array>;
}

/** Everything `checkJobRecord` needs, read from the repository in one place. */
export interface JobRecord {
  readonly jobId: string;
  readonly job: LoadedCommit;
  readonly claim: LoadedCommit | null;
  readonly result: LoadedCommit | null;
  /**
   * The claim chain between the job and the claim, oldest first (earlier attempts' claims and their
   * lease expiries; empty for a first-attempt claim). Its walk stops after 64 records or at a root.
   */
  readonly chain: ReadonlyArray<{ readonly oid: Oid; readonly commit: DecodedCommit }>;
}

/** Records of earlier attempts followed back from a claim; a job retried more often than this is refused. */
const MAX_CHAIN = 64;

async function loadCommit(store: { objects: ObjectStore; refs: RefStore }, jobId: string, kind: JobRefKind): Promise<LoadedCommit | null> {
  const oid = await store.refs.read(jobRef(jobId, kind));
  if (oid === null) return null;
  const commit = decodeCommit((await store.objects.read(oid)).body);
  return { oid, commit, files: await readTreeFiles(store.objects, commit.tree, 1000) };
}

/**
 * Reads the job, claim and result commits of a job (with their trees). Throws `JOB_NOT_FOUND`
 * when there is no job commit.
 */
export async function loadJobRecord(store: { objects: ObjectStore; refs: RefStore }, jobId: string): Promise<JobRecord> {
  const id = formatJobId(jobId);
  const job = await loadCommit(store, id, 'job');
  if (job === null) throw jobError('JOB_NOT_FOUND', `no job ${id} (${jobRef(id, 'job')} does not exist)`, { data: { ref: jobRef(id, 'job') } });
  const claim = await loadCommit(store, id, 'claim');
  const chain: Array<{ oid: Oid; commit: DecodedCommit }> = [];
  for (let at = claim?.commit.parents[0]; at !== undefined && at !== job.oid && chain.length < MAX_CHAIN;) {
    const commit = decodeCommit((await store.objects.read(at)).body);
    chain.unshift({ oid: at, commit });
    at = commit.parents[0];
  }
  return { jobId: id, job, claim, result: await loadCommit(store, id, 'result'), chain };
}
