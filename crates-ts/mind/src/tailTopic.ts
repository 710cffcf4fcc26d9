import type { ObjectStore, RefStore } from '@gatos/core';
import { loadActiveTrust } from './activeTrust.js';
import { checkMessage } from './checkMessage.js';
import { busError } from './errors.js';
import { formatOffset, parseOffset, type Offset } from './offset.js';
import { readHead } from './readHead.js';
import type { DeliveredMessage } from './readMessages.js';
import { readTopicLog } from './readTopicLog.js';
import { assertTopic } from './topicRef.js';

export interface TailOptions {
  /** Start at this offset (inclusive); default: only messages published after the tail starts. */
  readonly from?: string;
  /** Stop after this many messages. */
  readonly limit?: number;
  /** Stop after this long, in milliseconds. */
  readonly timeoutMs?: number;
  /** Polling interval (default 200 ms). */
  readonly intervalMs?: number;
  /** Stops the tail (e.g. on SIGINT/SIGTERM). */
  readonly signal?: AbortSignal;
  /** Called once per new, verified message, in offset order. */
  readonly onMessage: (message: DeliveredMessage) => void;
}

export interface TailResult {
  readonly topic: string;
  readonly delivered: number;
  /** The last offset looked at, from which a later tail can resume (`from` = next offset). */
  readonly position: string | null;
  readonly stoppedBy: 'limit' | 'timeout' | 'signal';
}

/**
 * Follows a topic by polling its head ref (ADR-0010): whenever the head moves, reads the messages
 * after the last position, verifies them like `readMessages`, and hands each ULID once to `onMessage`.
 * Resolves when `limit` messages were delivered, `timeoutMs` elapsed or `signal` aborted. Moves no ref.
 *
 * @example
 * await tailTopic(repo, 'gatos.jobs.pending', { limit: 1, onMessage: (m) => console.log(m.ulid) });
 */
export async function tailTopic(store: { objects: ObjectStore; refs: RefStore }, topic: string, options: TailOptions): Promise<TailResult> {
  assertTopic(topic);
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  for (const [name, v] of [['limit', options.limit], ['timeoutMs', options.timeoutMs], ['intervalMs', options.intervalMs]] as const) {
    if (v !== undefined && (!Number.isSafeInteger(v) || v < (name === 'timeoutMs' ? 0 : 1))) throw busError('BUS_BAD_OPTION', `${name} must be a ${name === 'timeoutMs' ? 'non-negative' : 'positive'} integer, not ${v}`, { data: { option: name } });
  }
  const deadline = options.timeoutMs !== undefined ? Date.now() + options.timeoutMs : Number.POSITIVE_INFINITY;
  const { trust } = await loadActiveTrust(store);
  let position: Offset | null = await startPosition(store, topic, options.from);
  let lastHead: string | null | undefined = options.from !== undefined ? undefined : (await readHead(store, topic)).oid;
  const seen = new Set<string>();
  let delivered = 0;
  for (;;) {
    if (options.signal?.aborted) return done('signal');
    const head = (await readHead(store, topic)).oid;
    if (head !== lastHead) {
      lastHead = head;
      const log = await readTopicLog(store, topic, { after: position, bodies: true });
      for (const entry of log.messages) {
        position = entry.offset;
        const { message, failures } = checkMessage(entry, topic, trust);
        if (!message || failures.length > 0 || seen.has(message.ulid)) continue;
        seen.add(message.ulid);
        options.onMessage({ offset: formatOffset(entry.offset), ulid: message.ulid, producer: message.producer, contentHash: message.content_hash, commit: entry.commit, payload: message.payload });
        if (++delivered >= limit) return done('limit');
      }
    }
    const wait = Math.min(options.intervalMs ?? 200, deadline - Date.now());
    if (wait <= 0) return done('timeout');
    await sleep(wait, options.signal);
  }

  function done(stoppedBy: TailResult['stoppedBy']): TailResult {
    return { topic, delivered, position: position ? formatOffset(position) : null, stoppedBy };
  }
}

/** The offset just before where tailing starts. */
async function startPosition(store: { objects: ObjectStore; refs: RefStore }, topic: string, from: string | undefined): Promise<Offset | null> {
  if (from !== undefined) {
    const start = parseOffset(from);
    return { segment: start.segment, index: start.index - 1 };
  }
  const head = await readHead(store, topic);
  if (head.segment === null) return null;
  // A summary head has no retained messages: everything after its segment is new.
  return { segment: head.segment, index: head.open ? head.count - 1 : Number.MAX_SAFE_INTEGER };
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(finish, ms);
    signal?.addEventListener('abort', finish, { once: true });
    function finish(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', finish);
      resolve();
    }
  });
}
