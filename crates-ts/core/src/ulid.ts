/**
 * ULIDs (SPEC-DIGEST §0, §2): 48-bit millisecond time + 80 random bits in Crockford base32,
 * 26 characters. They are the idempotency key of events and must increase along a journal ref.
 */
import { randomBytes } from 'node:crypto';
import { coreError } from './coreError.js';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const ULID = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;
const MAX_TIME = 2 ** 48 - 1;

/**
 * Throws `BAD_ULID` unless `text` is a canonical ULID (upper case, first character 0-7).
 * @example assertUlid('01ARZ3NDEKTSV4RRFFQ69G5FAV') // ok
 */
export function assertUlid(text: string): void {
  if (typeof text !== 'string' || !ULID.test(text)) {
    throw coreError('BAD_ULID', `ULID ${JSON.stringify(String(text).slice(0, 40))} must be 26 Crockford base32 characters in upper case (no I, L, O, U), starting 0-7`, {
      data: { ulid: String(text).slice(0, 40) },
    });
  }
}

/**
 * The millisecond timestamp encoded in a ULID.
 * @example ulidTime('01ARZ3NDEKTSV4RRFFQ69G5FAV') // 1469918176385
 */
export function ulidTime(ulid: string): number {
  assertUlid(ulid);
  let time = 0;
  for (let i = 0; i < 10; i++) time = time * 32 + ALPHABET.indexOf(ulid[i]!);
  return time;
}

function encodeTime(ms: number): string {
  let text = '';
  for (let i = 0; i < 10; i++) {
    text = ALPHABET[ms % 32]! + text;
    ms = Math.floor(ms / 32);
  }
  return text;
}

function randomPart(): string {
  const bytes = randomBytes(10);
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let text = '';
  for (let i = 0; i < 16; i++) {
    text = ALPHABET[Number(bits & 31n)]! + text;
    bits >>= 5n;
  }
  return text;
}

/** `ulid` plus one in its random part; `ULID_OVERFLOW` when the random part is all ones. */
function increment(ulid: string): string {
  const chars = ulid.split('');
  for (let i = 25; i >= 10; i--) {
    const digit = ALPHABET.indexOf(chars[i]!);
    if (digit < 31) {
      chars[i] = ALPHABET[digit + 1]!;
      return chars.join('');
    }
    chars[i] = '0';
  }
  throw coreError('ULID_OVERFLOW', `cannot make a ULID greater than ${ulid} within its millisecond (random part exhausted); wait for the clock to advance`, {
    data: { ulid },
  });
}

/**
 * A new ULID for time `nowMs`. When `after` (the previous ULID on the same ref) is given and is
 * not older than `nowMs`, the result is `after` + 1, so ULIDs stay strictly increasing even when
 * the clock stalls or steps back.
 * @example newUlid(clock.now(), previousUlid)
 */
export function newUlid(nowMs: number, after?: string): string {
  if (!Number.isInteger(nowMs) || nowMs < 0 || nowMs > MAX_TIME) {
    throw coreError('BAD_ULID', `ULID time ${nowMs} must be an integer number of milliseconds in 0..2^48-1`, {
      data: { nowMs: String(nowMs) },
    });
  }
  if (after !== undefined && ulidTime(after) >= nowMs) return increment(after);
  return encodeTime(nowMs) + randomPart();
}

/**
 * Orders ULIDs (time first, then random part): negative, zero or positive like a sort comparator.
 * @example ['01B…', '01A…'].sort(compareUlid)
 */
export function compareUlid(a: string, b: string): -1 | 0 | 1 {
  assertUlid(a);
  assertUlid(b);
  return a < b ? -1 : a > b ? 1 : 0;
}
