import { GatosError, type ObjectStore, type Oid } from '@gatos/core';
import { MESSAGE_SUBJECT, SUMMARY_SUBJECT } from './busCommit.js';
import { commitInfo, trailer, type CommitInfo } from './commitInfo.js';
import { busError } from './errors.js';
import type { SegmentRef } from './listSegments.js';
import { MESSAGE_FILE } from './messageCommit.js';
import { compareOffsets, type Offset } from './offset.js';
import { readBlobs } from './readBlobs.js';
import type { LoggedMessage, PrunedWindow } from './readTopicLog.js';
import { INDEX_FILE, SUMMARY_FILE } from './summaryRecord.js';

/** One segment as found at a tip: its retained messages, or the summary that replaced them. */
export type SegmentContent =
  | { readonly kind: 'messages'; readonly messages: LoggedMessage[] }
  | { readonly kind: 'pruned'; readonly window: PrunedWindow };

/**
 * Reads the segment chain ending at `seg.tip` (any tip, not only the ref's current one: the gate and
 * sync read the old and the new value of a ref). A tip with subject `gmb.summary` is a pruned window;
 * otherwise every commit is a message entry, with a `problem` instead of a throw when it is broken.
 */
export async function readSegment(
  objects: ObjectStore,
  seg: SegmentRef,
  options: { after?: Offset | null; bodies?: boolean; summaries?: boolean } = {},
): Promise<SegmentContent> {
  const chain = await objects.walk(seg.tip);
  const raws = await objects.readMany(chain.map((c) => c.oid));
  const infos = chain.map((c, i) => commitInfo(c.oid, raws[i]!));
  const tipInfo = infos[infos.length - 1];
  if (tipInfo && !(tipInfo instanceof GatosError) && tipInfo.subject === SUMMARY_SUBJECT) {
    return { kind: 'pruned', window: await prunedWindow(objects, seg, chain, tipInfo, options.summaries === true) };
  }
  const after = options.after ?? null;
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
  if (!options.bodies) return { kind: 'messages', messages: entries };
  const blobs = await readBlobs(objects, entries.map((e) => `${e.commit}:${MESSAGE_FILE}`));
  return {
    kind: 'messages',
    messages: entries.map((e, i) => {
      const blob = blobs[i]!;
      return { ...e, body: blob instanceof GatosError ? null : blob, problem: e.problem ?? (blob instanceof GatosError ? blob : null) };
    }),
  };
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
