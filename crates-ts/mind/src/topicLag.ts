import { formatTimestamp, ulidTime, type Clock, type ObjectStore, type RefStore } from '@gatos/core';
import { compareOffsets, formatOffset, type Offset } from './offset.js';
import { readAckState } from './readAckState.js';
import { readTopicLog } from './readTopicLog.js';
import { decodeIndex } from './summaryRecord.js';
import { ackPrefix, assertTopic } from './topicRef.js';

/** How far one consumer is behind its topic. */
export interface ConsumerLag {
  readonly consumer: string;
  /** Everything up to this offset is acknowledged (null: nothing yet). */
  readonly lowWater: string | null;
  /** Time of the consumer's newest ack (RFC 3339), from its ULID. */
  readonly lastAck: string | null;
  /** Acknowledged within the activity window (it then holds retention back, SPEC CH6). */
  readonly active: boolean;
  /** Messages `bus read` would still deliver to it: retained, after the low-water mark, not acknowledged, each ULID once. */
  readonly messages: number;
  /**
   * Seconds from the low-water message (before a first ack: the oldest message owed) to the topic's
   * newest message, by message ULID time; 0 when nothing is owed.
   */
  readonly seconds: number;
}

export interface LagReport {
  readonly topic: string;
  /** The topic's newest message (retained or pruned), or null for an empty topic. */
  readonly newest: { readonly offset: string; readonly ulid: string; readonly time: string } | null;
  /** The activity window, in seconds. */
  readonly activeWithin: number;
  readonly consumers: ConsumerLag[];
}

/**
 * Ack lag of every consumer of `topic` (SPEC §10 metric `gatos_bus_ack_lag`, F5): per consumer, the
 * messages still owed and the time between the newest message and its low-water mark, and whether it
 * acknowledged within `activeWithinMs` of `clock.now()`. Message times are their ULID times (also their
 * commit dates), so the numbers are reproducible from the repository alone; only `active` reads the clock.
 *
 * @example
 * const report = await topicLag(repo, 'gatos.jobs.pending', { clock: systemClock, activeWithinMs: 30 * 86400_000 });
 */
export async function topicLag(store: { objects: ObjectStore; refs: RefStore }, topic: string, options: { clock: Clock; activeWithinMs: number }): Promise<LagReport> {
  assertTopic(topic);
  const log = await readTopicLog(store, topic, { summaries: true });
  // Every known message position in offset order: pruned windows from their indexes, then retained commits.
  const positions: Array<{ offset: Offset; ulid: string }> = [];
  for (const w of log.pruned) {
    let ulids: readonly string[] = [];
    try {
      ulids = w.indexBytes ? decodeIndex(w.indexBytes).ulids : [];
    } catch {
      // A broken summary is verify's to report; it holds no usable times.
    }
    ulids.forEach((ulid, index) => positions.push({ offset: { segment: w.segment, index }, ulid }));
  }
  for (const m of log.messages) if (m.ulid) positions.push({ offset: m.offset, ulid: m.ulid });
  positions.sort((a, b) => compareOffsets(a.offset, b.offset));
  const timeAt = new Map(positions.map((p) => [formatOffset(p.offset), ulidTime(p.ulid)]));
  const newest = positions[positions.length - 1] ?? null;
  const now = options.clock.now();

  const prefix = ackPrefix(topic);
  const consumers: ConsumerLag[] = [];
  for (const { ref } of await store.refs.list(prefix)) {
    const consumer = ref.slice(prefix.length);
    const state = await readAckState(store, topic, consumer);
    const owed: Offset[] = [];
    const seen = new Set<string>();
    for (const m of log.messages) {
      if (!m.ulid || seen.has(m.ulid) || state.pending.has(m.ulid)) continue;
      seen.add(m.ulid);
      if (state.lowWater && compareOffsets(m.offset, state.lowWater) <= 0) continue;
      owed.push(m.offset);
    }
    const lastAckMs = state.record ? ulidTime(state.record.ulid) : null;
    const from = state.lowWater ? timeAt.get(formatOffset(state.lowWater)) : owed[0] ? timeAt.get(formatOffset(owed[0])) : undefined;
    const seconds = owed.length === 0 || !newest || from === undefined ? 0 : Math.max(0, ulidTime(newest.ulid) - from) / 1000;
    consumers.push({
      consumer,
      lowWater: state.lowWater ? formatOffset(state.lowWater) : null,
      lastAck: lastAckMs === null ? null : formatTimestamp(Math.floor(lastAckMs / 1000)),
      active: lastAckMs !== null && lastAckMs >= now - options.activeWithinMs,
      messages: owed.length,
      seconds,
    });
  }
  return {
    topic,
    newest: newest ? { offset: formatOffset(newest.offset), ulid: newest.ulid, time: formatTimestamp(Math.floor(ulidTime(newest.ulid) / 1000)) } : null,
    activeWithin: Math.floor(options.activeWithinMs / 1000),
    consumers,
  };
}
