/**
 * `@gatos/opaque`: opaque pointers (SPEC-DIGEST §8). Public blobs and ciphertext live in a
 * content-addressed store; opaque pointers carry only the ciphertext digest, a bucketed size and the
 * content key wrapped to each recipient; the resolver serves bytes to authorised callers.
 */
export type { BlobStore } from './blobStore.js';
