import { ulidTime, type Oid, type RawObject, type Signer } from '@gatos/core';
import { SUMMARY_SUBJECT, buildBusCommit, signTrailers } from './busCommit.js';
import { merkleRoot } from './merkleRoot.js';
import { formatOffset } from './offset.js';
import { INDEX_FILE, SUMMARY_FILE, encodeIndex, encodeSummary, indexHash, type SummaryRecord } from './summaryRecord.js';

/**
 * Builds the summary commit of one pruned segment (pure): a root commit with `summary.cbor` (signed by
 * the pruning actor) and `index.cbor`; subject `gmb.summary`; trailers `Topic`, `Segment`,
 * `Message-Count`, `Merkle-Root` and the signature. Dated by the summary's ULID.
 */
export function buildSummaryCommit(
  topic: string,
  segment: string,
  messages: ReadonlyArray<{ ulid: string; contentHash: string }>,
  signer: Signer,
  ulid: string,
): { oid: Oid; objects: RawObject[]; record: SummaryRecord } {
  const index = encodeIndex({ ulids: messages.map((m) => m.ulid), content_hashes: messages.map((m) => m.contentHash) });
  const record: SummaryRecord = {
    topic,
    segment,
    count: messages.length,
    first_offset: formatOffset({ segment, index: 0 }),
    last_offset: formatOffset({ segment, index: messages.length - 1 }),
    merkle_root: merkleRoot(messages.map((m) => m.contentHash)),
    index_hash: indexHash(index),
    pruned_by: signer.actor,
    ulid,
  };
  const bytes = encodeSummary(record);
  const built = buildBusCommit({
    files: new Map([[SUMMARY_FILE, bytes], [INDEX_FILE, index]]),
    parent: null,
    subject: SUMMARY_SUBJECT,
    trailers: [['Topic', topic], ['Segment', segment], ['Message-Count', String(record.count)], ['Merkle-Root', record.merkle_root], ...signTrailers(signer, bytes)],
    actor: signer.actor,
    timeMs: ulidTime(ulid),
  });
  return { ...built, record };
}
