import { GatosError, isGatosError, ulidTime, type ObjectStore, type Oid, type RefStore } from '@gatos/core';
import type { TrustGraph } from '@gatos/policy';
import { ACK_FILE, decodeAck } from './ackRecord.js';
import { ACK_SUBJECT, COMMITMENT_SUBJECT } from './busCommit.js';
import type { MessageFailure } from './checkMessage.js';
import { signatureProblem } from './checkSignature.js';
import { commitInfo, trailer, type CommitInfo } from './commitInfo.js';
import { quorumText } from './commitmentCommit.js';
import { COMMITMENT_FILE, decodeCommitment, type CommitmentAck, type CommitmentRecord } from './commitmentRecord.js';
import { busError } from './errors.js';
import { compareOffsets, parseOffset, type Offset } from './offset.js';
import { offsetExists, segmentMessageCount } from './offsetExists.js';
import { readBlobs } from './readBlobs.js';
import { ackRef } from './topicRef.js';

type Store = { objects: ObjectStore; refs: RefStore };

export interface CommitmentFailure {
  readonly commit: Oid;
  readonly code: string;
  readonly reason: string;
}

/**
 * Why `ack` is no evidence that its consumer acknowledged everything through `record.through`, or
 * null when it is: the commit exists and is a `gmb.ack` of this topic and consumer whose record decodes
 * strictly and is signed by its actor's trusted key; it states the listed low-water mark, which is at
 * or past `through`; it is no younger than the commitment; and it lies on the consumer's ack chain
 * (the chain's tip descends from it).
 */
export async function ackEvidenceProblem(store: Store, topic: string, record: Pick<CommitmentRecord, 'through' | 'ulid'>, ack: CommitmentAck, trust: TrustGraph): Promise<string | null> {
  const what = `ack ${ack.commit} of ${ack.consumer}`;
  let info: CommitInfo | GatosError;
  try {
    info = commitInfo(ack.commit, await store.objects.read(ack.commit));
  } catch (err) {
    if (isGatosError(err, 'GIT_OBJECT_MISSING')) return `${what} does not exist`;
    throw err;
  }
  if (info instanceof GatosError) return `${what}: ${info.message}`;
  if (info.subject !== ACK_SUBJECT) return `${what} is not a ${ACK_SUBJECT} commit`;
  const [body] = await readBlobs(store.objects, [`${ack.commit}:${ACK_FILE}`]);
  if (body instanceof GatosError || body === undefined) return `${what} has no ${ACK_FILE}`;
  let acked;
  try {
    acked = decodeAck(body);
  } catch (err) {
    return `${what}: ${isGatosError(err) ? err.message : String(err)}`;
  }
  if (acked.topic !== topic || acked.consumer !== ack.consumer) return `${what} is a record of ${acked.topic}/${acked.consumer}`;
  if (info.data.author.name !== acked.actor) return `${what} is committed by ${JSON.stringify(info.data.author.name)} but signed for ${acked.actor}`;
  const sig = signatureProblem(info, body, acked.actor, trust);
  if (sig) return `${what}: ${sig.reason}`;
  if ((acked.low_water ?? null) !== ack.low_water) return `${what} states low-water ${acked.low_water ?? 'none'}, not ${ack.low_water}`;
  if (compareOffsets(parseOffset(ack.low_water), parseOffset(record.through)) < 0) return `${what} has low-water ${ack.low_water}, before ${record.through}`;
  if (ulidTime(acked.ulid) > ulidTime(record.ulid)) return `${what} was written after the commitment (${acked.ulid} > ${record.ulid})`;
  const ref = ackRef(topic, ack.consumer);
  const tip = await store.refs.read(ref);
  if (tip === null) return `${what}: ${ref} does not exist`;
  const onChain = await store.objects.isAncestor(ack.commit, tip).catch((err: unknown) => (isGatosError(err) ? false : Promise.reject(err)));
  if (!onChain) return `${what} is not on ${ref} (tip ${tip})`;
  return null;
}

/**
 * Checks the evidence of one commitment record against the ack chains in `store`: `through` is an
 * offset of the topic, every listed ack passes `ackEvidenceProblem`, and at least `quorum` distinct
 * consumers are listed. Returns every failure (`BUS_COMMIT_INVALID`, `BUS_COMMIT_QUORUM`).
 */
export async function checkCommitmentEvidence(
  store: Store,
  record: CommitmentRecord,
  trust: TrustGraph,
  exists: (offset: Offset) => Promise<boolean> = (offset) => offsetExists(store, record.topic, offset),
): Promise<MessageFailure[]> {
  const failures: MessageFailure[] = [];
  if (!(await exists(parseOffset(record.through)))) {
    failures.push({ code: 'BUS_COMMIT_INVALID', reason: `through ${record.through} is not an offset of topic ${record.topic}` });
  }
  let valid = 0;
  for (const ack of record.acks) {
    const problem = await ackEvidenceProblem(store, record.topic, record, ack, trust);
    if (problem === null) valid += 1;
    else failures.push({ code: 'BUS_COMMIT_ACK_INVALID', reason: problem });
  }
  if (valid < record.quorum) {
    failures.push({ code: 'BUS_COMMIT_QUORUM', reason: `${valid} of the ${record.quorum} acknowledgements through ${record.through} that quorum ${quorumText(record)} requires verify` });
  }
  return failures;
}

