/**
 * The bus message (SPEC-DIGEST §6 [R] Formats; ADR-0010): canonical DAG-CBOR
 * `{topic, ulid, producer, payload, content_hash}`, stored as `msg.cbor` and signed like an event
 * envelope (the signature covers these bytes and travels in commit trailers).
 * `content_hash` = `blake3:<hex>` of the canonical DAG-CBOR bytes of `payload`: the "message body"
 * that Merkle roots of pruned windows commit to.
 */
import {
  GatosError, assertUlid, blake3Hex, decodeStrict, encodeCanonical, isGatosError, parseActor,
  type CborValue,
} from '@gatos/core';
import { busError } from './errors.js';
import { assertTopic } from './topicRef.js';

export interface BusMessage {
  readonly topic: string;
  readonly ulid: string;
  /** The publishing actor, e.g. `user:alice`. */
  readonly producer: string;
  readonly payload: { readonly [key: string]: CborValue };
  /** `blake3:<64 hex>` of the canonical payload bytes. */
  readonly content_hash: string;
}

/** Default cap on one encoded message (the strict decoder's limit), as for journal events. */
export const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;

const FIELDS = ['content_hash', 'payload', 'producer', 'topic', 'ulid'];
const HASH = /^blake3:[0-9a-f]{64}$/;

/**
 * `blake3:<hex>` of the canonical DAG-CBOR encoding of `payload`.
 * @example contentHash({ job: 1 }) // 'blake3:…'
 */
export function contentHash(payload: { readonly [key: string]: CborValue }): string {
  return `blake3:${blake3Hex(encodeCanonical(payload))}`;
}

/** Builds a message, computing its content hash. Validates topic, ULID and producer. */
export function makeMessage(topic: string, ulid: string, producer: string, payload: { readonly [key: string]: CborValue }): BusMessage {
  assertTopic(topic);
  assertUlid(ulid);
  parseActor(producer);
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload) || payload instanceof Uint8Array) {
    throw busError('BUS_BAD_PAYLOAD', `payload of message ${ulid} must be a JSON object`, { data: { ulid } });
  }
  return { topic, ulid, producer, payload, content_hash: contentHash(payload) };
}

/** Canonical bytes of a message (what is signed and stored as `msg.cbor`). */
export function encodeMessage(message: BusMessage): Uint8Array {
  return encodeCanonical(message);
}

/**
 * Strictly decodes `msg.cbor` and checks its shape and content hash. Attacker-controlled input:
 * throws `BUS_MESSAGE_INVALID` (or a `CBOR_*` code) naming what is wrong.
 */
export function decodeMessage(bytes: Uint8Array, maxBytes = DEFAULT_MAX_MESSAGE_BYTES): BusMessage {
  const value = decodeStrict(bytes, { maxBytes });
  const bad = (why: string): GatosError => busError('BUS_MESSAGE_INVALID', `msg.cbor ${why}`);
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Uint8Array) throw bad('is not a map');
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  if (keys.join(',') !== FIELDS.join(',')) throw bad(`has fields [${keys.join(', ')}]; expected exactly [${FIELDS.join(', ')}]`);
  const { topic, ulid, producer, payload, content_hash: hash } = record;
  if (typeof topic !== 'string' || typeof ulid !== 'string' || typeof producer !== 'string' || typeof hash !== 'string') {
    throw bad('has a non-string topic, ulid, producer or content_hash');
  }
  try {
    assertTopic(topic);
    assertUlid(ulid);
    parseActor(producer);
  } catch (err) {
    throw bad(isGatosError(err) ? err.message : String(err));
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload) || payload instanceof Uint8Array) throw bad('payload is not a map');
  if (!HASH.test(hash)) throw bad(`content_hash ${JSON.stringify(hash.slice(0, 80))} is not blake3:<64 hex>`);
  const actual = contentHash(payload as BusMessage['payload']);
  if (actual !== hash) throw bad(`content_hash ${hash} does not match its payload (${actual})`);
  return { topic, ulid, producer, payload: payload as BusMessage['payload'], content_hash: hash };
}
