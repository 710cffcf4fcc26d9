import { trailer } from './commitInfo.js';
import { formatOffset, type Offset } from './offset.js';
import type { TopicLog } from './readTopicLog.js';

/**
 * Moves a consumer's low-water mark forward over every offset that needs no delivery: acknowledged
 * messages (their ULIDs leave `pending`), later copies of a ULID already passed, and pruned windows
 * (gone, so they cannot be delivered). Stops at the first message still owed. Pure.
 * `log` must have been read after `current`.
 */
export function advanceLowWater(log: TopicLog, current: Offset | null, pending: ReadonlySet<string>): { lowWater: string | null; pending: Set<string> } {
  const left = new Set(pending);
  const passed = new Set<string>();
  let low = current ? formatOffset(current) : null;
  const bySegment = new Map<string, TopicLog['messages']>();
  for (const m of log.messages) bySegment.set(m.offset.segment, [...(bySegment.get(m.offset.segment) ?? []), m]);
  const pruned = new Map(log.pruned.map((w) => [w.segment, w]));
  outer: for (const seg of log.segments) {
    if (current && seg.segment < current.segment) continue;
    const window = pruned.get(seg.segment);
    if (window) {
      const count = Number(window.info ? trailer(window.info, 'Message-Count') : NaN);
      if (!Number.isSafeInteger(count) || count < 1) break; // an unreadable summary holds the mark back
      if (!current || current.segment !== seg.segment || current.index < count - 1) low = formatOffset({ segment: seg.segment, index: count - 1 });
      continue;
    }
    for (const m of bySegment.get(seg.segment) ?? []) {
      if (!m.ulid) break outer; // a commit without a readable Message-Id cannot be acknowledged: repair it
      if (!left.has(m.ulid) && !passed.has(m.ulid)) break outer;
      left.delete(m.ulid);
      passed.add(m.ulid);
      low = formatOffset(m.offset);
    }
  }
  return { lowWater: low, pending: left };
}
