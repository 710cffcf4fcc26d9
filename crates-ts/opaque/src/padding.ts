/**
 * Padding of plaintext to its bucket: ISO/IEC 7816-4 style, the plaintext, one 0x80 byte, then zeros up
 * to the bucket. Unambiguous for any plaintext (the marker is the last non-zero byte), one byte of
 * overhead, and removable with native scans (`lastIndexOf`, a zero compare) even for large buckets.
 */
import { bucketFor } from './bucket.js';
import { opaqueError } from './errors.js';

export const PAD_MARKER = 0x80;
const ZEROS = Buffer.alloc(64 * 1024);

/** The padding bytes that follow a `length`-byte plaintext in its bucket: 0x80 then zeros. */
export function paddingFor(length: number): { bucket: number; padding: Uint8Array } {
  const bucket = bucketFor(length);
  const padding = new Uint8Array(bucket - length);
  padding[0] = PAD_MARKER;
  return { bucket, padding };
}

/** `plaintext` padded to its bucket (a copy). */
export function pad(plaintext: Uint8Array): Uint8Array {
  const { bucket, padding } = paddingFor(plaintext.length);
  const out = new Uint8Array(bucket);
  out.set(plaintext, 0);
  out.set(padding, plaintext.length);
  return out;
}

function allZero(bytes: Buffer): boolean {
  for (let at = 0; at < bytes.length; at += ZEROS.length) {
    const chunk = bytes.subarray(at, Math.min(at + ZEROS.length, bytes.length));
    if (!chunk.equals(ZEROS.subarray(0, chunk.length))) return false;
  }
  return true;
}

/**
 * The plaintext inside `padded` (a view, no copy). Throws `OPAQUE_TAMPERED` when the padding is not
 * 0x80 followed only by zeros; after AEAD authentication that only happens with a malformed writer.
 */
export function unpad(padded: Uint8Array): Uint8Array {
  const buf = Buffer.from(padded.buffer, padded.byteOffset, padded.byteLength);
  const marker = buf.lastIndexOf(PAD_MARKER);
  if (marker < 0 || !allZero(buf.subarray(marker + 1))) {
    throw opaqueError('OPAQUE_TAMPERED', 'decrypted blob has malformed padding (expected 0x80 then zeros at its end)', { data: { length: padded.length } });
  }
  return padded.subarray(0, marker);
}
