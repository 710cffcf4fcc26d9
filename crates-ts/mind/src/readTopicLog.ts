import type { GatosError, ObjectStore, Oid, RefStore } from '@gatos/core';
import type { CommitInfo } from './commitInfo.js';
import { listSegments, type SegmentRef } from './listSegments.js';
import type { Offset } from './offset.js';
import { readSegment } from './readSegment.js';

/** One retained message commit as found in its segment, not yet verified. */
export interface LoggedMessage {
  /** Position from the chain itself (not from the commit's Offset trailer, which verify checks). */
  readonly offset: Offset;
  readonly ref: string;
  readonly commit: Oid;
  readonly parents: readonly Oid[];
  /** Null when the commit could not be decoded (see `problem`). */
  readonly info: CommitInfo | null;
  /** From the `Message-Id` trailer; null when absent or repeated. */
  readonly ulid: string | null;
  /** `msg.cbor` bytes when bodies were asked for. */
  readonly body: Uint8Array | null;
  /** Why this entry is unusable (malformed commit, wrong subject, missing body, non-linear chain). */
  readonly problem: GatosError | null;
}

/** A segment whose tip is a summary commit (its messages were pruned). */
export interface PrunedWindow {
  readonly ref: string;
  readonly segment: string;
  readonly commit: Oid;
  readonly parents: readonly Oid[];
  readonly info: CommitInfo | null;
  /** `summary.cbor` and `index.cbor` bytes when summaries were asked for. */
  readonly summaryBytes: Uint8Array | null;
  readonly indexBytes: Uint8Array | null;
  readonly problem: GatosError | null;
}

export interface TopicLog {
  readonly segments: SegmentRef[];
  readonly strays: Array<{ ref: string; oid: Oid }>;
  readonly messages: LoggedMessage[];
  readonly pruned: PrunedWindow[];
}

export interface ReadTopicLogOptions {
  /** Only messages strictly after this offset (whole earlier segments are not read). */
  readonly after?: Offset | null;
  /** Also read each message's `msg.cbor`. */
  readonly bodies?: boolean;
  /** Also read the files of pruned windows. */
  readonly summaries?: boolean;
}

/**
 * Reads a topic's segments in offset order: retained messages (one pipelined read of commits, and of
 * bodies when asked) and pruned windows. Broken entries carry a `problem` instead of throwing.
 */
export async function readTopicLog(store: { objects: ObjectStore; refs: RefStore }, topic: string, options: ReadTopicLogOptions = {}): Promise<TopicLog> {
  const { segments, strays } = await listSegments(store.refs, topic);
  const after = options.after ?? null;
  const messages: LoggedMessage[] = [];
  const pruned: PrunedWindow[] = [];
  for (const seg of segments) {
    if (after && seg.segment < after.segment) continue;
    const content = await readSegment(store.objects, seg, { after, bodies: options.bodies === true, summaries: options.summaries === true });
    if (content.kind === 'pruned') pruned.push(content.window);
    else messages.push(...content.messages);
  }
  return { segments, strays, messages, pruned };
}
