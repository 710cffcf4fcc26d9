/**
 * The content-addressed blob store port (SPEC-DIGEST §8): bytes are addressed by
 * `blake3:<hex>` of exactly the stored bytes (public blobs: the plaintext; opaque blobs: the
 * ciphertext). Adapters: the repository (`gatos/objects/blake3/<hex>`) and an external directory.
 */
export interface BlobStore {
  /** Stores `bytes` (idempotent) and returns their digest `blake3:<hex>` and size. */
  put(bytes: Uint8Array): Promise<{ readonly hash: string; readonly size: number }>;
  /** The bytes stored under `hash` (`blake3:<hex>`), verified against it, or null when absent. */
  get(hash: string): Promise<Uint8Array | null>;
  /** Whether `hash` is stored. */
  has(hash: string): Promise<boolean>;
  /**
   * Optional: stores several blobs at once (the repository store writes one commit for the batch).
   * Resolves like `put` for each, in order.
   */
  putMany?(list: readonly Uint8Array[]): Promise<Array<{ readonly hash: string; readonly size: number }>>;
}
