import { GatosError, isGatosError, type ObjectStore, type Oid } from '@gatos/core';
import type { TrustGraph } from '@gatos/policy';
import { SUMMARY_SUBJECT } from './busCommit.js';
import type { MessageFailure } from './checkMessage.js';
import { commitInfo } from './commitInfo.js';
import { checkSummary } from './checkSummary.js';
import { formatOffset } from './offset.js';
import { readSegment } from './readSegment.js';
import type { SummaryIndex, SummaryRecord } from './summaryRecord.js';
import { parseSegmentRef } from './topicRef.js';
import { verifySegmentMessages } from './verifySegmentMessages.js';

/** A move of a segment ref from `old` (null: the ref is created) to `next`. */
export interface SegmentReplacement {
  readonly ref: string;
  readonly old: Oid | null;
  readonly next: Oid;
}

/** What a valid replacement summarises. */
export interface ValidReplacement {
  readonly topic: string;
  readonly summary: SummaryRecord;
  readonly index: SummaryIndex;
}

/**
 * Decides whether moving a segment ref to `next` is a valid prune (ADR-0010 "Retention", "Pruning on
 * shared remotes"): `next` is a summary that passes every `checkSummary` check under `trust` (strict
 * decode, topic and segment of the ref, index hash, count, offsets, recomputed Merkle root, trailers,
 * signature of `pruned_by`) and, when the ref held messages (`old`), summarises exactly them: every
 * message at `old` verifies, and the summary lists the same number of messages with the same ULIDs and
 * content hashes in the same order. A summary never replaces a summary. Reads only; used by the push
 * gate and by sync, which see the old segment and the pushed or fetched summary side by side.
 *
 * @returns the summary when valid, else the failure (`code`, one-line `reason`).
 * @example
 * const r = await checkSegmentReplacement(repo.objects, { ref, old: serverTip, next: pushedTip }, trust);
 * if ('code' in r) deny(r.reason);
 */
export async function checkSegmentReplacement(objects: ObjectStore, update: SegmentReplacement, trust: TrustGraph): Promise<ValidReplacement | MessageFailure> {
  const parsed = parseSegmentRef(update.ref);
  if (parsed === null) return { code: 'BUS_STRAY_REF', reason: `${update.ref} is not a segment ref (refs/gatos/mbus/<topic>/<yyyy>/<mm>/<dd>/<segment-ulid>, dated by its ULID)` };
  const { topic, segment } = parsed;
  const notSummary = { code: 'BUS_NOT_A_SUMMARY', reason: `${update.next} is not a ${SUMMARY_SUBJECT} commit, and only a summary may replace a segment's messages` };
  // The tip alone says whether this is a summary: a new segment of messages is not walked here.
  const tip = commitInfo(update.next, await objects.read(update.next));
  if (tip instanceof GatosError || tip.subject !== SUMMARY_SUBJECT) return notSummary;
  const incoming = await readSegment(objects, { ref: update.ref, segment, tip: update.next }, { summaries: true });
  if (incoming.kind !== 'pruned') return notSummary;
  const checked = checkSummary(incoming.window, topic, trust);
  const first = checked.failures[0];
  if (first || !checked.summary || !checked.index) {
    const more = checked.failures.length > 1 ? ` (and ${checked.failures.length - 1} more failures)` : '';
    return { code: first?.code ?? 'BUS_SUMMARY_INVALID', reason: `summary ${update.next}: ${first?.reason ?? 'unreadable'}${more}` };
  }
  const { summary, index } = checked;
  if (update.old === null) return { topic, summary, index };

  const held = await readSegment(objects, { ref: update.ref, segment, tip: update.old }, { bodies: true });
  if (held.kind === 'pruned') return { code: 'BUS_ALREADY_PRUNED', reason: `${update.ref} already holds the summary ${update.old}; a pruned window is never summarised again` };
  let messages: Array<{ ulid: string; contentHash: string }>;
  try {
    messages = await verifySegmentMessages(objects, topic, update.ref, held.messages, trust);
  } catch (err) {
    if (!isGatosError(err, 'BUS_PRUNE_UNVERIFIED')) throw err;
    return { code: err.code, reason: `the segment being replaced does not verify (${err.message}), so no summary can vouch for it` };
  }
  if (messages.length > summary.count) {
    const lost = formatOffset({ segment, index: summary.count });
    return { code: 'BUS_SUMMARY_STALE', reason: `${update.ref} holds ${messages.length} messages but the summary covers ${summary.count}: the messages from ${lost} on would be lost (fetch, then prune again)` };
  }
  if (messages.length < summary.count) {
    return { code: 'BUS_SUMMARY_COUNT_MISMATCH', reason: `the summary covers ${summary.count} messages but ${update.ref} holds ${messages.length}` };
  }
  const differs = messages.findIndex((m, i) => m.ulid !== index.ulids[i] || m.contentHash !== index.content_hashes[i]);
  if (differs >= 0) {
    const m = messages[differs]!;
    return {
      code: 'BUS_SUMMARY_INDEX_MISMATCH',
      reason: `message ${formatOffset({ segment, index: differs })} is ${m.ulid} ${m.contentHash} in the segment but ${index.ulids[differs]} ${index.content_hashes[differs]} in the summary`,
    };
  }
  return { topic, summary, index };
}
