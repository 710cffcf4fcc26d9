/** Reading what a pointer names, verified, and decrypted when the caller is a recipient. */
import type { BlobStore } from './blobStore.js';
import { decryptBlob } from './encryptBlob.js';
import { opaqueError } from './errors.js';
import { parsePointer, storedHash, type Pointer } from './pointer.js';
import type { RecipientKey } from './recipientKey.js';

export interface MaterializeOptions {
  /**
   * The caller's recipient key (`recipientKeyFromSeed(loadSecretSeed(home, actor))`); needed for
   * opaque pointers only. Named `signer` because it belongs to the acting identity.
   */
  readonly signer?: RecipientKey;
}

/** The stored bytes a pointer names (ciphertext for opaque pointers), verified; `OPAQUE_BLOB_MISSING` when absent. */
export async function fetchStored(store: BlobStore, pointer: Pointer): Promise<Uint8Array> {
  const hash = storedHash(pointer);
  const bytes = await store.get(hash);
  if (bytes === null) {
    throw opaqueError('OPAQUE_BLOB_MISSING', `blob ${hash} is not in the blob store (fetch refs/gatos/objects from where it was put, or check gatos.blobStore)`, { data: { hash } });
  }
  return bytes;
}

/**
 * The plaintext a pointer names (any pointer value; it is validated here with `parsePointer`): the
 * verified bytes of a `blobptr`, or the decrypted content of an `opaque` pointer when
 * `options.signer` is one of its recipients. Throws `OPAQUE_BAD_POINTER`, `OPAQUE_BLOB_MISSING`,
 * `OPAQUE_INTEGRITY` (bytes or size do not match), `OPAQUE_NOT_RECIPIENT` or `OPAQUE_TAMPERED`.
 * @example const bytes = await materializeBlob(store, input, { signer: recipientKeyFromSeed(seed) });
 */
export async function materializeBlob(store: BlobStore, pointer: unknown, options: MaterializeOptions = {}): Promise<Uint8Array> {
  const p = parsePointer(pointer);
  const bytes = await fetchStored(store, p);
  if (p.kind === 'blobptr') {
    if (bytes.length !== p.size) {
      throw opaqueError('OPAQUE_INTEGRITY', `blob ${p.hash} is ${bytes.length} bytes but its pointer says ${p.size}`, { data: { hash: p.hash, length: bytes.length, size: p.size } });
    }
    return bytes;
  }
  if (options.signer === undefined) {
    throw opaqueError('OPAQUE_NOT_RECIPIENT', `not a recipient: ${p.ciphertext_hash} is encrypted and no key was given to open it`, { data: { ciphertext_hash: p.ciphertext_hash } });
  }
  return decryptBlob(p, bytes, options.signer, { verified: true });
}
