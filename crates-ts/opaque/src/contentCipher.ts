/**
 * The content AEAD: AES-256-GCM through node:crypto, 12-byte nonce, 16-byte tag appended to the
 * ciphertext (SPEC-DIGEST §8: "`tag` omitted when appended"). Encryption streams the padding after the
 * plaintext, so a large blob is never copied just to pad it.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { IV_BYTES } from './pointer.js';
import { opaqueError } from './errors.js';

export const TAG_BYTES = 16;
const PAD_CHUNK = 1 << 20;

/** `AES-256-GCM(key, iv, plaintext ‖ padding, aad)` with the tag appended. */
export function sealContent(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array, padding: Uint8Array, aad: Uint8Array): Uint8Array {
  if (key.length !== 32 || iv.length !== IV_BYTES) throw new RangeError('sealContent: key must be 32 bytes and iv 12 bytes');
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const parts: Buffer[] = [cipher.update(plaintext)];
  for (let at = 0; at < padding.length; at += PAD_CHUNK) parts.push(cipher.update(padding.subarray(at, at + PAD_CHUNK)));
  parts.push(cipher.final(), cipher.getAuthTag());
  const out = Buffer.concat(parts);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/**
 * Opens `ciphertext ‖ tag`; throws `OPAQUE_TAMPERED` when authentication fails (altered ciphertext,
 * nonce, associated data, or the wrong key).
 */
export function openContent(key: Uint8Array, iv: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array {
  if (sealed.length < TAG_BYTES) throw opaqueError('OPAQUE_TAMPERED', `ciphertext is ${sealed.length} bytes, shorter than its ${TAG_BYTES}-byte tag`);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(aad);
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  const body = decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES));
  try {
    decipher.final();
  } catch (cause) {
    throw opaqueError('OPAQUE_TAMPERED', 'the ciphertext does not authenticate: the blob, its nonce or the pointer header was altered', { cause });
  }
  return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
}
