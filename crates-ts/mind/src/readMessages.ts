import { type CborValue, type ObjectStore, type Oid, type RefStore } from '@gatos/core';
import { loadActiveTrust } from './activeTrust.js';
import { checkMessage, type MessageFailure } from './checkMessage.js';
import { compareOffsets, formatOffset, parseOffset } from './offset.js';
import { readAckState } from './readAckState.js';
import { readTopicLog } from './readTopicLog.js';
import { assertConsumer, assertTopic } from './topicRef.js';
import { busError } from './errors.js';

/** A message delivered to a consumer. */
export interface DeliveredMessage {
  readonly offset: string;
  readonly ulid: string;
  readonly producer: string;
  readonly contentHash: string;
  readonly commit: Oid;
  readonly payload: { readonly [key: string]: CborValue };
}

/** A retained message that failed its checks and was not delivered (see `bus verify`). */
export interface RejectedMessage {
  readonly offset: string;
  readonly commit: Oid;
  readonly ulid: string | null;
  readonly failures: MessageFailure[];
}

export interface ReadResult {
  readonly topic: string;
  readonly consumer: string;
  readonly lowWater: string | null;
  readonly messages: DeliveredMessage[];
  readonly rejected: RejectedMessage[];
  /** Later copies of a ULID already delivered or acknowledged, dropped. */
  readonly duplicates: number;
}

export interface ReadOptions {
  /** Start at this offset (inclusive) instead of the consumer's low-water mark. */
  readonly from?: string;
  /** At most this many messages. */
  readonly limit?: number;
}

/**
 * The messages `consumer` has not acknowledged, in offset (publish) order, each ULID once
 * (ADR-0010). Reading moves nothing: a consumer that dies before `ackMessages` gets the same messages
 * again (at-least-once). Every message is checked (strict decode, content hash, trailers, signer
 * trusted by the active policy, signature) before delivery; failures are listed in `rejected`.
 *
 * @example
 * const { messages } = await readMessages(repo, 'gatos.jobs.pending', 'worker', { limit: 100 });
 */
export async function readMessages(store: { objects: ObjectStore; refs: RefStore }, topic: string, consumer: string, options: ReadOptions = {}): Promise<ReadResult> {
  assertTopic(topic);
  assertConsumer(consumer);
  const from = options.from !== undefined ? parseOffset(options.from) : null;
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  if (limit !== Number.POSITIVE_INFINITY && (!Number.isSafeInteger(limit) || limit < 1)) {
    throw busError('BUS_BAD_OPTION', `limit must be a positive integer, not ${limit}`, { data: { option: 'limit' } });
  }
  const state = await readAckState(store, topic, consumer);
  const { trust } = await loadActiveTrust(store);
  const after = state.lowWater && (!from || compareOffsets(state.lowWater, from) >= 0) ? state.lowWater : from ? { segment: from.segment, index: from.index - 1 } : null;
  const log = await readTopicLog(store, topic, { after, bodies: true });
  const messages: DeliveredMessage[] = [];
  const rejected: RejectedMessage[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  for (const entry of log.messages) {
    if (messages.length >= limit) break;
    if (from && compareOffsets(entry.offset, from) < 0) continue;
    if (entry.ulid && state.pending.has(entry.ulid)) continue;
    const { message, failures } = checkMessage(entry, topic, trust);
    if (!message || failures.length > 0) {
      rejected.push({ offset: formatOffset(entry.offset), commit: entry.commit, ulid: entry.ulid, failures });
      continue;
    }
    if (seen.has(message.ulid) || state.pending.has(message.ulid)) {
      duplicates++;
      continue;
    }
    seen.add(message.ulid);
    messages.push({ offset: formatOffset(entry.offset), ulid: message.ulid, producer: message.producer, contentHash: message.content_hash, commit: entry.commit, payload: message.payload });
  }
  return { topic, consumer, lowWater: state.lowWater ? formatOffset(state.lowWater) : null, messages, rejected, duplicates };
}

