/**
 * Strict Ed25519 verification (SPEC-DIGEST §0 [R]): RFC 8032 with canonical S, a canonical
 * public key of large order, and the cofactorless equation [S]B = R + [k]A compared on the
 * encoding of R (so R must be canonical too). Equal to `verifyStrictNoble` on every vector.
 */
import { verify } from 'node:crypto';
import { isCanonicalScalar } from './canonicalScalar.js';
import { publicKeyObject } from './nodeKeyObjects.js';
import { publicKeyVerdict } from './strictPublicKey.js';

/**
 * True when `signature` is a strictly valid Ed25519 signature of `message` under `publicKey`.
 * Never throws on malformed input: wrong lengths and bad keys give false.
 * @example verifyStrict(publicKeyFromSeed(seed), msg, signBytes(seed, msg)) // true
 */
export function verifyStrict(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (!(signature instanceof Uint8Array) || signature.length !== 64) return false;
  if (!isCanonicalScalar(signature.subarray(32))) return false;
  if (publicKeyVerdict(publicKey) !== 'ok') return false;
  // OpenSSL computes R' = [S]B - [k]A and compares its canonical encoding with R: cofactorless.
  return verify(null, message, publicKeyObject(publicKey), signature);
}
