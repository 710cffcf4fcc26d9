/**
 * Encrypting a blob for its recipients and opening it again (ADR-0015), with no store involved:
 * a fresh random 32-byte content key and nonce per blob, the plaintext padded to its bucket and sealed
 * with AES-256-GCM, the key committed to and wrapped to each recipient with HPKE.
 */
import { randomBytes } from 'node:crypto';
import { parsePublicKey } from '@gatos/core';
import { contentAad, wrapAad, type WrapHeader } from './associatedData.js';
import { fromBase64url, toBase64url } from './base64url.js';
import { blobHash } from './blobHash.js';
import { openContent, sealContent, TAG_BYTES } from './contentCipher.js';
import { opaqueError } from './errors.js';
import { keyCommitment, matchesCommitment } from './keyCommitment.js';
import { paddingFor, unpad } from './padding.js';
import { ENC_BYTES, IV_BYTES, KEY_COMMITMENT_BYTES, OPAQUE_ALGO, WRAP_SUITE, WRAPPED_BYTES, type OpaquePointer, type RecipientWrap } from './pointer.js';
import { x25519FromEd25519, type RecipientKey } from './recipientKey.js';
import { unwrapKey, wrapKey } from './wrapKey.js';

export interface EncryptOptions {
  /** Optional data class (e.g. "pii"), bound into every wrapped key. */
  readonly class?: string;
}

/** Fixed randomness, for golden vectors only: production always draws fresh values. */
export interface FixedRandomness {
  readonly contentKey: Uint8Array;
  readonly iv: Uint8Array;
  /** One ephemeral X25519 secret per recipient, in sorted-key order. */
  readonly ephemeralSecrets: readonly Uint8Array[];
}

export interface EncryptedBlob {
  readonly pointer: OpaquePointer;
  /** What the store keeps under `pointer.ciphertext_hash`: `size + 16` bytes. */
  readonly ciphertext: Uint8Array;
}

function sortedUnique(keys: readonly string[]): string[] {
  const sorted = [...new Set(keys)].sort();
  if (sorted.length === 0) throw opaqueError('OPAQUE_NO_RECIPIENTS', 'an opaque blob needs at least one recipient (--to <actor|@group>)');
  return sorted;
}

/** Wraps `contentKey` to each key of `header.keys` (sorted), in that order. */
async function wrapAll(contentKey: Uint8Array, header: WrapHeader, ephemeralSecrets?: readonly Uint8Array[]): Promise<RecipientWrap[]> {
  const aad = wrapAad(header);
  return Promise.all(
    header.keys.map(async (key, i) => {
      const w = await wrapKey(contentKey, x25519FromEd25519(parsePublicKey(key)), aad, ephemeralSecrets?.[i]);
      return { key, enc: toBase64url(w.enc), wrapped: toBase64url(w.wrapped) };
    }),
  );
}

function build(header: WrapHeader, recipients: RecipientWrap[]): OpaquePointer {
  return {
    kind: 'opaque',
    algo: OPAQUE_ALGO,
    ciphertext_hash: header.ciphertext_hash,
    size: header.size,
    encrypted_meta: { v: 1, wrap: WRAP_SUITE, iv: header.iv, key_commitment: header.key_commitment, recipients },
    ...(header.class === undefined ? {} : { class: header.class }),
  };
}

/** `encryptBlob` with the randomness given: the deterministic core behind the golden vectors. */
export async function encryptBlobWith(plaintext: Uint8Array, recipientKeys: readonly string[], options: EncryptOptions, random: FixedRandomness): Promise<EncryptedBlob> {
  const keys = sortedUnique(recipientKeys);
  const { bucket, padding } = paddingFor(plaintext.length);
  const ciphertext = sealContent(random.contentKey, random.iv, plaintext, padding, contentAad(bucket));
  const header: WrapHeader = {
    ciphertext_hash: blobHash(ciphertext),
    size: bucket,
    ...(options.class === undefined ? {} : { class: options.class }),
    iv: toBase64url(random.iv),
    key_commitment: toBase64url(keyCommitment(random.contentKey)),
    keys,
  };
  return { pointer: build(header, await wrapAll(random.contentKey, header, random.ephemeralSecrets)), ciphertext };
}

/**
 * Encrypts `plaintext` for the Ed25519 keys `recipientKeys` (`ed25519:<hex>`). Random by nature: a
 * fresh content key, nonce and HPKE ephemeral key each time, so the same plaintext never gives the
 * same pointer or ciphertext.
 * @example const { pointer, ciphertext } = await encryptBlob(bytes, [bobKey], { class: 'pii' });
 */
export async function encryptBlob(plaintext: Uint8Array, recipientKeys: readonly string[], options: EncryptOptions = {}): Promise<EncryptedBlob> {
  return encryptBlobWith(plaintext, recipientKeys, options, { contentKey: randomBytes(32), iv: randomBytes(IV_BYTES), ephemeralSecrets: [] });
}

