/**
 * Blob pointers (SPEC-DIGEST §8, ADR-0015): the JSON an event carries instead of bytes.
 * - public: `{kind:"blobptr", algo:"blake3", hash:"blake3:<hex>", size, class?}`;
 * - opaque: `{kind:"opaque", algo:"aes-256-gcm", ciphertext_hash:"blake3:<hex>", size:<bucket>,
 *   encrypted_meta:{v, wrap, iv, key_commitment, recipients:[{key, enc, wrapped}]}, class?}`, never a
 *   plaintext digest.
 * Pointers are attacker-controlled input: parsing is strict (unknown fields, other spellings and
 * out-of-range values are refused with the field named). The legacy names `cipher_meta` and
 * `ciphertext_digest` are read and always written as `encrypted_meta` and `ciphertext_hash`.
 */
import { canonicalJson, formatPublicKey, parsePublicKey } from '@gatos/core';
import { fromBase64url } from './base64url.js';
import { parseBlobHash } from './blobHash.js';
import { isBucket, MAX_BUCKET } from './bucket.js';
import { opaqueError } from './errors.js';

export const OPAQUE_ALGO = 'aes-256-gcm';
/** HPKE (RFC 9180) base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM. */
export const WRAP_SUITE = 'hpke-base-x25519-sha256-aes256gcm';
export const IV_BYTES = 12;
export const KEY_COMMITMENT_BYTES = 32;
export const ENC_BYTES = 32;
/** A wrapped 32-byte content key plus the 16-byte AEAD tag. */
export const WRAPPED_BYTES = 48;
export const MAX_RECIPIENTS = 1024;

export interface BlobPointer {
  readonly kind: 'blobptr';
  readonly algo: 'blake3';
  readonly hash: string;
  readonly size: number;
  readonly class?: string;
}

/** The content key wrapped to one recipient key. */
export interface RecipientWrap {
  /** The recipient's Ed25519 identity key, `ed25519:<64 hex>`. */
  readonly key: string;
  /** HPKE encapsulated key (32 bytes), base64url. */
  readonly enc: string;
  /** HPKE ciphertext of the content key (48 bytes), base64url. */
  readonly wrapped: string;
}

export interface EncryptedMeta {
  readonly v: 1;
  readonly wrap: typeof WRAP_SUITE;
  /** AES-256-GCM nonce of the content (12 bytes), base64url. */
  readonly iv: string;
  /** HMAC-SHA256(content key, "gatos.opaque.key-commitment.v1"), base64url: every recipient gets the same key. */
  readonly key_commitment: string;
  /** Sorted by `key`, no duplicates. */
  readonly recipients: readonly RecipientWrap[];
}

export interface OpaquePointer {
  readonly kind: 'opaque';
  readonly algo: typeof OPAQUE_ALGO;
  readonly ciphertext_hash: string;
  /** The bucket the plaintext was padded to; the stored ciphertext is `size + 16` bytes. */
  readonly size: number;
  readonly encrypted_meta: EncryptedMeta;
  readonly class?: string;
}

export type Pointer = BlobPointer | OpaquePointer;

const CLASS = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const PLAINTEXT_DIGESTS = new Set(['hash', 'digest', 'plaintext_hash', 'plaintext_digest']);

function bad(field: string, why: string): never {
  throw opaqueError('OPAQUE_BAD_POINTER', `pointer field ${field} ${why}`, { data: { field } });
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function checkFields(obj: Record<string, unknown>, allowed: ReadonlySet<string>, where: string, hint = ''): void {
  const extra = Object.keys(obj).filter((k) => !allowed.has(k)).sort();
  if (extra.length > 0) {
    throw opaqueError('OPAQUE_BAD_POINTER', `${where} has unknown field(s) ${extra.map((k) => JSON.stringify(k.slice(0, 40))).join(', ')}${hint}`, {
      data: { field: extra[0]!.slice(0, 80) },
    });
  }
}

/** A size: a safe integer (bigint accepted, e.g. from DAG-CBOR) in `[0, max]`. */
function size(v: unknown, field: string, max: number): number {
  const n = typeof v === 'bigint' && v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= 0n ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) return bad(field, 'must be a whole number of bytes ≥ 0');
  if (n > max) return bad(field, `is ${n}, beyond the largest allowed (${max})`);
  return n;
}

