/**
 * The claim chain of a job (ADR-0017): `refs/gatos/jobs/<hex>/claim` moves only forward, one record
 * at a time, each record a child of the previous tip:
 *
 *   job ← jobs.claim (attempt 1) ← jobs.lease-expired ← jobs.claim (attempt 2) ← …
 *   any of job (absent ref) | jobs.claim | jobs.lease-expired ← jobs.abort (terminal)
 *
 * Every move is a compare-and-swap from the tip it was built on, so two claimants of one attempt can
 * never both win. A claim holds a lease (`lease_seconds` from its ULID time); only after that deadline
 * may a manager of the job (its submitter or a `jobs-admins` member) sign a lease expiry, and a result
 * is accepted only before it, so the old and the new owner never overlap (one clock decides both).
 * This module only parses and builds records; it imports nothing but `@gatos/core`, so the push gate
 * can check claim chains without loading the job plane.
 */
import {
  blake3, canonicalJsonBytes, decodeCommit, formatPublicKey, formatSignature, parseMessage, parsePublicKey, parseSignature, toHex, trailerValue, ulidTime, verifyStrict,
  type ObjectStore, type Oid, type RawObject, type Signer,
} from '@gatos/core';
import { buildJobCommit } from './jobCommit.js';

/** Seconds a claim's lease outlasts the job's timeout by default: time to collect outputs and push the result. */
export const DEFAULT_LEASE_GRACE_SECONDS = 120;

/** The trust-graph group whose members may cancel any job and expire any stale claim. */
export const JOBS_ADMIN_GROUP = 'jobs-admins';

export interface ClaimRecord {
  readonly kind: 'claim';
  readonly commit: Oid;
  readonly parent: Oid | null;
  readonly jobId: string;
  readonly workerId: string;
  readonly ulid: string;
  readonly attempt: number;
  /** Lease length; null for a claim without a lease (it never expires, it can only be aborted). */
  readonly leaseSeconds: number | null;
}

/** A lease expiry or an abort: signed by the actor who made it. */
export interface SignedRecord {
  readonly kind: 'lease-expired' | 'abort';
  readonly commit: Oid;
  readonly parent: Oid | null;
  readonly jobId: string;
  readonly ulid: string;
  readonly actor: string;
  readonly signer: string;
  readonly signatureValid: boolean;
  readonly reason: string;
  /** Lease expiry only: the attempt whose claim expired. */
  readonly attempt: number | null;
}

export type ChainRecord = ClaimRecord | SignedRecord;

/** Why a commit is not a claim-chain record (e.g. a hand-written commit pushed to the claim ref). */
export class ChainRecordError extends Error {}

const RECORD_FILE: Readonly<Record<ChainRecord['kind'], string>> = { claim: 'claim.json', 'lease-expired': 'expiry.json', abort: 'abort.json' };
const SUBJECT_KIND: Readonly<Record<string, ChainRecord['kind']>> = { 'jobs.claim': 'claim', 'jobs.lease-expired': 'lease-expired', 'jobs.abort': 'abort' };

/** The lease deadline of a claim (ms since the epoch), or null when it has no lease. */
export function leaseDeadlineMs(claim: ClaimRecord): number | null {
  return claim.leaseSeconds === null ? null : ulidTime(claim.ulid) + claim.leaseSeconds * 1000;
}

/** Reads and strictly parses one claim-chain record; throws `ChainRecordError` naming what is wrong. */
export async function readChainRecord(objects: ObjectStore, commit: Oid): Promise<ChainRecord> {
  const decoded = decodeCommit((await objects.read(commit)).body);
  const message = parseMessage(decoded.message);
  const kind = SUBJECT_KIND[message.subject];
  if (kind === undefined) throw new ChainRecordError(`commit ${commit} is not a claim-chain record (subject "${message.subject}")`);
  if (decoded.parents.length > 1) throw new ChainRecordError(`claim-chain record ${commit} has ${decoded.parents.length} parents`);
  const file = RECORD_FILE[kind];
  let bytes: Uint8Array;
  try {
    bytes = (await objects.read(`${commit}:${file}`)).body;
  } catch {
    throw new ChainRecordError(`claim-chain record ${commit} has no ${file}`);
  }
  const body = parseCanonical(bytes, commit, file);
  const parent = decoded.parents[0] ?? null;
  const jobId = field(body, 'job_id', commit);
  if (trailerValue(message.trailers, 'Job-Id') !== jobId) throw new ChainRecordError(`${commit}: Job-Id trailer does not match ${file}`);
  if (kind === 'claim') {
    const attempt = body.attempt === undefined ? 1 : body.attempt;
    const lease = body.lease_seconds === undefined ? null : body.lease_seconds;
    if (!Number.isSafeInteger(attempt) || (attempt as number) < 1) throw new ChainRecordError(`${commit}: claim.json "attempt" must be a positive integer`);
    if (lease !== null && (!Number.isSafeInteger(lease) || (lease as number) < 1)) throw new ChainRecordError(`${commit}: claim.json "lease_seconds" must be a positive integer`);
    const workerId = field(body, 'worker_id', commit);
    if (trailerValue(message.trailers, 'Worker-Id') !== workerId) throw new ChainRecordError(`${commit}: Worker-Id trailer does not match claim.json`);
    return { kind, commit, parent, jobId, workerId, ulid: ulidField(body, commit), attempt: attempt as number, leaseSeconds: lease as number | null };
  }
  const actor = field(body, kind === 'abort' ? 'aborted_by' : 'expired_by', commit);
  const signer = trailerValue(message.trailers, 'Signer') ?? '';
  const sig = trailerValue(message.trailers, 'Sig') ?? '';
  const attempt = kind === 'lease-expired' ? body.attempt : null;
  if (kind === 'lease-expired' && (!Number.isSafeInteger(attempt) || (attempt as number) < 1)) throw new ChainRecordError(`${commit}: expiry.json "attempt" must be a positive integer`);
  return {
    kind, commit, parent, jobId, ulid: ulidField(body, commit), actor, signer, signatureValid: signatureValid(signer, sig, bytes),
    reason: typeof body.reason === 'string' ? body.reason : '', attempt: attempt as number | null,
  };
}

