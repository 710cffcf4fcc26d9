import { sign } from 'node:crypto';
import { assertSeed } from './ed25519Keys.js';
import { privateKeyObject } from './nodeKeyObjects.js';

/**
 * Ed25519 signature (64 bytes, deterministic per RFC 8032) of `message` under `seed`, through
 * node:crypto with a cached KeyObject (~10x @noble/ed25519; identical bytes, pinned by tests).
 * @example const sig = signBytes(seed, encodeEnvelope(env));
 */
export function signBytes(seed: Uint8Array, message: Uint8Array): Uint8Array {
  assertSeed(seed);
  const signature = sign(null, message, privateKeyObject(seed));
  return new Uint8Array(signature.buffer, signature.byteOffset, signature.byteLength);
}
