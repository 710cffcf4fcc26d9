import { ulidTime, type ObjectStore, type RefStore } from '@gatos/core';
import type { Offset } from './offset.js';
import { readAckState } from './readAckState.js';
import { ackPrefix } from './topicRef.js';

/** A consumer that acknowledged recently enough to hold retention back (SPEC CH6). */
export interface ActiveConsumer {
  readonly consumer: string;
  readonly lowWater: Offset | null;
  /** Time of its newest ack (ms since the epoch, from the ack record's ULID). */
  readonly lastAckMs: number;
}

/**
 * The consumers of `topic` whose newest ack is at or after `activeSince` (ms), with their low-water
 * marks, in ref order. An unreadable ack state throws (`BUS_ACK_INVALID`): its low-water mark is
 * unknown, so nothing may be pruned under it.
 */
export async function activeConsumers(store: { objects: ObjectStore; refs: RefStore }, topic: string, activeSince: number): Promise<ActiveConsumer[]> {
  const prefix = ackPrefix(topic);
  const out: ActiveConsumer[] = [];
  for (const { ref } of await store.refs.list(prefix)) {
    const consumer = ref.slice(prefix.length);
    const state = await readAckState(store, topic, consumer);
    if (state.record && ulidTime(state.record.ulid) >= activeSince) out.push({ consumer, lowWater: state.lowWater, lastAckMs: ulidTime(state.record.ulid) });
  }
  return out;
}