/** Builds (does not write) a claim record on `parent` (the job commit, or a lease expiry). */
export function buildClaimRecord(input: {
  readonly jobId: string; readonly parent: Oid; readonly worker: Signer; readonly ulid: string; readonly attempt: number; readonly leaseSeconds: number; readonly timeMs: number;
}): { oid: Oid; objects: RawObject[]; workerId: string } {
  const workerId = formatPublicKey(input.worker.publicKey);
  const bytes = canonicalJsonBytes({ job_id: input.jobId, worker_id: workerId, ulid: input.ulid, attempt: input.attempt, lease_seconds: input.leaseSeconds });
  const built = buildJobCommit({
    files: new Map([['claim.json', bytes]]),
    parent: input.parent,
    subject: 'jobs.claim',
    trailers: [['Job-Id', input.jobId], ['Worker-Id', workerId], ['Attempt', String(input.attempt)], ['Lease-Seconds', String(input.leaseSeconds)]],
    timeMs: input.timeMs,
  });
  return { ...built, workerId };
}

/** Builds (does not write) a signed lease-expiry or abort record on `parent`. */
export function buildSignedRecord(input: {
  readonly kind: SignedRecord['kind']; readonly jobId: string; readonly parent: Oid; readonly signer: Signer; readonly ulid: string;
  readonly reason: string; readonly timeMs: number; readonly attempt?: number; readonly claim?: Oid | null;
}): { oid: Oid; objects: RawObject[] } {
  const body = input.kind === 'abort'
    ? { job_id: input.jobId, aborted_by: input.signer.actor, ulid: input.ulid, reason: input.reason, claim: input.claim ?? null }
    : { job_id: input.jobId, expired_by: input.signer.actor, ulid: input.ulid, reason: input.reason, attempt: input.attempt!, claim: input.claim ?? null };
  const bytes = canonicalJsonBytes(body);
  return buildJobCommit({
    files: new Map([[RECORD_FILE[input.kind], bytes]]),
    parent: input.parent,
    subject: input.kind === 'abort' ? 'jobs.abort' : 'jobs.lease-expired',
    trailers: [
      ['Job-Id', input.jobId],
      ['Actor', input.signer.actor],
      ['Signer', formatPublicKey(input.signer.publicKey)],
      ['Sig', formatSignature(input.signer.sign(blake3(bytes)))],
    ],
    timeMs: input.timeMs,
  });
}

function signatureValid(signer: string, sig: string, bytes: Uint8Array): boolean {
  try {
    return verifyStrict(parsePublicKey(signer), blake3(bytes), parseSignature(sig));
  } catch {
    return false;
  }
}

function parseCanonical(bytes: Uint8Array, commit: Oid, file: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new ChainRecordError(`${commit}: ${file} is not UTF-8 JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ChainRecordError(`${commit}: ${file} is not a JSON object`);
  if (toHex(canonicalJsonBytes(value)) !== toHex(bytes)) throw new ChainRecordError(`${commit}: ${file} is not canonical JSON (JCS)`);
  return value as Record<string, unknown>;
}

function field(body: Record<string, unknown>, name: string, commit: Oid): string {
  const v = body[name];
  if (typeof v !== 'string' || v === '') throw new ChainRecordError(`${commit}: "${name}" must be a non-empty string`);
  return v;
}

function ulidField(body: Record<string, unknown>, commit: Oid): string {
  const v = field(body, 'ulid', commit);
  try {
    ulidTime(v);
  } catch {
    throw new ChainRecordError(`${commit}: "ulid" is not a ULID`);
  }
  return v;
}
