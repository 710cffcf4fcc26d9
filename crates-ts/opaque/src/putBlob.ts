/** Storing content and returning its pointer: public (`blobptr`) or encrypted (`opaque`). */
import type { BlobStore } from './blobStore.js';
import { encryptBlob, type EncryptOptions } from './encryptBlob.js';
import { blobClass, parsePointer, type BlobPointer, type OpaquePointer } from './pointer.js';

/**
 * Stores `bytes` as they are and returns the public pointer. Anyone with the repository can read them.
 * @example const p = await putBlob(store, bytes); formatPointer(p)
 */
export async function putBlob(store: BlobStore, bytes: Uint8Array, options: { class?: string } = {}): Promise<BlobPointer> {
  blobClass(options.class);
  const { hash, size } = await store.put(bytes);
  return parsePointer({ kind: 'blobptr', algo: 'blake3', hash, size, ...(options.class === undefined ? {} : { class: options.class }) }) as BlobPointer;
}

/**
 * Encrypts `plaintext` for `recipientKeys` (`ed25519:<hex>`, e.g. from `resolveRecipients`), stores the
 * ciphertext and returns the opaque pointer. Only the ciphertext reaches the store.
 * @example const p = await putOpaqueBlob(store, bytes, recipients.map((r) => r.key), { class: 'pii' });
 */
export async function putOpaqueBlob(store: BlobStore, plaintext: Uint8Array, recipientKeys: readonly string[], options: EncryptOptions = {}): Promise<OpaquePointer> {
  blobClass(options.class);
  const { pointer, ciphertext } = await encryptBlob(plaintext, recipientKeys, options);
  await store.put(ciphertext);
  return pointer;
}