function headerOf(pointer: OpaquePointer): WrapHeader {
  const m = pointer.encrypted_meta;
  return {
    ciphertext_hash: pointer.ciphertext_hash,
    size: pointer.size,
    ...(pointer.class === undefined ? {} : { class: pointer.class }),
    iv: m.iv,
    key_commitment: m.key_commitment,
    keys: m.recipients.map((r) => r.key),
  };
}

/**
 * The content key of `pointer`, unwrapped with `key`. Throws `OPAQUE_NOT_RECIPIENT` when the key is
 * not among the recipients and `OPAQUE_TAMPERED` when its wrap does not open or does not match the
 * key commitment.
 */
export async function unwrapContentKey(pointer: OpaquePointer, key: RecipientKey): Promise<Uint8Array> {
  const meta = pointer.encrypted_meta;
  const entry = meta.recipients.find((r) => r.key === key.key);
  if (entry === undefined) {
    throw opaqueError('OPAQUE_NOT_RECIPIENT', `not a recipient: key ${key.key} is not among the ${meta.recipients.length} recipient(s) of ${pointer.ciphertext_hash}; ask a recipient to run \`git gatos blob rekey\` with --to including you`, {
      data: { key: key.key, ciphertext_hash: pointer.ciphertext_hash, recipients: meta.recipients.map((r) => r.key) },
    });
  }
  const wrapped = { enc: fromBase64url(entry.enc, ENC_BYTES, 'enc'), wrapped: fromBase64url(entry.wrapped, WRAPPED_BYTES, 'wrapped') };
  let contentKey: Uint8Array;
  try {
    contentKey = await unwrapKey(wrapped, key, wrapAad(headerOf(pointer)));
  } catch (cause) {
    throw opaqueError('OPAQUE_TAMPERED', `the content key wrapped for ${key.key} does not open: the pointer header (nonce, size, class, ciphertext_hash or recipient list) was altered, or the wrap is corrupt`, {
      data: { key: key.key, ciphertext_hash: pointer.ciphertext_hash },
      cause,
    });
  }
  if (!matchesCommitment(contentKey, fromBase64url(meta.key_commitment, KEY_COMMITMENT_BYTES, 'key_commitment'))) {
    throw opaqueError('OPAQUE_TAMPERED', `the content key wrapped for ${key.key} does not match the pointer's key_commitment`, { data: { key: key.key } });
  }
  return contentKey;
}

/** Checks that `ciphertext` is what `pointer` names: its length (`size + 16`) and its BLAKE3 address. */
export function checkCiphertext(pointer: OpaquePointer, ciphertext: Uint8Array, alreadyHashed = false): void {
  if (ciphertext.length !== pointer.size + TAG_BYTES) {
    throw opaqueError('OPAQUE_INTEGRITY', `ciphertext of ${pointer.ciphertext_hash} is ${ciphertext.length} bytes, expected ${pointer.size + TAG_BYTES} (bucket ${pointer.size} + tag): truncated or padded`, {
      data: { ciphertext_hash: pointer.ciphertext_hash, length: ciphertext.length, expected: pointer.size + TAG_BYTES },
    });
  }
  if (!alreadyHashed && blobHash(ciphertext) !== pointer.ciphertext_hash) {
    throw opaqueError('OPAQUE_INTEGRITY', `ciphertext bytes do not hash to ${pointer.ciphertext_hash}`, { data: { ciphertext_hash: pointer.ciphertext_hash } });
  }
}

/**
 * The plaintext of an opaque blob: checks the ciphertext against the pointer, unwraps the content key
 * with `key`, authenticates and removes the padding. `verified` skips re-hashing bytes that a
 * `BlobStore.get` already checked against `ciphertext_hash`.
 */
export async function decryptBlob(pointer: OpaquePointer, ciphertext: Uint8Array, key: RecipientKey, options: { verified?: boolean } = {}): Promise<Uint8Array> {
  checkCiphertext(pointer, ciphertext, options.verified === true);
  const contentKey = await unwrapContentKey(pointer, key);
  const iv = fromBase64url(pointer.encrypted_meta.iv, IV_BYTES, 'iv');
  return unpad(openContent(contentKey, iv, ciphertext, contentAad(pointer.size)));
}

/**
 * Re-wraps the content key of `pointer` for `recipientKeys` (replacing the old list). The ciphertext
 * and its hash stay the same: removed recipients who kept the old content key can still read this
 * ciphertext, which is what `rotateBlob` prevents.
 */
export async function rewrapBlob(pointer: OpaquePointer, key: RecipientKey, recipientKeys: readonly string[]): Promise<OpaquePointer> {
  const contentKey = await unwrapContentKey(pointer, key);
  const header = { ...headerOf(pointer), keys: sortedUnique(recipientKeys) };
  return build(header, await wrapAll(contentKey, header));
}
