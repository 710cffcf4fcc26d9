/** Ed25519 key material (RFC 8032): a 32-byte seed is the private key; the public key derives from it. */
import { randomBytes } from 'node:crypto';
import { coreError } from './coreError.js';
import { privateKeyObject, rawPublicKey } from './nodeKeyObjects.js';

/** Throws `BAD_SEED` unless `seed` is 32 bytes. */
export function assertSeed(seed: Uint8Array): void {
  if (!(seed instanceof Uint8Array) || seed.length !== 32) {
    throw coreError('BAD_SEED', 'an Ed25519 seed is exactly 32 bytes', {
      data: { length: seed instanceof Uint8Array ? seed.length : null },
    });
  }
}

/**
 * A fresh random 32-byte Ed25519 seed from the system CSPRNG.
 * @example const seed = generateSeed(); const pk = publicKeyFromSeed(seed);
 */
export function generateSeed(): Uint8Array {
  return new Uint8Array(randomBytes(32));
}

/** The 32-byte public key of `seed`; throws `BAD_SEED` on a wrong length. */
export function publicKeyFromSeed(seed: Uint8Array): Uint8Array {
  assertSeed(seed);
  return rawPublicKey(privateKeyObject(seed));
}
