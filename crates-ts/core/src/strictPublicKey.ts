/**
 * Strict Ed25519 public keys: canonical encoding (y < p, no "negative zero" x) and not of small
 * order. A small-order key lets one signature verify for many messages (SPEC-DIGEST §13: the
 * all-zero key passes the schema but must fail here).
 */
import { BoundedCache } from './boundedCache.js';
import { coreError } from './coreError.js';
import { toHex } from './hex.js';
import { ed } from './nobleEd25519.js';

type KeyVerdict = 'ok' | 'not canonical or not on the curve' | 'small order' | 'not 32 bytes';

const verdicts = new BoundedCache<KeyVerdict>(4096);

/** Why `publicKey` is not strict, or 'ok'; cached per key because decompression costs a square root. */
export function publicKeyVerdict(publicKey: Uint8Array): KeyVerdict {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== 32) return 'not 32 bytes';
  const id = toHex(publicKey);
  const cached = verdicts.get(id);
  if (cached !== undefined) return cached;
  let verdict: KeyVerdict;
  try {
    verdict = ed.Point.fromBytes(publicKey, false).isSmallOrder() ? 'small order' : 'ok';
  } catch {
    verdict = 'not canonical or not on the curve';
  }
  return verdicts.set(id, verdict);
}

/**
 * Throws `BAD_PUBLIC_KEY` unless `publicKey` is a canonical Ed25519 point of large order.
 * @example assertStrictPublicKey(new Uint8Array(32)) // throws: small order
 */
export function assertStrictPublicKey(publicKey: Uint8Array): void {
  const verdict = publicKeyVerdict(publicKey);
  if (verdict !== 'ok') {
    throw coreError('BAD_PUBLIC_KEY', `Ed25519 public key is ${verdict}`, {
      data: { reason: verdict, key: publicKey instanceof Uint8Array ? toHex(publicKey).slice(0, 64) : null },
    });
  }
}
