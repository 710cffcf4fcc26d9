import {
  formatTimestamp, isGatosError, newUlid, retryWithJitter, ulidTime,
  type Clock, type ObjectStore, type Oid, type RawObject, type RefStore, type RefUpdate, type Signer,
} from '@gatos/core';
import { activeConsumers } from './activeConsumers.js';
import { assertTrustedSigner, loadActiveTrust } from './activeTrust.js';
import { busError } from './errors.js';
import { compareOffsets, type Offset } from './offset.js';
import { readHead } from './readHead.js';
import { readTopicLog, type LoggedMessage } from './readTopicLog.js';
import { buildSummaryCommit } from './summaryCommit.js';
import { assertTopic } from './topicRef.js';
import { verifySegmentMessages } from './verifySegmentMessages.js';

export interface PrunedSegment {
  readonly segment: string;
  readonly ref: string;
  /** The summary commit that now stands on the segment's ref. */
  readonly commit: Oid;
  readonly count: number;
  readonly firstOffset: string;
  readonly lastOffset: string;
  readonly merkleRoot: string;
}

export interface PruneResult {
  readonly topic: string;
  /** Messages published before this time (RFC 3339) were eligible. */
  readonly cutoff: string;
  readonly pruned: PrunedSegment[];
  /** Expired segments kept because an active consumer has not acknowledged them. */
  readonly heldBack: Array<{ segment: string; consumer: string }>;
  /** Consumers whose low-water mark bounded pruning (acknowledged within the activity window). */
  readonly activeConsumers: string[];
}

/**
 * Prunes expired segments of `topic` (ADR-0010). A segment is expired when its creation and every
 * message ULID are older than `now - olderThanMs`. It is pruned only if every active consumer (one
 * that acknowledged within `activeWithinMs`, default `olderThanMs`) has its low-water mark at or past
 * the segment's last offset (SPEC CH6); a consumer silent for longer no longer holds retention back. Each pruned segment is verified first, then its ref is moved, with
 * compare-and-swap in one transaction for all of them (and the head, if it pointed there), to a
 * signed summary root commit carrying count, offsets, Merkle root and the content-hash index.
 * The old message commits become unreachable; git gc reclaims them.
 *
 * @example
 * await pruneTopic(repo, 'gatos.jobs.pending', signer, { olderThanMs: 30 * 86400_000, clock: systemClock });
 */
export async function pruneTopic(
  store: { objects: ObjectStore; refs: RefStore },
  topic: string,
  signer: Signer,
  options: { olderThanMs: number; activeWithinMs?: number; clock: Clock; maxAttempts?: number },
): Promise<PruneResult> {
  assertTopic(topic);
  const activeWithinMs = options.activeWithinMs ?? options.olderThanMs;
  for (const [name, ms] of [['olderThanMs', options.olderThanMs], ['activeWithinMs', activeWithinMs]] as const) {
    if (!Number.isSafeInteger(ms) || ms < 0) throw busError('BUS_BAD_DURATION', `${name} must be a non-negative integer, not ${ms}`, { data: { option: name } });
  }
  const { policyRoot, trust } = await loadActiveTrust(store);
  assertTrustedSigner(trust, signer, policyRoot);

  return retryWithJitter(options.maxAttempts ?? 5, async () => {
    const now = options.clock.now();
    const cutoff = now - options.olderThanMs;
    const head = await readHead(store, topic);
    const consumers = await activeConsumers(store, topic, now - activeWithinMs);
    const log = await readTopicLog(store, topic);
    const bySegment = new Map<string, LoggedMessage[]>();
    for (const m of log.messages) bySegment.set(m.offset.segment, [...(bySegment.get(m.offset.segment) ?? []), m]);
    const heldBack: PruneResult['heldBack'] = [];
    const chosen: Array<{ ref: string; segment: string; tip: Oid; messages: LoggedMessage[] }> = [];
    for (const seg of log.segments) {
      const messages = bySegment.get(seg.segment);
      if (!messages || messages.length === 0) continue; // already a summary
      const times = [ulidTime(seg.segment), ...messages.map((m) => (m.ulid && /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/.test(m.ulid) ? ulidTime(m.ulid) : Number.POSITIVE_INFINITY))];
      if (Math.max(...times) >= cutoff) continue;
      const last: Offset = messages[messages.length - 1]!.offset;
      const blocker = consumers.find((c) => c.lowWater === null || compareOffsets(c.lowWater, last) < 0);
      if (blocker) {
        heldBack.push({ segment: seg.segment, consumer: blocker.consumer });
        continue;
      }
      chosen.push({ ref: seg.ref, segment: seg.segment, tip: seg.tip, messages });
    }
    const objects: RawObject[] = [];
    const updates: RefUpdate[] = [];
    const pruned: PrunedSegment[] = [];
    let summaryUlid: string | undefined;
    for (const seg of chosen) {
      const verified = await verifySegmentMessages(store.objects, topic, seg.ref, seg.messages, trust).catch((err: unknown) => {
        if (!isGatosError(err, 'BUS_PRUNE_UNVERIFIED')) throw err;
        throw busError('BUS_PRUNE_UNVERIFIED', `refusing to prune ${seg.ref}: ${err.message}; nothing was pruned`, { data: err.data, cause: err });
      });
      summaryUlid = newUlid(now, summaryUlid);
      const built = buildSummaryCommit(topic, seg.segment, verified, signer, summaryUlid);
      objects.push(...built.objects);
      updates.push({ ref: seg.ref, expected: seg.tip, next: built.oid });
      if (head.oid === seg.tip) updates.push({ ref: head.ref, expected: head.oid, next: built.oid });
      pruned.push({ segment: seg.segment, ref: seg.ref, commit: built.oid, count: built.record.count, firstOffset: built.record.first_offset, lastOffset: built.record.last_offset, merkleRoot: built.record.merkle_root });
    }
    if (updates.length > 0) {
      await store.objects.write(objects);
      await store.refs.compareAndSwapMany(updates);
    }
    return { topic, cutoff: formatTimestamp(Math.floor(cutoff / 1000)), pruned, heldBack, activeConsumers: consumers.map((c) => c.consumer) };
  }).catch((err: unknown) => {
    if (isGatosError(err, 'REF_CAS_MISMATCH')) {
      throw busError('BUS_CONTENDED', `could not prune ${topic}: its segments kept moving; nothing was pruned, retry`, { data: { topic }, cause: err });
    }
    throw err;
  });
}
