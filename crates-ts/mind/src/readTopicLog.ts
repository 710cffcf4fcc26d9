import { GatosError, type ObjectStore, type Oid, type RefStore } from '@gatos/core';
import { MESSAGE_SUBJECT, SUMMARY_SUBJECT } from './busCommit.js';
import { commitInfo, trailer, type CommitInfo } from './commitInfo.js';
import { busError } from './errors.js';
import { listSegments, type SegmentRef } from './listSegments.js';
import { MESSAGE_FILE } from './messageCommit.js';
import { compareOffsets, type Offset } from './offset.js';
import { readBlobs } from './readBlobs.js';
import { INDEX_FILE, SUMMARY_FILE } from './summaryRecord.js';

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
    const chain = await store.objects.walk(seg.tip);
    const raws = await store.objects.readMany(chain.map((c) => c.oid));
    const infos = chain.map((c, i) => commitInfo(c.oid, raws[i]!));
    const tipInfo = infos[infos.length - 1];
    if (tipInfo && !(tipInfo instanceof GatosError) && tipInfo.subject === SUMMARY_SUBJECT) {
      pruned.push(await prunedWindow(store.objects, seg, chain, tipInfo, options.summaries === true));
      continue;
    }
    const entries: LoggedMessage[] = [];
    chain.forEach((c, index) => {
      const info = infos[index]!;
      const offset = { segment: seg.segment, index };
      if (after && compareOffsets(offset, after) <= 0) return;
      let problem: GatosError | null = info instanceof GatosError ? info : null;
      const expectedParents = index === 0 ? [] : [chain[index - 1]!.oid];
      if (!problem && info instanceof GatosError === false && info.subject !== MESSAGE_SUBJECT) {
        problem = busError('BUS_MESSAGE_INVALID', `commit ${c.oid} in ${seg.ref} has subject ${JSON.stringify(info.subject.slice(0, 60))}, not ${MESSAGE_SUBJECT}`, { data: { ref: seg.ref, commit: c.oid } });
      }
      if (!problem && c.parents.join(' ') !== expectedParents.join(' ')) {
        problem = busError('BUS_MESSAGE_INVALID', `commit ${c.oid} in ${seg.ref} has parents [${c.parents.join(', ')}]; a segment is a linear chain`, { data: { ref: seg.ref, commit: c.oid } });
      }
      const good = info instanceof GatosError ? null : info;
      entries.push({ offset, ref: seg.ref, commit: c.oid, parents: c.parents, info: good, ulid: good ? trailer(good, 'Message-Id') : null, body: null, problem });
    });
    if (options.bodies) {
      const blobs = await readBlobs(store.objects, entries.map((e) => `${e.commit}:${MESSAGE_FILE}`));
      entries.forEach((e, i) => {
        const blob = blobs[i]!;
        messages.push({ ...e, body: blob instanceof GatosError ? null : blob, problem: e.problem ?? (blob instanceof GatosError ? blob : null) });
      });
    } else {
      messages.push(...entries);
    }
  }
  return { segments, strays, messages, pruned };
}

async function prunedWindow(objects: ObjectStore, seg: SegmentRef, chain: Array<{ oid: Oid; parents: Oid[] }>, info: CommitInfo, withFiles: boolean): Promise<PrunedWindow> {
  const tip = chain[chain.length - 1]!;
  let problem: GatosError | null = null;
  if (chain.length !== 1 || tip.parents.length !== 0) {
    problem = busError('BUS_SUMMARY_INVALID', `summary ${tip.oid} in ${seg.ref} has parents; a summary replaces its segment as a root commit`, { data: { ref: seg.ref, commit: tip.oid } });
  }
  let summaryBytes: Uint8Array | null = null;
  let indexBytes: Uint8Array | null = null;
  if (withFiles) {
    const [s, i] = await readBlobs(objects, [`${tip.oid}:${SUMMARY_FILE}`, `${tip.oid}:${INDEX_FILE}`]);
    if (s instanceof GatosError || i instanceof GatosError) {
      problem ??= busError('BUS_SUMMARY_INVALID', `summary ${tip.oid} in ${seg.ref} lacks ${SUMMARY_FILE} or ${INDEX_FILE}`, { data: { ref: seg.ref, commit: tip.oid } });
    } else {
      summaryBytes = s!;
      indexBytes = i!;
    }
  }
  return { ref: seg.ref, segment: seg.segment, commit: tip.oid, parents: tip.parents, info, summaryBytes, indexBytes, problem };
}
