/**
 * The job-plane rules (ADR-0017): `refs/gatos/jobs/<hex>/claim` moves only along its claim chain
 * (`gatos.jobs.claim-chain`), and `…/result` is accepted only from the current claimant, on the current
 * claim, before that claim's lease ends (`gatos.jobs.result`). Lease expiries are accepted only after
 * the deadline, by the gate's clock, so an expired worker's result and its successor's claim can never
 * both be accepted: the server's clock is the single arbiter, as its ref lock is for claims.
 */
import { decodeCommit, parseMessage, trailerValue, ulidTime, ZERO_OID, type Clock, type ObjectStore, type Oid, type RefStore } from '@gatos/core';
import { ChainRecordError, isJobManager, leaseDeadlineMs, readChainRecord, type ChainRecord, type ClaimRecord } from '@gatos/compute/records';
import type { TrustGraph } from '@gatos/policy';
import { isCreate, type PushUpdate } from './pushUpdate.js';
import type { Violation } from './violation.js';

/** How far a claim's own time may lie ahead of the gate's clock (a later claim would lengthen its lease). */
export const CLAIM_FUTURE_SKEW_MS = 5 * 60 * 1000;
/** Records one push may add to a claim chain. */
const MAX_CHAIN_STEPS = 8;

const JOB_REF = /^refs\/gatos\/jobs\/([0-9a-f]{64})\/(job|claim|result)$/;

interface Context {
  readonly objects: ObjectStore;
  readonly refs: RefStore;
  readonly clock: Clock;
  /** The active trust graph after the push, or null when no policy is active. */
  readonly trust: TrustGraph | null;
}

/** Checks every pushed claim and result ref; `updates` are those that passed the ref-level rules. */
export async function checkJobUpdates(updates: readonly PushUpdate[], ctx: Context): Promise<Violation[]> {
  const pushed = new Map(updates.map((u) => [u.ref, u.new] as const));
  const after = async (ref: string): Promise<Oid | null> => pushed.get(ref) ?? (await ctx.refs.read(ref));
  const out: Violation[] = [];
  for (const u of updates) {
    const m = JOB_REF.exec(u.ref);
    if (!m || m[2] === 'job') continue;
    const base = `refs/gatos/jobs/${m[1]}/`;
    const found = m[2] === 'claim' ? await checkClaim(u, `blake3:${m[1]}`, base, after, ctx) : await checkResult(u, base, after, ctx);
    if (found !== null) out.push({ rule: m[2] === 'claim' ? 'gatos.jobs.claim-chain' : 'gatos.jobs.result', ref: u.ref, commit: u.new, reason: found });
  }
  return out;
}

type After = (ref: string) => Promise<Oid | null>;

async function checkClaim(u: PushUpdate, jobId: string, base: string, after: After, ctx: Context): Promise<string | null> {
  const job = await after(`${base}job`);
  if (job === null) return `there is no job commit at ${base}job (push it with the claim)`;
  const stop = isCreate(u) ? job : u.old;
  // New records, newest first, back to the old tip (or the job commit for a new chain).
  const fresh: ChainRecord[] = [];
  for (let at: Oid | null = u.new; at !== stop; ) {
    if (at === null || fresh.length === MAX_CHAIN_STEPS) return `${u.new} does not lead back to ${stop} through at most ${MAX_CHAIN_STEPS} claim-chain records`;
    const record = await read(ctx.objects, at);
    if (typeof record === 'string') return record;
    if (record.jobId !== jobId) return `record ${record.commit} is for job ${record.jobId}, not ${jobId}`;
    fresh.push(record);
    at = record.parent;
  }
  let previous: ChainRecord | null = isCreate(u) ? null : await read(ctx.objects, u.old).then((r) => (typeof r === 'string' ? null : r));
  const submitter = await submittedBy(ctx.objects, job);
  for (const record of fresh.reverse()) {
    const problem = await transition(previous, record, submitter, base, after, ctx);
    if (problem !== null) return problem;
    previous = record;
  }
  return null;
}

