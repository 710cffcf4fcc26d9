/** SHA-256 (used for `Fold-Root` and `Policy-Code-Root`, SPEC-DIGEST §0), via node:crypto. */
import { createHash } from 'node:crypto';
import { toHex } from './hex.js';

/**
 * SHA-256 digest (32 bytes) of `bytes`.
 * @example sha256Hex(new TextEncoder().encode('abc')) // 'ba7816bf…15ad'
 */
export function sha256(bytes: Uint8Array): Uint8Array {
  const digest = createHash('sha256').update(bytes).digest();
  return new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength);
}

/** Lowercase hex of `sha256(bytes)`. */
export function sha256Hex(bytes: Uint8Array): string {
  return toHex(sha256(bytes));
}
