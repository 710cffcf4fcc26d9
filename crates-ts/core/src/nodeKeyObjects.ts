/**
 * node:crypto KeyObjects for raw Ed25519 keys, cached per key: importing a key costs about as
 * much as a verification, so the cache doubles verify throughput (FIELD-NOTES "Crypto and
 * encoding speed").
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { BoundedCache } from './boundedCache.js';
import { toHex } from './hex.js';

// DER prefixes of RFC 8410 structures for Ed25519 (OID 1.3.101.112); the raw key follows.
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

const privateKeys = new BoundedCache<KeyObject>(256);
const publicKeys = new BoundedCache<KeyObject>(4096);

/** The private KeyObject of a 32-byte seed (caller checks the length). */
export function privateKeyObject(seed: Uint8Array): KeyObject {
  const id = toHex(seed);
  return (
    privateKeys.get(id) ??
    privateKeys.set(id, createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' }))
  );
}

/** The public KeyObject of a 32-byte public key (caller has checked it is a valid point). */
export function publicKeyObject(publicKey: Uint8Array): KeyObject {
  const id = toHex(publicKey);
  return (
    publicKeys.get(id) ??
    publicKeys.set(id, createPublicKey({ key: Buffer.concat([SPKI_PREFIX, publicKey]), format: 'der', type: 'spki' }))
  );
}

/** The raw 32-byte public key of a private KeyObject. */
export function rawPublicKey(privateKey: KeyObject): Uint8Array {
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return new Uint8Array(spki.subarray(SPKI_PREFIX.length));
}
