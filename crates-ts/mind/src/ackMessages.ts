import {
  assertUlid, isGatosError, newUlid, retryWithJitter, ulidTime,
  type Clock, type ObjectStore, type Oid, type RefStore, type Signer,
} from '@gatos/core';
import { ACK_FILE, encodeAck, type AckRecord } from './ackRecord.js';
import { assertTrustedSigner, loadActiveTrust } from './activeTrust.js';
import { ACK_SUBJECT, buildBusCommit, signTrailers } from './busCommit.js';
import { busError } from './errors.js';
import { advanceLowWater } from './lowWater.js';
import { formatOffset } from './offset.js';
import { readAckState } from './readAckState.js';
import { readTopicLog } from './readTopicLog.js';
import { assertConsumer, assertTopic } from './topicRef.js';
import { topicUlids } from './topicUlids.js';

export interface AckResult {
  readonly ref: string;
  /** The new ack commit, or the unchanged tip when nothing changed. */
  readonly commit: Oid | null;
  /** False when every ULID was already acknowledged (nothing was written). */
  readonly changed: boolean;
  /** ULIDs this call newly acknowledged. */
  readonly acked: string[];
  /** Every message up to this offset is acknowledged. */
  readonly lowWater: string | null;
  /** Acknowledged ULIDs above the low-water mark. */
  readonly pending: number;
}

/**
 * Acknowledges messages of `topic` for `consumer` (ADR-0010): one signed commit per batch on
 * `refs/gatos/mbus-ack/<topic>/<consumer>`, holding the batch, the new low-water offset and the acked
 * ULIDs above it. Compare-and-swap with jittered retry, so concurrent ackers of one consumer merge.
 * Acking an already-acknowledged ULID is a no-op; a ULID the topic never held is `BUS_ACK_UNKNOWN_MESSAGE`.
 *
 * @example
 * await ackMessages(repo, 'gatos.jobs.pending', 'worker', signer, [ulid], { clock: systemClock });
 */
export async function ackMessages(
  store: { objects: ObjectStore; refs: RefStore },
  topic: string,
  consumer: string,
  signer: Signer,
  ulids: readonly string[],
  options: { clock: Clock; maxAttempts?: number },
): Promise<AckResult> {
  assertTopic(topic);
  assertConsumer(consumer);
  if (ulids.length === 0) throw busError('BUS_BAD_OPTION', 'give at least one message ULID to acknowledge');
  ulids.forEach((u) => assertUlid(u));
  const { policyRoot, trust } = await loadActiveTrust(store);
  assertTrustedSigner(trust, signer, policyRoot);

  return retryWithJitter(options.maxAttempts ?? 5, async () => {
    const state = await readAckState(store, topic, consumer);
    const log = await readTopicLog(store, topic, { after: state.lowWater });
    const above = new Map<string, string>();
    for (const m of log.messages) if (m.ulid && !above.has(m.ulid)) above.set(m.ulid, formatOffset(m.offset));
    const requested = [...new Set(ulids)];
    const unknown = requested.filter((u) => !above.has(u) && !state.pending.has(u));
    if (unknown.length > 0) {
      // Not above the low-water mark: fine if the topic ever held them (already acknowledged or pruned).
      const everything = await topicUlids(store, topic);
      const missing = unknown.filter((u) => !everything.has(u));
      if (missing.length > 0) {
        throw busError('BUS_ACK_UNKNOWN_MESSAGE', `topic ${topic} holds no message ${missing[0]}${missing.length > 1 ? ` (and ${missing.length - 1} more)` : ''}; nothing was acknowledged`, {
          data: { topic, consumer, ulid: missing[0]!, unknown: missing.length },
        });
      }
    }
    const fresh = requested.filter((u) => above.has(u) && !state.pending.has(u)).sort();
    const pending = new Set([...state.pending, ...fresh]);
    const next = advanceLowWater(log, state.lowWater, pending);
    if (fresh.length === 0 && next.lowWater === (state.lowWater ? formatOffset(state.lowWater) : null)) {
      return { ref: state.ref, commit: state.tip, changed: false, acked: [], lowWater: next.lowWater, pending: state.pending.size };
    }
    const now = options.clock.now();
    const record: AckRecord = {
      topic,
      consumer,
      actor: signer.actor,
      // Strictly after the previous batch, so the chain's ULIDs (and commit dates) never go backwards.
      ulid: newUlid(now, state.record?.ulid),
      acked: fresh,
      pending: [...next.pending].sort(),
      ...(next.lowWater ? { low_water: next.lowWater } : {}),
    };
    const bytes = encodeAck(record);
    const built = buildBusCommit({
      files: new Map([[ACK_FILE, bytes]]),
      parent: state.tip,
      subject: ACK_SUBJECT,
      trailers: [['Topic', topic], ['Consumer', consumer], ...(next.lowWater ? [['Low-Water', next.lowWater] as [string, string]] : []), ...signTrailers(signer, bytes)],
      actor: signer.actor,
      timeMs: ulidTime(record.ulid),
    });
    await store.objects.write(built.objects);
    await store.refs.compareAndSwap(state.ref, state.tip, built.oid);
    return { ref: state.ref, commit: built.oid, changed: true, acked: fresh, lowWater: next.lowWater, pending: next.pending.size };
  }).catch((err: unknown) => {
    if (isGatosError(err, 'REF_CAS_MISMATCH')) {
      throw busError('BUS_CONTENDED', `could not acknowledge on ${topic} for ${consumer}: the ack ref kept moving; nothing was written, retry`, { data: { topic, consumer }, cause: err });
    }
    throw err;
  });
}
