import { afterAll, describe, expect, it } from 'vitest';
import { blake3, createVerifyPool, publicKeyFromSeed, signBytes, verifyStrict, type SignatureCheck } from '../src/index.js';

const pool = createVerifyPool({ threads: 2, callerShare: 0.25 });
afterAll(() => pool.close());

function checks(n: number): SignatureCheck[] {
  const seed = blake3(new TextEncoder().encode('pool-test'));
  const publicKey = publicKeyFromSeed(seed);
  return Array.from({ length: n }, (_, i) => {
    const message = new TextEncoder().encode(`message ${i}`);
    const signature = signBytes(seed, message);
    if (i % 7 === 3) signature[5] ^= 1; // forged
    if (i % 11 === 4) return { publicKey: new Uint8Array(32), message, signature }; // small-order key (identity point encoding)
    if (i % 13 === 5) { const s = Uint8Array.from(signature); s[63] = 0xff; return { publicKey, message, signature: s }; } // S >= L
    return { publicKey, message, signature };
  });
}

describe('createVerifyPool', () => {
  it('gives exactly the verdicts of verifyStrict for large batches split across workers', async () => {
    const batch = checks(1200);
    const expected = batch.map((c) => verifyStrict(c.publicKey, c.message, c.signature));
    expect(expected.filter((v) => !v).length).toBeGreaterThan(200);
    expect(await pool.verifyMany(batch)).toEqual(expected);
  });

  it('handles small batches on the calling thread and empty batches', async () => {
    const batch = checks(10);
    expect(await pool.verifyMany(batch)).toEqual(batch.map((c) => verifyStrict(c.publicKey, c.message, c.signature)));
    expect(await pool.verifyMany([])).toEqual([]);
  });
});
