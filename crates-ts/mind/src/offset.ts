/**
 * Offsets: `<segment-ulid>:<index>`, the position of a message in a topic (ADR-0010). Segments are
 * totally ordered by their ULIDs and a segment's messages by their zero-based index in its chain,
 * so offsets order a topic by publish order. An offset keeps its meaning after its segment is
 * pruned, because the summary keeps the segment ULID and the message count.
 */
import { assertUlid } from '@gatos/core';
import { busError } from './errors.js';

export interface Offset {
  readonly segment: string;
  readonly index: number;
}

const OFFSET = /^([0-9A-HJKMNP-TV-Z]{26}):(0|[1-9][0-9]{0,8})$/;

/** `01JD…:42`. */
export function formatOffset(offset: Offset): string {
  return `${offset.segment}:${offset.index}`;
}

/**
 * Parses `<segment-ulid>:<index>`; throws `BUS_BAD_OFFSET`.
 * @example parseOffset('01JD0000000000000000000000:3') // { segment: '01JD…', index: 3 }
 */
export function parseOffset(text: string): Offset {
  const m = typeof text === 'string' ? OFFSET.exec(text) : null;
  let ok = m !== null;
  if (m !== null) {
    try {
      assertUlid(m[1]!);
    } catch {
      ok = false;
    }
  }
  if (!ok || m === null) {
    throw busError('BUS_BAD_OFFSET', `offset ${JSON.stringify(String(text).slice(0, 60))} is not <segment-ulid>:<index> (e.g. 01JD6Z5R0000000000000000AB:0)`, {
      data: { offset: String(text).slice(0, 60) },
    });
  }
  return { segment: m[1]!, index: Number(m[2]) };
}

/** Sort comparator over offsets: segment ULID first, then index. */
export function compareOffsets(a: Offset, b: Offset): number {
  if (a.segment !== b.segment) return a.segment < b.segment ? -1 : 1;
  return a.index - b.index;
}
