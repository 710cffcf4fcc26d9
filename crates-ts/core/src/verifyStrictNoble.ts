/**
 * Pure-JS reference for `verifyStrict`, for cross-checks: @noble/ed25519 with `{zip215:false}`
 * (canonical encodings, small-order keys refused, S < L) plus the cofactorless equation, which
 * noble's cofactored check alone does not impose (it accepts R with a small-order component).
 */
import { isCanonicalScalar } from './canonicalScalar.js';
import { ed, sha512 } from './nobleEd25519.js';

function littleEndian(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]!);
  return n;
}

const L = 2n ** 252n + 27742317777372353535851937790883648493n;

/**
 * Same contract as `verifyStrict`, about 15x slower; never throws on malformed input.
 * @example verifyStrictNoble(pk, msg, sig) === verifyStrict(pk, msg, sig)
 */
export function verifyStrictNoble(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== 32) return false;
  if (!(signature instanceof Uint8Array) || signature.length !== 64) return false;
  if (!isCanonicalScalar(signature.subarray(32))) return false;
  if (!ed.verify(signature, message, publicKey, { zip215: false })) return false;
  // Cofactorless: [S]B - [k]A must encode to exactly R.
  const A = ed.Point.fromBytes(publicKey, false);
  const k = littleEndian(sha512(ed.etc.concatBytes(signature.subarray(0, 32), publicKey, message))) % L;
  const s = littleEndian(signature.subarray(32));
  const expectedR = ed.Point.BASE.multiply(s, false).subtract(A.multiply(k, false));
  return Buffer.from(expectedR.toBytes()).equals(Buffer.from(signature.subarray(0, 32)));
}
