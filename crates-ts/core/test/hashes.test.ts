import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { blake3, blake3Hex, blake3Noble, initHashes, isBlake3WasmReady, sha256Hex, toHex } from '../src/index.js';
import { below, seededRandom } from './support/prng.js';

const EMPTY_BLAKE3 = 'af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262';

describe('blake3', () => {
  it('works before initHashes through @noble/hashes, then switches to hash-wasm with identical output', async () => {
    const random = seededRandom(3);
    const inputs = [0, 1, 63, 64, 65, 1023, 1024, 1025, 4096, 100_000].map((n) => Uint8Array.from({ length: n }, () => below(random, 256)));
    expect(isBlake3WasmReady()).toBe(false);
    const before = inputs.map((bytes) => toHex(blake3(bytes)));
    expect(blake3Hex(new Uint8Array())).toBe(EMPTY_BLAKE3);
    await initHashes();
    await initHashes(); // idempotent
    expect(isBlake3WasmReady()).toBe(true);
    expect(inputs.map((bytes) => toHex(blake3(bytes)))).toEqual(before);
    expect(inputs.map((bytes) => toHex(blake3Noble(bytes)))).toEqual(before);
    expect(blake3Hex(new Uint8Array())).toBe(EMPTY_BLAKE3);
  });

  it('returns a fresh 32-byte array on every call (the reused wasm hasher never aliases results)', async () => {
    await initHashes();
    const first = blake3(new Uint8Array([1]));
    const copy = toHex(first);
    blake3(new Uint8Array([2]));
    expect(first.length).toBe(32);
    expect(toHex(first)).toBe(copy);
  });
});

describe('sha256', () => {
  it('matches node:crypto and the FIPS 180-2 "abc" vector', () => {
    const abc = new TextEncoder().encode('abc');
    expect(sha256Hex(abc)).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex(abc)).toBe(createHash('sha256').update(abc).digest('hex'));
  });
});