/**
 * Checks the commitment chain of `topic` ending at `tip` (ADR-0010 "Commitments"); with `since`, only
 * the commits after it (the gate checks what a push adds). Each commit: linear on its predecessor, a
 * `gmb.commit` whose `commitment.cbor` decodes strictly and names this topic, trailers `Topic`,
 * `Through`, `Quorum` agree, author = actor whose trusted key signed the record, ULIDs increase and
 * `through` never goes backwards along the chain, and the evidence holds (`checkCommitmentEvidence`).
 */
export async function checkCommitmentChain(
  store: Store,
  topic: string,
  tip: Oid,
  trust: TrustGraph,
  options: { since?: Oid | null } = {},
): Promise<{ commits: number; records: CommitmentRecord[]; failures: CommitmentFailure[] }> {
  const since = options.since ?? null;
  const chain = await store.objects.walk(tip, since ? [since] : []);
  const failures: CommitmentFailure[] = [];
  const records: CommitmentRecord[] = [];
  let previous: CommitmentRecord | null = since ? await readCommitment(store.objects, since).catch((err: unknown) => (isGatosError(err) ? null : Promise.reject(err))) : null;
  let parent = since;
  // Commitments of one topic mostly name the same few segments: count each segment's messages once.
  const counts = new Map<string, Promise<number | null>>();
  const exists = async (offset: Offset): Promise<boolean> => {
    if (!counts.has(offset.segment)) counts.set(offset.segment, segmentMessageCount(store, topic, offset.segment));
    const count = await counts.get(offset.segment)!;
    return count !== null && offset.index < count;
  };
  for (const c of chain) {
    const fail = (code: string, reason: string): void => void failures.push({ commit: c.oid, code, reason });
    if (c.parents.join(' ') !== (parent ?? '')) fail('BUS_COMMIT_INVALID', `parents [${c.parents.join(', ')}]; a commitment chain is linear`);
    parent = c.oid;
    let info: CommitInfo;
    let record: CommitmentRecord;
    let body: Uint8Array;
    try {
      const got = await readCommitmentCommit(store.objects, c.oid);
      [info, record, body] = [got.info, got.record, got.body];
    } catch (err) {
      if (!isGatosError(err)) throw err;
      fail(err.code, err.message);
      continue;
    }
    if (record.topic !== topic) fail('BUS_COMMIT_INVALID', `commitment for topic ${record.topic} on the ref of ${topic}`);
    for (const [key, wanted] of [['Topic', record.topic], ['Through', record.through], ['Quorum', quorumText(record)]] as const) {
      const got = trailer(info, key);
      if (got !== wanted) fail('BUS_TRAILER_MISMATCH', `${key} trailer is ${JSON.stringify(got)}; expected ${JSON.stringify(wanted)}`);
    }
    if (info.data.author.name !== record.actor) fail('BUS_PRODUCER_MISMATCH', `commit by ${JSON.stringify(info.data.author.name)} but record actor ${record.actor}`);
    const sig = signatureProblem(info, body, record.actor, trust);
    if (sig) fail(sig.code, sig.reason);
    if (previous && record.ulid <= previous.ulid) fail('BUS_COMMIT_INVALID', `ULID ${record.ulid} does not increase along the chain (previous ${previous.ulid})`);
    if (previous && compareOffsets(parseOffset(record.through), parseOffset(previous.through)) < 0) {
      fail('BUS_COMMIT_INVALID', `through ${record.through} goes back from the previous commitment's ${previous.through}`);
    }
    if (record.topic === topic) for (const f of await checkCommitmentEvidence(store, record, trust, exists)) fail(f.code, f.reason);
    records.push(record);
    previous = record;
  }
  return { commits: chain.length, records, failures };
}

/** The record of commitment commit `oid`; throws `BUS_COMMIT_INVALID` (or a decode error) when it is none. */
export async function readCommitment(objects: ObjectStore, oid: Oid): Promise<CommitmentRecord> {
  return (await readCommitmentCommit(objects, oid)).record;
}

async function readCommitmentCommit(objects: ObjectStore, oid: Oid): Promise<{ info: CommitInfo; record: CommitmentRecord; body: Uint8Array }> {
  const info = commitInfo(oid, await objects.read(oid));
  if (info instanceof GatosError) throw info;
  if (info.subject !== COMMITMENT_SUBJECT) throw busError('BUS_COMMIT_INVALID', `commit ${oid} has subject ${JSON.stringify(info.subject.slice(0, 60))}, not ${COMMITMENT_SUBJECT}`, { data: { commit: oid } });
  const [body] = await readBlobs(objects, [`${oid}:${COMMITMENT_FILE}`]);
  if (body instanceof GatosError || body === undefined) throw busError('BUS_COMMIT_INVALID', `commit ${oid} has no ${COMMITMENT_FILE}`, { data: { commit: oid } });
  return { info, record: decodeCommitment(body), body };
}
