import { GatosError, type ObjectStore, type Oid, type RefStore } from '@gatos/core';
import { trailer } from './commitInfo.js';
import { formatOffset } from './offset.js';
import { readTopicLog } from './readTopicLog.js';
import { decodeIndex } from './summaryRecord.js';

/** Where a ULID already lives in a topic. */
export interface KnownUlid {
  readonly offset: string;
  /** The message commit, or the summary commit when the message was pruned. */
  readonly commit: Oid;
  readonly contentHash: string | null;
  /** Null for pruned messages (summaries keep content hashes, not producers). */
  readonly producer: string | null;
}

/**
 * Every ULID of a topic, retained and pruned, from commit trailers and summary indexes (no message
 * bodies are read). Used to keep publishing idempotent by (topic, ulid) across segments.
 */
export async function topicUlids(store: { objects: ObjectStore; refs: RefStore }, topic: string): Promise<Map<string, KnownUlid>> {
  const log = await readTopicLog(store, topic, { summaries: true });
  const known = new Map<string, KnownUlid>();
  for (const w of log.pruned) {
    if (!w.indexBytes) continue;
    let index;
    try {
      index = decodeIndex(w.indexBytes);
    } catch (err) {
      if (err instanceof GatosError) continue; // a broken summary is verify's to report; it cannot vouch for ULIDs
      throw err;
    }
    index.ulids.forEach((ulid, i) => {
      if (!known.has(ulid)) known.set(ulid, { offset: formatOffset({ segment: w.segment, index: i }), commit: w.commit, contentHash: index.content_hashes[i]!, producer: null });
    });
  }
  for (const m of log.messages) {
    if (!m.ulid || !m.info || known.has(m.ulid)) continue;
    known.set(m.ulid, { offset: formatOffset(m.offset), commit: m.commit, contentHash: trailer(m.info, 'Content-Hash'), producer: m.info.data.author.name });
  }
  return known;
}
