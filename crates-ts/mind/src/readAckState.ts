import { GatosError, isGatosError, type ObjectStore, type Oid, type RefStore } from '@gatos/core';
import { ACK_FILE, decodeAck, type AckRecord } from './ackRecord.js';
import { busError } from './errors.js';
import { parseOffset, type Offset } from './offset.js';
import { ackRef } from './topicRef.js';

export interface AckState {
  readonly ref: string;
  /** The ack chain's tip, or null before the consumer's first ack. */
  readonly tip: Oid | null;
  readonly record: AckRecord | null;
  readonly lowWater: Offset | null;
  readonly pending: ReadonlySet<string>;
}

/**
 * A consumer's acknowledgement state, from the tip of `refs/gatos/mbus-ack/<topic>/<consumer>` alone.
 * Throws `BUS_ACK_INVALID` naming the commit when the tip's record is unreadable or of another topic
 * or consumer (a consumer must never silently restart from the beginning).
 */
export async function readAckState(store: { objects: ObjectStore; refs: RefStore }, topic: string, consumer: string): Promise<AckState> {
  const ref = ackRef(topic, consumer);
  const tip = await store.refs.read(ref);
  if (tip === null) return { ref, tip, record: null, lowWater: null, pending: new Set() };
  let record: AckRecord;
  try {
    const blob = await store.objects.read(`${tip}:${ACK_FILE}`);
    record = decodeAck(blob.body);
    if (record.topic !== topic || record.consumer !== consumer) throw busError('BUS_ACK_INVALID', `record is for ${record.topic}/${record.consumer}`);
  } catch (err) {
    const why = isGatosError(err) ? err.message : String(err);
    throw busError('BUS_ACK_INVALID', `ack state ${ref} at ${tip} is unreadable: ${why} (run \`git gatos bus verify ${topic}\`)`, {
      data: { ref, commit: tip }, cause: err instanceof GatosError ? err : undefined,
    });
  }
  return { ref, tip, record, lowWater: record.low_water ? parseOffset(record.low_water) : null, pending: new Set(record.pending) };
}
