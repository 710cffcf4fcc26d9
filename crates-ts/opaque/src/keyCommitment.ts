/**
 * A commitment to the content key, published in `encrypted_meta.key_commitment`. AES-GCM is not
 * key-committing: a dishonest writer could wrap different keys to different recipients for one
 * ciphertext so that each reads a different plaintext. Recipients check that the key they unwrapped
 * matches this commitment, so all of them decrypt with the same key (hence the same plaintext).
 * HMAC output under a random key reveals nothing about the key or the plaintext.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const LABEL = 'gatos.opaque.key-commitment.v1';

export function keyCommitment(contentKey: Uint8Array): Uint8Array {
  return new Uint8Array(createHmac('sha256', contentKey).update(LABEL).digest());
}

export function matchesCommitment(contentKey: Uint8Array, commitment: Uint8Array): boolean {
  const actual = keyCommitment(contentKey);
  return actual.length === commitment.length && timingSafeEqual(actual, commitment);
}
