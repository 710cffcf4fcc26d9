/**
 * Text forms of Ed25519 keys and signatures (SPEC-DIGEST §0, schemas/v1/common/ids.schema.json):
 * `ed25519:` followed by lowercase hex, padded base64, or base64url (unpadded, or padded).
 * gatos always writes hex; it reads all three. Each form must decode to exactly one byte string:
 * mixed alphabets, wrong padding and non-zero trailing bits are refused.
 */
import { coreError } from './coreError.js';
import type { CoreErrorCode } from './codes.js';
import { toHex } from './hex.js';

const PREFIX = 'ed25519:';
const STANDARD = /^[A-Za-z0-9+/]+$/;
const URL_SAFE = /^[A-Za-z0-9_-]+$/;

interface Shape {
  size: number;
  what: string;
  code: CoreErrorCode;
}
const KEY: Shape = { size: 32, what: 'public key', code: 'BAD_KEY_TEXT' };
const SIGNATURE: Shape = { size: 64, what: 'signature', code: 'BAD_SIGNATURE_TEXT' };

function format(bytes: Uint8Array, shape: Shape): string {
  if (!(bytes instanceof Uint8Array) || bytes.length !== shape.size) {
    throw coreError(shape.code, `an Ed25519 ${shape.what} is ${shape.size} bytes`, {
      data: { length: bytes instanceof Uint8Array ? bytes.length : null },
    });
  }
  return PREFIX + toHex(bytes);
}

function parse(text: string, shape: Shape): Uint8Array {
  const unpadded = Math.ceil((shape.size * 4) / 3); // 43 or 86
  const padding = '='.repeat(4 - (unpadded % 4)); // '=' or '=='
  const fail = (why: string): never => {
    throw coreError(
      shape.code,
      `${why}; expected ed25519:<${shape.size * 2} lowercase hex>, base64 (${unpadded + padding.length} chars ending "${padding}") or base64url (${unpadded} chars, or ${unpadded + padding.length} ending "${padding}")`,
      { data: { text: typeof text === 'string' ? text.slice(0, 200) : null } },
    );
  };
  if (typeof text !== 'string' || !text.startsWith(PREFIX)) return fail(`${shape.what} must start with "${PREFIX}"`);
  const body = text.slice(PREFIX.length);
  if (body.length === shape.size * 2 && /^[0-9a-f]+$/.test(body)) return new Uint8Array(Buffer.from(body, 'hex'));
  let digits: string;
  let padded: boolean;
  if (body.length === unpadded + padding.length && body.endsWith(padding)) {
    digits = body.slice(0, unpadded);
    padded = true;
  } else if (body.length === unpadded) {
    digits = body;
    padded = false;
  } else {
    return fail(`${shape.what} text has the wrong length (${body.length})`);
  }
  let alphabet: 'base64' | 'base64url';
  if (URL_SAFE.test(digits)) alphabet = 'base64url';
  else if (STANDARD.test(digits) && padded) alphabet = 'base64';
  else return fail(`${shape.what} text is not hex, padded base64 or base64url`);
  const bytes = Buffer.from(digits, alphabet);
  // Non-zero unused bits in the last digit would give a second spelling of the same bytes.
  if (bytes.length !== shape.size || bytes.toString(alphabet).replace(/=+$/, '') !== digits) {
    return fail(`${shape.what} text is not canonical ${alphabet}`);
  }
  return new Uint8Array(bytes);
}

/**
 * The text form gatos writes for a public key: `ed25519:<64 lowercase hex>`.
 * @example formatPublicKey(publicKeyFromSeed(seed)) // 'ed25519:3d40…'
 */
export function formatPublicKey(publicKey: Uint8Array): string {
  return format(publicKey, KEY);
}

/**
 * Reads a public key in any accepted text form; throws `BAD_KEY_TEXT`. Syntax only: use
 * `assertStrictPublicKey` to refuse small-order keys.
 * @example parsePublicKey('ed25519:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA') // 32 zero bytes
 */
export function parsePublicKey(text: string): Uint8Array {
  return parse(text, KEY);
}

/** The text form gatos writes for a signature: `ed25519:<128 lowercase hex>`. */
export function formatSignature(signature: Uint8Array): string {
  return format(signature, SIGNATURE);
}

/** Reads a signature in any accepted text form; throws `BAD_SIGNATURE_TEXT`. */
export function parseSignature(text: string): Uint8Array {
  return parse(text, SIGNATURE);
}
