/**
 * A PoX's ULID is derived, not drawn: its time is the newest linked record's commit time and its
 * 80-bit tail the start of a digest of what the envelope binds. Creating the same experiment twice
 * (or on two machines) therefore gives the same ULID, envelope, commit and ref.
 */
import { fromHex } from '@gatos/core';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** @example poxUlid(1700000000000, 'blake3:aa…') // '01HF7YAT00' + 16 characters of the digest */
export function poxUlid(timeMs: number, seed: string): string {
  let time = '';
  for (let i = 0, ms = timeMs; i < 10; i++, ms = Math.floor(ms / 32)) time = ALPHABET[ms % 32]! + time;
  const bytes = fromHex(seed.replace(/^blake3:/, '').slice(0, 20));
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let rest = '';
  for (let i = 0; i < 16; i++, bits >>= 5n) rest = ALPHABET[Number(bits & 31n)]! + rest;
  return time + rest;
}
