import type { ObjectStore, RefStore } from '@gatos/core';
import { trailer } from './commitInfo.js';
import { listSegments } from './listSegments.js';
import type { Offset } from './offset.js';
import { readSegment } from './readSegment.js';

type Store = { objects: ObjectStore; refs: RefStore };

/**
 * How many messages segment `segment` of `topic` holds or held (a pruned window counts its summary's
 * `Message-Count`), or null when the topic has no such segment ref.
 */
export async function segmentMessageCount(store: Store, topic: string, segment: string): Promise<number | null> {
  const seg = (await listSegments(store.refs, topic)).segments.find((s) => s.segment === segment);
  if (!seg) return null;
  const content = await readSegment(store.objects, seg);
  if (content.kind === 'messages') return content.messages.length;
  const count = Number(content.window.info ? trailer(content.window.info, 'Message-Count') : NaN);
  return Number.isSafeInteger(count) && count > 0 ? count : 0;
}

/** True when `topic` has (or had, before pruning) a message at `offset`. */
export async function offsetExists(store: Store, topic: string, offset: Offset): Promise<boolean> {
  const count = await segmentMessageCount(store, topic, offset.segment);
  return count !== null && offset.index < count;
}
