/**
 * The summary of a pruned segment (ADR-0010). Two files in a root commit that replaces the segment's
 * message chain on the same ref:
 * - `summary.cbor` (signed by the pruning actor): `{topic, segment, count, first_offset, last_offset,
 *   merkle_root, index_hash, pruned_by, ulid}`;
 * - `index.cbor`: `{ulids, content_hashes}` of the pruned messages in offset order, so the Merkle root
 *   can be recomputed and republished ULIDs stay deduplicated; `index_hash` = blake3 of its bytes.
 */
import { GatosError, assertUlid, blake3Hex, decodeStrict, encodeCanonical, isGatosError, parseActor } from '@gatos/core';
import { decodeClosedMap } from './decodeClosedMap.js';
import { busError } from './errors.js';
import { parseOffset } from './offset.js';
import { assertTopic } from './topicRef.js';

export const SUMMARY_FILE = 'summary.cbor';
export const INDEX_FILE = 'index.cbor';

export interface SummaryRecord {
  readonly topic: string;
  readonly segment: string;
  readonly count: number;
  readonly first_offset: string;
  readonly last_offset: string;
  /** `blake3:<hex>` Merkle root over the pruned messages' content hashes. */
  readonly merkle_root: string;
  /** `blake3:<hex>` of `index.cbor`. */
  readonly index_hash: string;
  readonly pruned_by: string;
  /** When the window was pruned; also dates the commit. */
  readonly ulid: string;
}

export interface SummaryIndex {
  readonly ulids: readonly string[];
  readonly content_hashes: readonly string[];
}

/** The index holds 26 + 71 bytes per message; a 100k-message segment needs ~10 MB. */
const MAX_INDEX_BYTES = 64 * 1024 * 1024;
const SUMMARY_FIELDS = ['count', 'topic', 'ulid', 'segment', 'pruned_by', 'index_hash', 'merkle_root', 'last_offset', 'first_offset'].sort();
const HASH = /^blake3:[0-9a-f]{64}$/;

export function encodeSummary(record: SummaryRecord): Uint8Array {
  return encodeCanonical(record);
}

export function encodeIndex(index: SummaryIndex): Uint8Array {
  return encodeCanonical({ ulids: [...index.ulids], content_hashes: [...index.content_hashes] });
}

/** `blake3:<hex>` of the index bytes. */
export function indexHash(bytes: Uint8Array): string {
  return `blake3:${blake3Hex(bytes)}`;
}

/** Strictly decodes `summary.cbor`; throws `BUS_SUMMARY_INVALID` naming the problem. */
export function decodeSummary(bytes: Uint8Array): SummaryRecord {
  const bad = (why: string): GatosError => busError('BUS_SUMMARY_INVALID', `summary.cbor ${why}`);
  const r = decodeClosedMap(bytes, SUMMARY_FIELDS, bad);
  const strings = ['topic', 'segment', 'first_offset', 'last_offset', 'merkle_root', 'index_hash', 'pruned_by', 'ulid'] as const;
  for (const k of strings) if (typeof r[k] !== 'string') throw bad(`field ${k} is not a string`);
  if (typeof r.count !== 'number' || !Number.isSafeInteger(r.count) || r.count < 1) throw bad('count is not a positive integer');
  const record = r as unknown as SummaryRecord;
  try {
    assertTopic(record.topic);
    assertUlid(record.segment);
    assertUlid(record.ulid);
    parseActor(record.pruned_by);
    parseOffset(record.first_offset);
    parseOffset(record.last_offset);
  } catch (err) {
    throw bad(isGatosError(err) ? err.message : String(err));
  }
  if (!HASH.test(record.merkle_root) || !HASH.test(record.index_hash)) throw bad('merkle_root or index_hash is not blake3:<64 hex>');
  return record;
}

/** Strictly decodes `index.cbor`; throws `BUS_SUMMARY_INVALID`. */
export function decodeIndex(bytes: Uint8Array): SummaryIndex {
  const bad = (why: string): GatosError => busError('BUS_SUMMARY_INVALID', `index.cbor ${why}`);
  let value: unknown;
  try {
    value = decodeStrict(bytes, { maxBytes: MAX_INDEX_BYTES });
  } catch (err) {
    throw bad(isGatosError(err) ? err.message : String(err));
  }
  const r = value as Record<string, unknown> | null;
  if (typeof r !== 'object' || r === null || Object.keys(r).sort().join(',') !== 'content_hashes,ulids') throw bad('is not {ulids, content_hashes}');
  const { ulids, content_hashes: hashes } = r;
  if (!Array.isArray(ulids) || !Array.isArray(hashes) || ulids.length !== hashes.length) throw bad('needs two arrays of equal length');
  if (!ulids.every((u): u is string => typeof u === 'string' && /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/.test(u))) throw bad('holds a value that is not a ULID');
  if (!hashes.every((h): h is string => typeof h === 'string' && HASH.test(h))) throw bad('holds a value that is not blake3:<64 hex>');
  return { ulids, content_hashes: hashes };
}
