/**
 * A consumer's ack record (ADR-0010), `ack.cbor` in each commit of `refs/gatos/mbus-ack/<topic>/<consumer>`:
 * `{topic, consumer, actor, ulid, acked, pending, low_water?}`.
 * - `acked`: the ULIDs this batch acknowledged (sorted);
 * - `low_water`: the greatest offset such that every message up to it is acknowledged (absent = none yet);
 * - `pending`: ULIDs acknowledged above the low-water mark (sorted), so `read` can skip them.
 * The record is the consumer's whole state: readers need the tip commit only.
 */
import { GatosError, assertUlid, decodeStrict, encodeCanonical, isGatosError, parseActor } from '@gatos/core';
import { busError } from './errors.js';
import { parseOffset } from './offset.js';
import { assertConsumer, assertTopic } from './topicRef.js';

export const ACK_FILE = 'ack.cbor';

export interface AckRecord {
  readonly topic: string;
  readonly consumer: string;
  /** Who acknowledged (signs the commit). */
  readonly actor: string;
  /** Time and identity of this ack batch; dates the commit. */
  readonly ulid: string;
  readonly acked: readonly string[];
  readonly pending: readonly string[];
  readonly low_water?: string;
}

/** Ack records hold up to one batch plus the pending set: allow far more than the default 1 MiB. */
const MAX_ACK_BYTES = 64 * 1024 * 1024;
const ULID = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;

export function encodeAck(record: AckRecord): Uint8Array {
  return encodeCanonical({ ...record, acked: [...record.acked], pending: [...record.pending] });
}

/** Strictly decodes `ack.cbor`; throws `BUS_ACK_INVALID`. */
export function decodeAck(bytes: Uint8Array): AckRecord {
  const bad = (why: string): GatosError => busError('BUS_ACK_INVALID', `ack.cbor ${why}`);
  let value: unknown;
  try {
    value = decodeStrict(bytes, { maxBytes: MAX_ACK_BYTES });
  } catch (err) {
    throw bad(isGatosError(err) ? err.message : String(err));
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Uint8Array) throw bad('is not a map');
  const r = value as Record<string, unknown>;
  const keys = Object.keys(r).sort();
  const required = ['acked', 'actor', 'consumer', 'pending', 'topic', 'ulid'];
  const allowed = [...required, 'low_water'];
  if (!required.every((k) => k in r) || !keys.every((k) => allowed.includes(k))) throw bad(`has fields [${keys.join(', ')}]; expected [${allowed.join(', ')}]`);
  const isUlidList = (v: unknown): v is string[] => Array.isArray(v) && v.every((u) => typeof u === 'string' && ULID.test(u));
  if (!isUlidList(r.acked) || !isUlidList(r.pending)) throw bad('acked and pending must be arrays of ULIDs');
  try {
    assertTopic(r.topic as string);
    assertConsumer(r.consumer as string);
    parseActor(r.actor as string);
    assertUlid(r.ulid as string);
    if (r.low_water !== undefined) parseOffset(r.low_water as string);
  } catch (err) {
    throw bad(isGatosError(err) ? err.message : String(err));
  }
  return r as unknown as AckRecord;
}
