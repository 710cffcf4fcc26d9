/**
 * The ULID of a job's discovery message: the job commit's time plus the first 80 bits of the job id.
 * Deterministic, so a retried submit republishes the same (topic, ulid) and the bus treats it as a
 * no-op instead of announcing the job twice.
 */
import { jobIdHex } from './jobId.js';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** @example jobUlid(1700000000000, 'blake3:237e…') // '01HF7YAT00…' */
export function jobUlid(timeMs: number, jobId: string): string {
  let time = '';
  for (let i = 0, ms = timeMs; i < 10; i++, ms = Math.floor(ms / 32)) time = ALPHABET[ms % 32]! + time;
  let bits = BigInt(`0x${jobIdHex(jobId).slice(0, 20)}`);
  let rest = '';
  for (let i = 0; i < 16; i++, bits >>= 5n) rest = ALPHABET[Number(bits & 31n)]! + rest;
  return time + rest;
}
