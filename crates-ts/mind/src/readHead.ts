import { GatosError, parseActor, type ObjectStore, type Oid, type RefStore } from '@gatos/core';
import { MESSAGE_SUBJECT, SUMMARY_SUBJECT } from './busCommit.js';
import { commitInfo, requireTrailer } from './commitInfo.js';
import { busError } from './errors.js';
import { parseOffset } from './offset.js';
import { headRef } from './topicRef.js';

/** Where a topic's next message goes, as told by `refs/gatos/mbus/<topic>/head`. */
export interface HeadState {
  readonly ref: string;
  /** The head commit, or null for a topic with no segment yet. */
  readonly oid: Oid | null;
  /** The newest segment's ULID (null when there is none). */
  readonly segment: string | null;
  /** True when the newest segment still takes messages (its tip is a message, not a summary). */
  readonly open: boolean;
  /** Messages in the newest segment, i.e. the next index. */
  readonly count: number;
  /** `msg.cbor` bytes in the newest segment. */
  readonly bytes: number;
  /** ULID of the newest message, when the head is a message. */
  readonly lastUlid: string | null;
}

/**
 * Reads the head of `topic` from its commit trailers alone (O(1) whatever the segment's size).
 * Throws `BUS_HEAD_INVALID` naming the commit when the head is not a well-formed bus commit of this topic.
 */
export async function readHead(store: { objects: ObjectStore; refs: RefStore }, topic: string): Promise<HeadState> {
  const ref = headRef(topic);
  const oid = await store.refs.read(ref);
  if (oid === null) return { ref, oid, segment: null, open: false, count: 0, bytes: 0, lastUlid: null };
  const info = commitInfo(oid, await store.objects.read(oid));
  const invalid = (why: string, cause?: unknown): GatosError =>
    busError('BUS_HEAD_INVALID', `${ref} points at ${oid}, ${why} (run \`git gatos bus verify ${topic}\`)`, { data: { ref, commit: oid }, cause });
  if (info instanceof GatosError) throw invalid(info.message, info);
  try {
    if (requireTrailer(info, 'Topic', 'BUS_HEAD_INVALID') !== topic) throw invalid('a commit of another topic');
    if (info.subject === MESSAGE_SUBJECT) {
      const offset = parseOffset(requireTrailer(info, 'Offset', 'BUS_HEAD_INVALID'));
      const bytesText = requireTrailer(info, 'Segment-Bytes', 'BUS_HEAD_INVALID');
      if (!/^(0|[1-9][0-9]{0,14})$/.test(bytesText)) throw invalid(`whose Segment-Bytes ${JSON.stringify(bytesText)} is not a byte count`);
      const lastUlid = requireTrailer(info, 'Message-Id', 'BUS_HEAD_INVALID');
      parseActor(info.data.author.name);
      return { ref, oid, segment: offset.segment, open: true, count: offset.index + 1, bytes: Number(bytesText), lastUlid };
    }
    if (info.subject === SUMMARY_SUBJECT) {
      const segment = requireTrailer(info, 'Segment', 'BUS_HEAD_INVALID');
      parseOffset(`${segment}:0`);
      return { ref, oid, segment, open: false, count: 0, bytes: 0, lastUlid: null };
    }
  } catch (err) {
    if (err instanceof GatosError && err.code === 'BUS_HEAD_INVALID') throw err;
    throw invalid(err instanceof Error ? err.message : String(err), err);
  }
  throw invalid(`whose subject ${JSON.stringify(info.subject.slice(0, 60))} is neither ${MESSAGE_SUBJECT} nor ${SUMMARY_SUBJECT}`);
}
