/**
 * Wrapping the content key to one recipient with HPKE (RFC 9180) in base mode:
 * DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM, single-shot seal/open, `info` =
 * "gatos.opaque.wrap.v1", `aad` = the pointer header (see associatedData.ts). Implemented by
 * @hpke/core (WebCrypto only, no native code); ADR-0015 says why that library.
 */
import { Aes256Gcm, CipherSuite, DhkemX25519HkdfSha256, HkdfSha256, type SenderContextParams } from '@hpke/core';
import { x25519 } from '@noble/curves/ed25519.js';
import { WRAP_INFO } from './associatedData.js';
import type { RecipientKey } from './recipientKey.js';

const suite = new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead: new Aes256Gcm() });

/** HPKE output for one recipient: the encapsulated key and the sealed content key. */
export interface WrappedKey {
  readonly enc: Uint8Array;
  readonly wrapped: Uint8Array;
}

/**
 * Seals `contentKey` to the X25519 key `recipient`. `ephemeralSecret` fixes the sender's ephemeral
 * X25519 secret: for test vectors only, never in production (a reused ephemeral key breaks HPKE).
 */
export async function wrapKey(contentKey: Uint8Array, recipient: Uint8Array, aad: Uint8Array, ephemeralSecret?: Uint8Array): Promise<WrappedKey> {
  const recipientPublicKey = await suite.kem.deserializePublicKey(recipient);
  const ekm = ephemeralSecret === undefined ? undefined : await ephemeralPair(ephemeralSecret);
  const sealed = await suite.seal({ recipientPublicKey, info: WRAP_INFO, ...(ekm ? { ekm } : {}) }, contentKey, aad);
  return { enc: new Uint8Array(sealed.enc), wrapped: new Uint8Array(sealed.ct) };
}

/** Opens a wrapped content key; rejects (any error) when it does not authenticate. */
export async function unwrapKey(wrapped: WrappedKey, key: RecipientKey, aad: Uint8Array): Promise<Uint8Array> {
  const recipientKey = await suite.kem.deserializePrivateKey(key.x25519SecretKey);
  const opened = await suite.open({ recipientKey, enc: wrapped.enc, info: WRAP_INFO }, wrapped.wrapped, aad);
  return new Uint8Array(opened);
}

async function ephemeralPair(secret: Uint8Array): Promise<NonNullable<SenderContextParams['ekm']>> {
  return { privateKey: await suite.kem.deserializePrivateKey(secret), publicKey: await suite.kem.deserializePublicKey(x25519.getPublicKey(secret)) };
}
