/**
 * `git gatos job status`: the lifecycle as the built-in `jobs` fold computes it (ADR-0017), next to
 * what the refs show now. The fold is the record anyone can re-derive and verify; the refs are where
 * claims are decided. They differ only briefly (a worker between a ref move and its event) or when a
 * lifecycle event was lost in a crash, and the output says so (`in_sync`).
 */
import { decodeCommit, parseMessage, type Clock, type ObjectStore, type Oid, type RefStore } from '@gatos/core';
import { previewFold } from '@gatos/echo';
import { ChainRecordError, leaseDeadlineMs, readChainRecord, type ChainRecord } from './claimRecords.js';
import { formatJobId, jobIdHex } from './jobId.js';
import { JOBS_PREFIX } from './jobRefs.js';
import { jobsFold } from './lifecycleFold.js';

export type JobState = 'pending' | 'claimed' | 'running' | 'succeeded' | 'failed' | 'aborted';

export interface JobStatus {
  readonly jobId: string;
  /** The folded lifecycle state (`pending` when the fold has not seen the job yet). */
  readonly state: JobState;
  /** The state the refs alone imply (running is not visible in refs: it shows as claimed). */
  readonly refState: JobState;
  /** False when fold and refs disagree (see the module comment). */
  readonly inSync: boolean;
  readonly job: Oid | null;
  /** The tip of the claim chain (a claim, a lease expiry or an abort), and what it is. */
  readonly claim: Oid | null;
  readonly chain: 'none' | ChainRecord['kind'] | 'invalid';
  readonly result: Oid | null;
  /** The claimant's key while claimed, and the claimant actor as folded. */
  readonly workerId: string | null;
  readonly worker: string | null;
  readonly attempt: number;
  readonly submittedBy: string | null;
  /** When the current claim's lease ends (RFC 3339), and whether that time has passed. */
  readonly leaseDeadline: string | null;
  readonly stale: boolean;
}

export interface JobStatusReport {
  readonly jobs: JobStatus[];
  /** The folded state's root and size; `checkpoint` is `refs/gatos/state/jobs` now and `upToDate` whether it holds this state. */
  readonly fold: { readonly stateRoot: string; readonly events: number; readonly rejected: number; readonly checkpoint: Oid | null; readonly upToDate: boolean };
}

interface FoldedJob {
  readonly status: JobState;
  readonly submitted_by: string | null;
  readonly attempt: number;
  readonly worker: string | null;
  readonly deadline_ms: number | null;
}

const RECORD = /^refs\/gatos\/jobs\/([0-9a-f]{64})\/(job|claim|result)$/;

/**
 * The status of every job (or of one), sorted by job id.
 * @example (await jobStatus(repo, undefined, { clock: systemClock })).jobs // [{ jobId: 'blake3:…', state: 'succeeded', … }]
 */
export async function jobStatus(store: { objects: ObjectStore; refs: RefStore }, jobId: string | undefined, options: { clock: Clock }): Promise<JobStatusReport> {
  const preview = await previewFold(store, jobsFold());
  const state = preview.state as unknown as { jobs: Record<string, FoldedJob>; rejected: number };
  const refs = await jobRefs(store.refs, jobId);
  const ids = new Set([...refs.keys(), ...Object.keys(state.jobs).map(jobIdHex)]);
  const wanted = jobId === undefined ? [...ids] : [jobIdHex(jobId)];
  const now = options.clock.now();
  const jobs: JobStatus[] = [];
  for (const hex of wanted.sort()) {
    const id = formatJobId(hex);
    const r = refs.get(hex) ?? { job: null, claim: null, result: null };
    const folded = state.jobs[id];
    const tip = await readTip(store.objects, r.claim);
    const resultStatus = r.result === null ? null : await resultState(store.objects, r.result);
    const refState: JobState = resultStatus ?? (tip === 'invalid' || tip === null ? 'pending' : tip.kind === 'claim' ? 'claimed' : tip.kind === 'abort' ? 'aborted' : 'pending');
    const stateNow: JobState = folded?.status ?? 'pending';
    const claimTip = tip !== null && tip !== 'invalid' && tip.kind === 'claim' ? tip : null;
    const deadline = claimTip === null ? null : leaseDeadlineMs(claimTip);
    if (r.job === null && folded === undefined) continue;
    jobs.push({
      jobId: id,
      state: stateNow,
      refState,
      inSync: refState === stateNow || (refState === 'claimed' && stateNow === 'running'),
      job: r.job,
      claim: r.claim,
      chain: tip === null ? 'none' : tip === 'invalid' ? 'invalid' : tip.kind,
      result: r.result,
      workerId: claimTip?.workerId ?? null,
      worker: folded?.worker ?? null,
      attempt: folded?.attempt ?? 0,
      submittedBy: folded?.submitted_by ?? null,
      leaseDeadline: deadline === null ? null : new Date(deadline).toISOString(),
      stale: deadline !== null && r.result === null && now >= deadline,
    });
  }
  return { jobs, fold: { stateRoot: preview.stateRoot, events: preview.events, rejected: state.rejected, checkpoint: preview.checkpoint, upToDate: preview.upToDate } };
}

async function jobRefs(refs: RefStore, jobId: string | undefined): Promise<Map<string, { job: Oid | null; claim: Oid | null; result: Oid | null }>> {
  const prefix = jobId === undefined ? JOBS_PREFIX : `${JOBS_PREFIX}${jobIdHex(jobId)}/`;
  const byJob = new Map<string, { job: Oid | null; claim: Oid | null; result: Oid | null }>();
  for (const { ref, oid } of await refs.list(prefix)) {
    const m = RECORD.exec(ref);
    if (!m) continue;
    const entry = byJob.get(m[1]!) ?? { job: null, claim: null, result: null };
    entry[m[2] as 'job' | 'claim' | 'result'] = oid;
    byJob.set(m[1]!, entry);
  }
  return byJob;
}

async function readTip(objects: ObjectStore, claim: Oid | null): Promise<ChainRecord | 'invalid' | null> {
  if (claim === null) return null;
  try {
    return await readChainRecord(objects, claim);
  } catch (err) {
    if (err instanceof ChainRecordError) return 'invalid';
    throw err;
  }
}

async function resultState(objects: ObjectStore, result: Oid): Promise<JobState> {
  const subject = parseMessage(decodeCommit((await objects.read(result)).body).message).subject;
  return subject === 'jobs.result succeeded' ? 'succeeded' : 'failed';
}
