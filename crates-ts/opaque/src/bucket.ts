/**
 * Size buckets of opaque blobs (SPEC-DIGEST §8): 1 KiB, 4 KiB, 16 KiB, 64 KiB, then ×4 (256 KiB, 1 MiB,
 * …), i.e. 1 KiB × 4^k. A padded plaintext fills its bucket exactly, so the ciphertext length (bucket +
 * 16-byte tag) reveals only the bucket.
 */
import { opaqueError } from './errors.js';

export const MIN_BUCKET = 1024;
/** The largest bucket (1 GiB): Node buffers and git blobs beyond it are impractical. */
export const MAX_BUCKET = 1024 ** 3;

/** True when `size` is one of the buckets. */
export function isBucket(size: number): boolean {
  for (let b = MIN_BUCKET; b <= MAX_BUCKET; b *= 4) if (b === size) return true;
  return false;
}

/**
 * The bucket a plaintext of `length` bytes is padded to: the smallest bucket with room for the
 * plaintext plus the one-byte padding marker. Throws `OPAQUE_TOO_LARGE` beyond `MAX_BUCKET - 1` bytes.
 * @example bucketFor(0) // 1024; bucketFor(1023) // 1024; bucketFor(1024) // 4096
 */
export function bucketFor(length: number): number {
  if (!Number.isSafeInteger(length) || length < 0) throw new RangeError(`bucketFor: bad length ${length}`);
  for (let b = MIN_BUCKET; b <= MAX_BUCKET; b *= 4) if (length + 1 <= b) return b;
  throw opaqueError('OPAQUE_TOO_LARGE', `a ${length}-byte blob is too large to encrypt: the largest bucket is ${MAX_BUCKET} bytes (1 GiB, less one byte of padding)`, {
    data: { length, max: MAX_BUCKET - 1 },
  });
}
