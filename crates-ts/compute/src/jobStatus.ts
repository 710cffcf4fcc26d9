import { decodeCommit, parseMessage, trailerValue, type ObjectStore, type Oid, type RefStore } from '@gatos/core';
import { formatJobId, jobIdHex } from './jobId.js';
import { JOBS_PREFIX } from './jobRefs.js';

/** The states this slice derives from refs; the folded lifecycle (running, aborted) comes later. */
export type JobState = 'pending' | 'claimed' | 'succeeded' | 'failed';

export interface JobStatus {
  readonly jobId: string;
  readonly state: JobState;
  readonly job: Oid | null;
  readonly claim: Oid | null;
  readonly result: Oid | null;
  /** The claimant's key, when claimed. */
  readonly workerId: string | null;
}

const RECORD = /^refs\/gatos\/jobs\/([0-9a-f]{64})\/(job|claim|result)$/;

/**
 * The state of every job (or of one), derived from its refs: a result decides succeeded/failed
 * (from the result commit's subject), else a claim means claimed, else pending. Sorted by job id.
 * @example await jobStatus(repo) // [{ jobId: 'blake3:…', state: 'succeeded', … }]
 */
export async function jobStatus(store: { objects: ObjectStore; refs: RefStore }, jobId?: string): Promise<JobStatus[]> {
  const prefix = jobId === undefined ? JOBS_PREFIX : `${JOBS_PREFIX}${jobIdHex(jobId)}/`;
  const byJob = new Map<string, { job: Oid | null; claim: Oid | null; result: Oid | null }>();
  for (const { ref, oid } of await store.refs.list(prefix)) {
    const m = RECORD.exec(ref);
    if (!m) continue;
    const entry = byJob.get(m[1]!) ?? { job: null, claim: null, result: null };
    entry[m[2] as 'job' | 'claim' | 'result'] = oid;
    byJob.set(m[1]!, entry);
  }
  const out: JobStatus[] = [];
  for (const [hex, refs] of [...byJob].sort(([a], [b]) => (a < b ? -1 : 1))) {
    let state: JobState = refs.claim === null ? 'pending' : 'claimed';
    let workerId: string | null = null;
    if (refs.claim !== null) workerId = trailerValue(parseMessage(decodeCommit((await store.objects.read(refs.claim)).body).message).trailers, 'Worker-Id');
    if (refs.result !== null) {
      const subject = parseMessage(decodeCommit((await store.objects.read(refs.result)).body).message).subject;
      state = subject === 'jobs.result succeeded' ? 'succeeded' : 'failed';
    }
    out.push({ jobId: formatJobId(hex), state, ...refs, workerId });
  }
  return out;
}
