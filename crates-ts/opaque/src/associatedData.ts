/**
 * What each AEAD binds (ADR-0015), as canonical JSON with a context label:
 * - the content AEAD binds the algorithm and the bucket (`contentAad`), nothing that rekeying
 *   changes, so a rekey without --rotate keeps the ciphertext and its hash;
 * - each wrapped key binds the whole pointer header except the wraps themselves (`wrapAad`):
 *   kind, algo, ciphertext_hash, size, class, iv, key commitment and the sorted recipient keys. A
 *   wrapped key therefore cannot be moved to another pointer, and any edit of the header (nonce,
 *   size, class, recipient list) makes every unwrap fail.
 */
import { canonicalJsonBytes } from '@gatos/core';
import { OPAQUE_ALGO, WRAP_SUITE } from './pointer.js';

export function contentAad(size: number): Uint8Array {
  return canonicalJsonBytes({ ctx: 'gatos.opaque.content.v1', algo: OPAQUE_ALGO, size });
}

export interface WrapHeader {
  readonly ciphertext_hash: string;
  readonly size: number;
  readonly class?: string;
  readonly iv: string;
  readonly key_commitment: string;
  /** Recipient keys, sorted. */
  readonly keys: readonly string[];
}

export function wrapAad(h: WrapHeader): Uint8Array {
  return canonicalJsonBytes({
    ctx: 'gatos.opaque.wrap.v1',
    kind: 'opaque',
    algo: OPAQUE_ALGO,
    wrap: WRAP_SUITE,
    ciphertext_hash: h.ciphertext_hash,
    size: h.size,
    ...(h.class === undefined ? {} : { class: h.class }),
    iv: h.iv,
    key_commitment: h.key_commitment,
    recipients: [...h.keys],
  });
}

/** The HPKE `info` string: names the protocol and version in the key schedule. */
export const WRAP_INFO = new TextEncoder().encode('gatos.opaque.wrap.v1');
