import type { Oid, RefStore } from '@gatos/core';
import { headRef, parseSegmentRef, topicPrefix } from './topicRef.js';

export interface SegmentRef {
  readonly ref: string;
  readonly segment: string;
  readonly tip: Oid;
}

/**
 * The segment refs of `topic`, ordered by segment ULID (= creation order), plus any other ref found
 * under the topic's prefix that is neither a segment nor `head` (reported by `verifyTopic`).
 */
export async function listSegments(refs: RefStore, topic: string): Promise<{ segments: SegmentRef[]; strays: Array<{ ref: string; oid: Oid }> }> {
  const head = headRef(topic);
  const segments: SegmentRef[] = [];
  const strays: Array<{ ref: string; oid: Oid }> = [];
  for (const { ref, oid } of await refs.list(topicPrefix(topic))) {
    if (ref === head) continue;
    const parsed = parseSegmentRef(ref);
    if (parsed && parsed.topic === topic) segments.push({ ref, segment: parsed.segment, tip: oid });
    else strays.push({ ref, oid });
  }
  segments.sort((a, b) => (a.segment < b.segment ? -1 : a.segment > b.segment ? 1 : 0));
  return { segments, strays };
}
