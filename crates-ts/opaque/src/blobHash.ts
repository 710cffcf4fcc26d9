/** Content addresses of the blob store: `blake3:<64 lowercase hex>` of exactly the stored bytes. */
import { blake3Hex } from '@gatos/core';
import { opaqueError } from './errors.js';

const BLAKE3_TEXT = /^blake3:([0-9a-f]{64})$/;

/** `blake3:<hex>` of `bytes`. */
export function blobHash(bytes: Uint8Array): string {
  return `blake3:${blake3Hex(bytes)}`;
}

/**
 * The hex part of a `blake3:<64 lowercase hex>` address; throws `OPAQUE_BAD_HASH` (data.field) for
 * anything else, including other algorithms and uppercase hex.
 */
export function parseBlobHash(text: unknown, field = 'hash'): string {
  const m = typeof text === 'string' ? BLAKE3_TEXT.exec(text) : null;
  if (m === null) {
    const shown = typeof text === 'string' ? JSON.stringify(text.slice(0, 80)) : typeof text;
    throw opaqueError('OPAQUE_BAD_HASH', `${field} must be "blake3:<64 lowercase hex>", got ${shown}`, { data: { field } });
  }
  return m[1]!;
}
