import { isGatosError, newUlid, retryWithJitter, type Clock, type ObjectStore, type Oid, type RefStore, type Signer } from '@gatos/core';
import { assertTrustedSigner, loadActiveTrust } from './activeTrust.js';
import { ackEvidenceProblem, readCommitment } from './checkCommitments.js';
import { buildCommitmentCommit } from './commitmentCommit.js';
import { MAX_COMMITMENT_CONSUMERS, type CommitmentAck, type CommitmentRecord } from './commitmentRecord.js';
import { busError } from './errors.js';
import { compareOffsets, formatOffset, parseOffset } from './offset.js';
import { offsetExists } from './offsetExists.js';
import { readAckState } from './readAckState.js';
import { ackPrefix, assertConsumer, assertTopic, commitmentRef } from './topicRef.js';

export interface CommitResult {
  readonly ref: string;
  /** The new commitment commit. */
  readonly commit: Oid;
  readonly through: string;
  readonly quorum: number;
  readonly consumers: string[];
  /** The ack commits relied on (every named consumer acknowledged through `through`). */
  readonly acks: CommitmentAck[];
  /** Named consumers that have not acknowledged through `through`, with their low-water marks (or why their ack does not count). */
  readonly behind: Array<{ consumer: string; lowWater: string | null; reason: string }>;
}

/**
 * Writes a `gmb.commit` record (ADR-0010 "Commitments"): a signed statement on
 * `refs/gatos/mbus-commit/<topic>` that every message up to `through` is acknowledged by at least
 * `quorum` of `consumers` (default: every consumer with an ack chain), listing the ack commits it relies
 * on. Refused with `BUS_COMMIT_QUORUM` (nothing written) unless the consumers' ack chains show the
 * quorum: each counted consumer's ack tip must be a valid, trusted ack whose low-water mark is at or
 * past `through`. `through` must be an offset of the topic and never go back from the previous
 * commitment. Compare-and-swap with jittered retry.
 *
 * @example
 * await commitThrough(repo, 'gatos.jobs.pending', signer, { through: '01JD…:41', quorum: 2, consumers: ['a', 'b', 'c'], clock: systemClock });
 */
export async function commitThrough(
  store: { objects: ObjectStore; refs: RefStore },
  topic: string,
  signer: Signer,
  options: { through: string; quorum: number; consumers?: readonly string[]; clock: Clock; maxAttempts?: number },
): Promise<CommitResult> {
  assertTopic(topic);
  const through = parseOffset(options.through);
  const { quorum } = options;
  if (!Number.isSafeInteger(quorum) || quorum < 1) throw busError('BUS_BAD_OPTION', `quorum must be a positive integer, not ${quorum}`, { data: { quorum: String(quorum) } });
  const named = options.consumers ?? (await store.refs.list(ackPrefix(topic))).map(({ ref }) => ref.slice(ackPrefix(topic).length));
  named.forEach((c) => assertConsumer(c));
  const consumers = [...new Set(named)].sort();
  if (consumers.length !== named.length) throw busError('BUS_BAD_OPTION', 'a consumer is named twice', { data: { consumers: named.join(',') } });
  if (consumers.length > MAX_COMMITMENT_CONSUMERS) throw busError('BUS_BAD_OPTION', `at most ${MAX_COMMITMENT_CONSUMERS} consumers per commitment`);
  if (consumers.length === 0) throw busError('BUS_COMMIT_QUORUM', `topic ${topic} has no consumers (no ack chain under ${ackPrefix(topic)}): quorum ${quorum} cannot be met; nothing was written`, { data: { topic } });
  if (quorum > consumers.length) {
    throw busError('BUS_BAD_OPTION', `quorum ${quorum} exceeds the ${consumers.length} consumers named (${consumers.join(', ')})`, { data: { quorum: String(quorum) } });
  }
  const { policyRoot, trust } = await loadActiveTrust(store);
  assertTrustedSigner(trust, signer, policyRoot);
  if (!(await offsetExists(store, topic, through))) {
    throw busError('BUS_BAD_OFFSET', `topic ${topic} holds no message at ${options.through}`, { data: { topic, offset: options.through } });
  }
  const ref = commitmentRef(topic);

  return retryWithJitter(options.maxAttempts ?? 5, async () => {
    const tip = await store.refs.read(ref);
    const previous = tip === null ? null : await readCommitment(store.objects, tip).catch((err: unknown) => {
      throw busError('BUS_COMMIT_INVALID', `${ref} at ${tip} is unreadable: ${isGatosError(err) ? err.message : String(err)} (run \`git gatos bus verify ${topic}\`)`, { data: { ref, commit: tip }, cause: err });
    });
    if (previous && compareOffsets(through, parseOffset(previous.through)) < 0) {
      throw busError('BUS_BAD_OFFSET', `through ${options.through} is before the latest commitment's ${previous.through}; commitments never go back`, { data: { topic, offset: options.through } });
    }
    const now = options.clock.now();
    const ulid = newUlid(now, previous?.ulid);
    const acks: CommitmentAck[] = [];
    const behind: CommitResult['behind'] = [];
    for (const consumer of consumers) {
      const state = await readAckState(store, topic, consumer);
      const lowWater = state.lowWater ? formatOffset(state.lowWater) : null;
      if (state.tip === null || lowWater === null || compareOffsets(state.lowWater!, through) < 0) {
        behind.push({ consumer, lowWater, reason: lowWater === null ? 'has acknowledged nothing' : `low-water ${lowWater}` });
        continue;
      }
      const ack = { consumer, commit: state.tip, low_water: lowWater };
      const problem = await ackEvidenceProblem(store, topic, { through: options.through, ulid }, ack, trust);
      if (problem === null) acks.push(ack);
      else behind.push({ consumer, lowWater, reason: problem });
    }
    if (acks.length < quorum) {
      throw busError('BUS_COMMIT_QUORUM', `quorum ${quorum}-of-${consumers.length} not met through ${options.through}: ${acks.length} acknowledged (${acks.map((a) => a.consumer).join(', ') || 'none'}); ${behind.map((b) => `${b.consumer} ${b.reason}`).join('; ')}; nothing was written`, {
        data: { topic, through: options.through, quorum: String(quorum), acknowledged: String(acks.length) },
      });
    }
    const record: CommitmentRecord = { topic, through: options.through, quorum, consumers, acks, actor: signer.actor, ulid };
    const built = buildCommitmentCommit(record, tip, signer);
    await store.objects.write(built.objects);
    await store.refs.compareAndSwap(ref, tip, built.oid);
    return { ref, commit: built.oid, through: record.through, quorum, consumers, acks, behind };
  }).catch((err: unknown) => {
    if (isGatosError(err, 'REF_CAS_MISMATCH')) {
      throw busError('BUS_CONTENDED', `could not write the commitment of ${topic}: ${ref} kept moving; nothing was written, retry`, { data: { topic }, cause: err });
    }
    throw err;
  });
}
