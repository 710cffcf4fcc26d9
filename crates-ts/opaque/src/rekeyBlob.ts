/** Changing who can read an opaque blob. Only a current recipient can: it must unwrap the content key. */
import type { BlobStore } from './blobStore.js';
import { decryptBlob, encryptBlob, rewrapBlob } from './encryptBlob.js';
import { opaqueError } from './errors.js';
import { fetchStored } from './materializeBlob.js';
import { parsePointer, type OpaquePointer } from './pointer.js';
import type { RecipientKey } from './recipientKey.js';

export interface RekeyOptions {
  /**
   * Re-encrypt under a fresh content key (a new ciphertext and `ciphertext_hash`), so recipients
   * removed now cannot read the new blob even if they kept the old content key.
   */
  readonly rotate?: boolean;
}

/**
 * The pointer of `pointer`'s content (a pointer value, validated here) for `recipientKeys` (which replace the old list). Without
 * `rotate` only the wraps change; with it the blob is re-encrypted and the new ciphertext stored.
 * The old ciphertext stays in the store (history is append-only): removed recipients who already held
 * the old pointer and its key can still read that old version.
 * @example const next = await rekeyBlob(store, pointer, me, [alice, carol], { rotate: true });
 */
export async function rekeyBlob(store: BlobStore, pointer: unknown, key: RecipientKey, recipientKeys: readonly string[], options: RekeyOptions = {}): Promise<OpaquePointer> {
  const p = parsePointer(pointer);
  if (p.kind !== 'opaque') {
    throw opaqueError('OPAQUE_NOT_OPAQUE', `${p.hash} is a public blob (kind "blobptr"): there is nothing to rekey; put it again with --opaque to encrypt it`, { data: { hash: p.hash } });
  }
  if (!options.rotate) return rewrapBlob(p, key, recipientKeys);
  const plaintext = await decryptBlob(p, await fetchStored(store, p), key, { verified: true });
  const { pointer: next, ciphertext } = await encryptBlob(plaintext, recipientKeys, p.class === undefined ? {} : { class: p.class });
  await store.put(ciphertext);
  return next;
}