/** Validates an optional `class` value (`OPAQUE_BAD_POINTER`, field `class`). */
export function blobClass(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !CLASS.test(v)) return bad('class', `must match ${CLASS.source} (e.g. "pii", "high-entropy")`);
  return v;
}

function hashField(v: unknown, field: string): string {
  try {
    return `blake3:${parseBlobHash(v, field)}`;
  } catch (err) {
    throw opaqueError('OPAQUE_BAD_POINTER', `pointer field ${field} must be "blake3:<64 lowercase hex>"`, { data: { field }, cause: err });
  }
}

function recipientKey(v: unknown, field: string): string {
  if (typeof v !== 'string') return bad(field, 'must be an Ed25519 key "ed25519:<64 lowercase hex>"');
  let canonical: string;
  try {
    canonical = formatPublicKey(parsePublicKey(v));
  } catch (err) {
    throw opaqueError('OPAQUE_BAD_POINTER', `pointer field ${field} is not an Ed25519 key "ed25519:<64 lowercase hex>"`, { data: { field }, cause: err });
  }
  if (canonical !== v) return bad(field, `must be written as ${canonical} (the hex form)`);
  return v;
}

/** Checks a base64url field and returns it unchanged. */
function b64(v: unknown, length: number, field: string): string {
  fromBase64url(v, length, field);
  return v as string;
}

function parseMeta(raw: unknown, field: string): EncryptedMeta {
  if (!isPlainObject(raw)) return bad(field, 'must be an object');
  checkFields(raw, new Set(['v', 'wrap', 'iv', 'key_commitment', 'recipients']), `pointer field ${field}`);
  if (raw.v !== 1) return bad(`${field}.v`, `must be 1 (this implementation reads version 1), got ${JSON.stringify(raw.v)}`);
  if (raw.wrap !== WRAP_SUITE) {
    throw opaqueError('OPAQUE_UNSUPPORTED', `pointer field ${field}.wrap: key wrapping ${JSON.stringify(typeof raw.wrap === 'string' ? raw.wrap.slice(0, 60) : raw.wrap)} is not supported (only ${WRAP_SUITE})`, { data: { field: `${field}.wrap` } });
  }
  const iv = b64(raw.iv, IV_BYTES, `${field}.iv`);
  const keyCommitment = b64(raw.key_commitment, KEY_COMMITMENT_BYTES, `${field}.key_commitment`);
  const list = raw.recipients;
  if (!Array.isArray(list) || list.length === 0) return bad(`${field}.recipients`, 'must be a non-empty array');
  if (list.length > MAX_RECIPIENTS) return bad(`${field}.recipients`, `has ${list.length} entries, more than ${MAX_RECIPIENTS}`);
  // Array.from visits holes too (a sparse array must not slip through as a shorter list).
  const recipients = Array.from(list as unknown[], (r: unknown, i): RecipientWrap => {
    const at = `${field}.recipients[${i}]`;
    if (!isPlainObject(r)) return bad(at, 'must be an object {key, enc, wrapped}');
    checkFields(r, new Set(['key', 'enc', 'wrapped']), `pointer field ${at}`);
    return { key: recipientKey(r.key, `${at}.key`), enc: b64(r.enc, ENC_BYTES, `${at}.enc`), wrapped: b64(r.wrapped, WRAPPED_BYTES, `${at}.wrapped`) };
  });
  for (let i = 1; i < recipients.length; i++) {
    if (recipients[i - 1]!.key >= recipients[i]!.key) {
      return bad(`${field}.recipients[${i}]`, recipients[i - 1]!.key === recipients[i]!.key ? 'repeats a recipient key' : 'is out of order (recipients are sorted by key)');
    }
  }
  return { v: 1, wrap: WRAP_SUITE, iv, key_commitment: keyCommitment, recipients };
}

