import { coreError } from './coreError.js';

const LOWER_HEX = /^(?:[0-9a-f]{2})*$/;

/**
 * Lowercase hex of `bytes` (the only hex form gatos writes).
 * @example toHex(new Uint8Array([0xab, 1])) // 'ab01'
 */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/**
 * Decodes canonical hex: lowercase, even length. Uppercase is refused so that every value has one
 * text form (digests and keys are compared and hashed as text). Throws `BAD_HEX`.
 * @param what names the value in the error message, e.g. `'policy_root'`.
 * @example fromHex('ab01') // Uint8Array [0xab, 0x01]
 */
export function fromHex(text: string, what = 'hex'): Uint8Array {
  if (typeof text !== 'string' || !LOWER_HEX.test(text)) {
    throw coreError('BAD_HEX', `${what} must be lowercase hex with an even number of digits`, {
      data: { what, length: typeof text === 'string' ? text.length : null },
    });
  }
  return new Uint8Array(Buffer.from(text, 'hex'));
}
