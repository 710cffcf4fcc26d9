/**
 * Base64url without padding (RFC 4648 §5), the one spelling of binary fields in pointers. Decoding is
 * strict so that each value has exactly one text form: other alphabets, padding and non-zero trailing
 * bits are refused, and the decoded length must be the expected one.
 */
import { opaqueError } from './errors.js';

const URL_SAFE = /^[A-Za-z0-9_-]*$/;

/** Unpadded base64url of `bytes`. */
export function toBase64url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

/**
 * Decodes unpadded base64url that must yield exactly `length` bytes; throws `OPAQUE_BAD_POINTER`
 * naming `field` otherwise.
 */
export function fromBase64url(text: unknown, length: number, field: string): Uint8Array {
  const fail = (why: string): never => {
    throw opaqueError('OPAQUE_BAD_POINTER', `pointer field ${field} ${why}`, { data: { field } });
  };
  if (typeof text !== 'string') return fail(`must be a base64url string (${length} bytes)`);
  if (!URL_SAFE.test(text)) return fail('is not unpadded base64url (only A-Z a-z 0-9 - _ are allowed, no "=")');
  if (text.length !== Math.ceil((length * 4) / 3)) return fail(`must encode exactly ${length} bytes (${Math.ceil((length * 4) / 3)} characters), got ${text.length} characters`);
  const bytes = Buffer.from(text, 'base64url');
  // Unused low bits of the last character must be zero, or two spellings would decode alike.
  if (bytes.length !== length || bytes.toString('base64url') !== text) return fail('is not canonical base64url (non-zero trailing bits)');
  return new Uint8Array(bytes);
}
