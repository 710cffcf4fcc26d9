/**
 * Recipient keys derived from Ed25519 identities (ADR-0015): the X25519 public key is the birational
 * (Edwards → Montgomery) image of the actor's Ed25519 key, and the X25519 secret is the Ed25519
 * secret scalar (clamped SHA-512 of the seed), as libsodium's `crypto_sign_ed25519_*_to_curve25519`
 * and age's ssh-ed25519 recipients do. Every key in the trust graph is therefore a recipient,
 * with nothing to register, and revoking the Ed25519 key revokes it as a recipient too.
 */
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { formatPublicKey, publicKeyFromSeed } from '@gatos/core';

/** The caller's ability to open wrapped content keys. Keep it in memory only; it holds a secret. */
export interface RecipientKey {
  /** The Ed25519 identity this key belongs to, `ed25519:<hex>`. */
  readonly key: string;
  /** X25519 public key (32 bytes). */
  readonly x25519PublicKey: Uint8Array;
  /** X25519 secret (32 bytes). */
  readonly x25519SecretKey: Uint8Array;
}

/** X25519 public key (32 bytes) of an Ed25519 public key. */
export function x25519FromEd25519(publicKey: Uint8Array): Uint8Array {
  return ed25519.utils.toMontgomery(publicKey);
}

/**
 * The recipient key of the actor whose Ed25519 seed is `seed` (see `loadSecretSeed` in @gatos/keys).
 * @example const me = recipientKeyFromSeed(loadSecretSeed(gatosHome(), 'user:alice'));
 */
export function recipientKeyFromSeed(seed: Uint8Array): RecipientKey {
  const publicKey = publicKeyFromSeed(seed);
  const x25519SecretKey = ed25519.utils.toMontgomerySecret(seed);
  const x25519PublicKey = x25519.getPublicKey(x25519SecretKey);
  return { key: formatPublicKey(publicKey), x25519PublicKey, x25519SecretKey };
}