function parseOpaque(raw: Record<string, unknown>): OpaquePointer {
  for (const k of Object.keys(raw)) {
    if (PLAINTEXT_DIGESTS.has(k)) bad(k, 'is not allowed in an opaque pointer: it would reveal a digest of the plaintext');
  }
  checkFields(raw, new Set(['kind', 'algo', 'ciphertext_hash', 'ciphertext_digest', 'size', 'encrypted_meta', 'cipher_meta', 'class']), 'opaque pointer');
  if (raw.algo !== OPAQUE_ALGO) {
    if (typeof raw.algo === 'string' && raw.algo === 'chacha20poly1305') {
      throw opaqueError('OPAQUE_UNSUPPORTED', 'pointer field algo: "chacha20poly1305" is not supported by this implementation (only aes-256-gcm)', { data: { field: 'algo' } });
    }
    return bad('algo', `must be "${OPAQUE_ALGO}", got ${JSON.stringify(typeof raw.algo === 'string' ? raw.algo.slice(0, 40) : raw.algo)}`);
  }
  if (raw.ciphertext_hash !== undefined && raw.ciphertext_digest !== undefined) bad('ciphertext_digest', 'is the legacy name of ciphertext_hash; give one, not both');
  if (raw.encrypted_meta !== undefined && raw.cipher_meta !== undefined) bad('cipher_meta', 'is the legacy name of encrypted_meta; give one, not both');
  const hashName = raw.ciphertext_hash !== undefined ? 'ciphertext_hash' : 'ciphertext_digest';
  if (raw[hashName] === undefined) bad('ciphertext_hash', 'is required');
  const metaName = raw.encrypted_meta !== undefined ? 'encrypted_meta' : 'cipher_meta';
  if (raw[metaName] === undefined) bad('encrypted_meta', 'is required');
  const bucket = size(raw.size, 'size', MAX_BUCKET);
  if (!isBucket(bucket)) bad('size', `is ${bucket}, not a bucket (1024 × 4^k bytes: 1024, 4096, 16384, 65536, …)`);
  const cls = blobClass(raw.class);
  return {
    kind: 'opaque',
    algo: OPAQUE_ALGO,
    ciphertext_hash: hashField(raw[hashName], hashName),
    size: bucket,
    encrypted_meta: parseMeta(raw[metaName], metaName),
    ...(cls === undefined ? {} : { class: cls }),
  };
}

function parsePublic(raw: Record<string, unknown>): BlobPointer {
  checkFields(raw, new Set(['kind', 'algo', 'hash', 'size', 'class']), 'blobptr pointer');
  if (raw.algo !== 'blake3') bad('algo', `must be "blake3", got ${JSON.stringify(typeof raw.algo === 'string' ? raw.algo.slice(0, 40) : raw.algo)}`);
  const cls = blobClass(raw.class);
  return {
    kind: 'blobptr',
    algo: 'blake3',
    hash: hashField(raw.hash, 'hash'),
    size: size(raw.size, 'size', Number.MAX_SAFE_INTEGER),
    ...(cls === undefined ? {} : { class: cls }),
  };
}

/**
 * Validates a pointer value (parsed JSON or a decoded event payload field) and returns it in its
 * current form (legacy names renamed). Throws `OPAQUE_BAD_POINTER` (data.field) or `OPAQUE_UNSUPPORTED`.
 * @example parsePointer({ kind: 'blobptr', algo: 'blake3', hash: 'blake3:af13…', size: 0 })
 */
export function parsePointer(value: unknown): Pointer {
  if (!isPlainObject(value)) return bad('(root)', 'must be a JSON object');
  if (value.kind === 'blobptr') return parsePublic(value);
  if (value.kind === 'opaque') return parseOpaque(value);
  return bad('kind', `must be "blobptr" or "opaque", got ${JSON.stringify(typeof value.kind === 'string' ? value.kind.slice(0, 40) : value.kind)}`);
}

/** Parses pointer JSON text; invalid JSON is `OPAQUE_BAD_POINTER` too. */
export function parsePointerJson(text: string): Pointer {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw opaqueError('OPAQUE_BAD_POINTER', `pointer is not valid JSON: ${(err as Error).message}`, { data: { field: '(root)' }, cause: err });
  }
  return parsePointer(value);
}

/**
 * The canonical text of a pointer (RFC 8785 JCS): what `blob put` prints and what events should carry.
 * @example formatPointer(pointer) // '{"algo":"blake3","hash":"blake3:…","kind":"blobptr","size":5}'
 */
export function formatPointer(pointer: Pointer): string {
  return canonicalJson(parsePointer(pointer));
}

/** The address of the bytes a pointer names: the plaintext's for `blobptr`, the ciphertext's for `opaque`. */
export function storedHash(pointer: Pointer): string {
  return pointer.kind === 'blobptr' ? pointer.hash : pointer.ciphertext_hash;
}