/** Why `record` may not follow `previous` on a claim chain, or null when it may. */
async function transition(previous: ChainRecord | null, record: ChainRecord, submitter: string | null, base: string, after: After, ctx: Context): Promise<string | null> {
  const now = ctx.clock.now();
  if (previous?.kind === 'abort') return `job was cancelled (${previous.commit}); nothing may follow jobs.abort`;
  if (record.kind === 'claim') {
    if (previous?.kind === 'claim') return `claim ${record.commit} would replace the live claim ${previous.commit}; a claim is taken once (back off, or expire its lease after it ends)`;
    const attempt = previous === null ? 1 : previous.attempt! + 1;
    if (record.attempt !== attempt) return `claim ${record.commit} says attempt ${record.attempt}, expected ${attempt}`;
    if (ulidTime(record.ulid) > now + CLAIM_FUTURE_SKEW_MS) return `claim ${record.commit} is dated ${new Date(ulidTime(record.ulid)).toISOString()}, beyond the gate's clock`;
    return null;
  }
  if (!record.signatureValid) return `${record.kind} record ${record.commit}: the signature does not verify under ${record.signer}`;
  if (ctx.trust === null || !isJobManager(ctx.trust, submitter, record.actor, record.signer)) {
    return `${record.actor} (${record.signer}) may not ${record.kind === 'abort' ? 'cancel' : 'expire the lease of'} this job: only its submitter or a member of @jobs-admins may`;
  }
  const result = await after(`${base}result`);
  if (result !== null) return `the job already has a result (${result}); it can no longer be ${record.kind === 'abort' ? 'cancelled' : 'expired'}`;
  if (record.kind === 'abort') return null;
  if (previous?.kind !== 'claim') return `lease expiry ${record.commit} does not follow a claim`;
  if (record.attempt !== previous.attempt) return `lease expiry ${record.commit} names attempt ${record.attempt}, the claim is attempt ${previous.attempt}`;
  const deadline = leaseDeadlineMs(previous);
  if (deadline === null) return `claim ${previous.commit} has no lease; it can only be cancelled`;
  if (now < deadline) return `the lease of claim ${previous.commit} runs until ${new Date(deadline).toISOString()} by the gate's clock; it cannot be expired before then`;
  return null;
}

async function checkResult(u: PushUpdate, base: string, after: After, ctx: Context): Promise<string | null> {
  const object = await ctx.objects.read(u.new);
  if (object.type !== 'commit') return `${u.new} is a ${object.type}, not a result commit`;
  const decoded = decodeCommit(object.body);
  const parent = decoded.parents.length === 1 ? decoded.parents[0]! : null;
  const claimTip = await after(`${base}claim`);
  if (parent === null || parent !== claimTip) return `result ${u.new} is not a child of the current claim (${claimTip ?? 'none'}): it was cancelled, expired or never claimed`;
  const claim = await read(ctx.objects, parent);
  if (typeof claim === 'string' || claim.kind !== 'claim') return `result ${u.new} does not follow a claim record`;
  const worker = trailerValue(parseMessage(decoded.message).trailers, 'Worker-Id');
  if (worker !== claim.workerId) return `result Worker-Id ${worker ?? '(none)'} does not hold the claim (${claim.workerId})`;
  const deadline = leaseDeadlineMs(claim as ClaimRecord);
  if (deadline !== null && ctx.clock.now() >= deadline) return `the lease of claim ${claim.commit} ended at ${new Date(deadline).toISOString()} by the gate's clock; a late result is refused`;
  return null;
}

async function read(objects: ObjectStore, oid: Oid): Promise<ChainRecord | string> {
  if (oid === ZERO_OID) return 'no record';
  try {
    return await readChainRecord(objects, oid);
  } catch (err) {
    if (err instanceof ChainRecordError) return err.message;
    return `cannot read ${oid}: ${err instanceof Error ? err.message : String(err)}`;
  }
}

async function submittedBy(objects: ObjectStore, job: Oid): Promise<string | null> {
  return trailerValue(parseMessage(decodeCommit((await objects.read(job)).body).message).trailers, 'Submitted-By') ?? null;
}
