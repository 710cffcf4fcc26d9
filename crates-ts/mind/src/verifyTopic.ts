import type { ObjectStore, Oid, RefStore } from '@gatos/core';
import { loadActiveTrust } from './activeTrust.js';
import { checkAckChain } from './checkAckChain.js';
import { checkCommitmentChain } from './checkCommitments.js';
import { checkMessage } from './checkMessage.js';
import { checkSummary } from './checkSummary.js';
import { formatOffset } from './offset.js';
import { readTopicLog } from './readTopicLog.js';
import { ackPrefix, assertTopic, commitmentRef, headRef } from './topicRef.js';

export interface TopicFailure {
  readonly ref: string;
  readonly commit: Oid | null;
  readonly offset: string | null;
  readonly code: string;
  readonly reason: string;
}

export interface TopicReport {
  readonly ok: boolean;
  readonly topic: string;
  readonly segments: number;
  readonly messages: number;
  /** Pruned windows (summaries) and the messages they account for. */
  readonly summaries: number;
  readonly prunedMessages: number;
  readonly consumers: number;
  /** `gmb.commit` records on `refs/gatos/mbus-commit/<topic>`. */
  readonly commitments: number;
  readonly failures: TopicFailure[];
}

/**
 * Verifies a topic (ADR-0010) and reports every failure, never just the first: each retained message
 * (`checkMessage`, including cumulative `Segment-Bytes`), each summary (`checkSummary`, which recomputes
 * the Merkle root), linear segment chains, ULIDs unique across the topic (retained and pruned), no
 * stray refs, the head at the newest segment's tip, each consumer's ack chain (`checkAckChain`), and
 * every `gmb.commit` record against the ack chains (`checkCommitmentChain`).
 * Signers are checked against the active policy's trust graph.
 *
 * @example
 * const report = await verifyTopic(repo, 'gatos.jobs.pending'); // report.ok
 */
export async function verifyTopic(store: { objects: ObjectStore; refs: RefStore }, topic: string): Promise<TopicReport> {
  assertTopic(topic);
  const { trust } = await loadActiveTrust(store);
  const log = await readTopicLog(store, topic, { bodies: true, summaries: true });
  const failures: TopicFailure[] = [];
  const seen = new Map<string, string>();
  const ulidAt = (ulid: string, offset: string, ref: string, commit: Oid): void => {
    const first = seen.get(ulid);
    if (first !== undefined) failures.push({ ref, commit, offset, code: 'BUS_DUPLICATE_ULID', reason: `ULID ${ulid} was already published at ${first}` });
    else seen.set(ulid, offset);
  };
  for (const s of log.strays) failures.push({ ref: s.ref, commit: s.oid, offset: null, code: 'BUS_STRAY_REF', reason: 'not a segment ref (<yyyy>/<mm>/<dd>/<segment-ulid>, dated by its ULID) nor head' });
  let prunedMessages = 0;
  for (const w of log.pruned) {
    const { index, failures: fs } = checkSummary(w, topic, trust);
    for (const f of fs) failures.push({ ref: w.ref, commit: w.commit, offset: null, ...f });
    prunedMessages += index?.ulids.length ?? 0;
    index?.ulids.forEach((u, i) => ulidAt(u, formatOffset({ segment: w.segment, index: i }), w.ref, w.commit));
  }
  let bytes = 0;
  let segment: string | null = null;
  let bytesKnown = true;
  for (const m of log.messages) {
    if (m.offset.segment !== segment) [segment, bytes, bytesKnown] = [m.offset.segment, 0, true];
    bytesKnown &&= m.body !== null;
    bytes += m.body?.length ?? 0;
    const offset = formatOffset(m.offset);
    const { message, failures: fs } = checkMessage(m, topic, trust, bytesKnown ? bytes : undefined);
    for (const f of fs) failures.push({ ref: m.ref, commit: m.commit, offset, ...f });
    if (message) ulidAt(message.ulid, offset, m.ref, m.commit);
  }
  const head = await store.refs.read(headRef(topic));
  const newest = log.segments[log.segments.length - 1];
  if ((newest?.tip ?? null) !== head) {
    failures.push({ ref: headRef(topic), commit: head, offset: null, code: 'BUS_HEAD_MISMATCH', reason: newest ? `head is ${head ?? 'missing'} but the newest segment ${newest.ref} is at ${newest.tip}` : 'head exists but the topic has no segment' });
  }
  const acks = await store.refs.list(ackPrefix(topic));
  for (const { ref, oid } of acks) {
    const consumer = ref.slice(ackPrefix(topic).length);
    const { failures: fs } = await checkAckChain(store.objects, oid, topic, consumer, trust);
    for (const f of fs) failures.push({ ref, offset: null, ...f });
  }
  const commitRef = commitmentRef(topic);
  const commitTip = await store.refs.read(commitRef);
  let commitments = 0;
  if (commitTip !== null) {
    const chain = await checkCommitmentChain(store, topic, commitTip, trust);
    commitments = chain.commits;
    for (const f of chain.failures) failures.push({ ref: commitRef, offset: null, ...f });
  }
  return {
    ok: failures.length === 0,
    topic,
    segments: log.segments.length,
    messages: log.messages.length,
    summaries: log.pruned.length,
    prunedMessages,
    consumers: acks.length,
    commitments,
    failures,
  };
}
