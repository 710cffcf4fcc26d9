import { GatosError, isGatosError } from '@gatos/core';
import type { TrustGraph } from '@gatos/policy';
import { SUMMARY_SUBJECT } from './busCommit.js';
import type { MessageFailure } from './checkMessage.js';
import { signatureProblem } from './checkSignature.js';
import { trailer } from './commitInfo.js';
import { merkleRoot } from './merkleRoot.js';
import { formatOffset } from './offset.js';
import type { PrunedWindow } from './readTopicLog.js';
import { decodeIndex, decodeSummary, indexHash, type SummaryIndex, type SummaryRecord } from './summaryRecord.js';

/**
 * Every check on a pruned window's summary (ADR-0010), pure over loaded material: a root commit with
 * subject `gmb.summary`; strict decode of both files; topic and segment match the ref; `index_hash`
 * matches `index.cbor`; count, first and last offsets agree with the index; the Merkle root recomputed
 * from the index equals `merkle_root`; trailers agree; author = `pruned_by`, whose key in the active
 * trust graph signed `summary.cbor`.
 */
export function checkSummary(window: PrunedWindow, topic: string, trust: TrustGraph): { summary: SummaryRecord | null; index: SummaryIndex | null; failures: MessageFailure[] } {
  const failures: MessageFailure[] = [];
  const fail = (code: string, reason: string): void => void failures.push({ code, reason });
  if (window.problem) return { summary: null, index: null, failures: [{ code: window.problem.code, reason: window.problem.message }] };
  if (!window.info || !window.summaryBytes || !window.indexBytes) return { summary: null, index: null, failures: [{ code: 'BUS_SUMMARY_INVALID', reason: 'summary files unreadable' }] };
  let summary: SummaryRecord;
  let index: SummaryIndex;
  try {
    summary = decodeSummary(window.summaryBytes);
    index = decodeIndex(window.indexBytes);
  } catch (err) {
    const e = isGatosError(err) ? err : new GatosError('BUS_SUMMARY_INVALID', String(err));
    return { summary: null, index: null, failures: [{ code: e.code, reason: e.message }] };
  }
  if (window.info.subject !== SUMMARY_SUBJECT) fail('BUS_SUMMARY_INVALID', `subject is not ${SUMMARY_SUBJECT}`);
  if (summary.topic !== topic) fail('BUS_WRONG_TOPIC', `summary of topic ${summary.topic} under ${topic}`);
  if (summary.segment !== window.segment) fail('BUS_SUMMARY_INVALID', `summary of segment ${summary.segment} on the ref of segment ${window.segment}`);
  if (indexHash(window.indexBytes) !== summary.index_hash) fail('BUS_SUMMARY_INDEX_MISMATCH', `index.cbor hashes to ${indexHash(window.indexBytes)}, summary says ${summary.index_hash}`);
  if (index.ulids.length !== summary.count) fail('BUS_SUMMARY_COUNT_MISMATCH', `summary counts ${summary.count} messages, index lists ${index.ulids.length}`);
  const first = formatOffset({ segment: window.segment, index: 0 });
  const last = formatOffset({ segment: window.segment, index: summary.count - 1 });
  if (summary.first_offset !== first || summary.last_offset !== last) fail('BUS_SUMMARY_OFFSET_MISMATCH', `offsets ${summary.first_offset}..${summary.last_offset}; expected ${first}..${last}`);
  if (index.content_hashes.length > 0) {
    const root = merkleRoot(index.content_hashes);
    if (root !== summary.merkle_root) fail('BUS_SUMMARY_MERKLE_MISMATCH', `Merkle root of the pruned content hashes is ${root}, summary says ${summary.merkle_root}`);
  }
  const expect = (key: string, wanted: string): void => {
    const got = trailer(window.info!, key);
    if (got !== wanted) fail('BUS_TRAILER_MISMATCH', `${key} trailer is ${JSON.stringify(got)}; expected ${JSON.stringify(wanted)}`);
  };
  expect('Topic', summary.topic);
  expect('Segment', summary.segment);
  expect('Message-Count', String(summary.count));
  expect('Merkle-Root', summary.merkle_root);
  if (window.info.data.author.name !== summary.pruned_by) fail('BUS_PRODUCER_MISMATCH', `commit by ${JSON.stringify(window.info.data.author.name)} but pruned_by ${summary.pruned_by}`);
  const sig = signatureProblem(window.info, window.summaryBytes, summary.pruned_by, trust);
  if (sig) failures.push(sig);
  return { summary, index, failures };
}
