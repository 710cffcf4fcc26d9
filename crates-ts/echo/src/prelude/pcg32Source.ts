/**
 * Sandbox source of `rng(seed)`: pcg32@1 (PCG-XSH-RR 64/32, O'Neill's `pcg32_random_r`) on BigInt
 * (ADR 0003, SPEC-DIGEST §3 Q7). Seeding is `pcg32_srandom_r(seed, 54)`: the stream constant 54 is
 * fixed, so `rng(42n)` reproduces pcg-c's `pcg32-demo` output. A `Uint8Array` seed is read as
 * trunc64: its first 8 bytes, little-endian.
 */
export const PCG32_SOURCE = String.raw`(function () {
  'use strict';
  const M64 = (1n << 64n) - 1n, MULT = 6364136223846793005n, STREAM = 54n, INC = (STREAM << 1n) | 1n;
  function seed64(seed) {
    if (typeof seed === 'bigint') {
      if (seed < 0n || seed > M64) throw new RangeError('RNG_SEED: a BigInt seed must be in [0, 2^64)');
      return seed;
    }
    if (seed instanceof Uint8Array) {
      if (seed.length < 8) throw new RangeError('RNG_SEED: a byte seed needs at least 8 bytes (trunc64 of a hash)');
      let s = 0n;
      for (let i = 7; i >= 0; i--) s = (s << 8n) | BigInt(seed[i]);
      return s;
    }
    throw new TypeError('RNG_SEED: rng(seed) takes a BigInt in [0, 2^64) or a Uint8Array of at least 8 bytes');
  }
  return function rng(seed) {
    let state = 0n;
    function next32() {
      const old = state;
      state = (old * MULT + INC) & M64;
      const xs = Number((((old >> 18n) ^ old) >> 27n) & 0xffffffffn);
      const rot = Number(old >> 59n);
      return ((xs >>> rot) | (xs << ((-rot) & 31))) >>> 0;
    }
    const init = seed64(seed);
    next32();
    state = (state + init) & M64;
    next32();
    function nextBelow(n) {
      if (!Number.isSafeInteger(n) || n < 1 || n > 0x100000000) throw new RangeError('RNG_BOUND: nextBelow(n) takes an integer in [1, 2^32]');
      const threshold = (0x100000000 - n) % n;   // rejection keeps the result unbiased
      for (;;) {
        const r = next32();
        if (r >= threshold) return r % n;
      }
    }
    return Object.freeze({ next32: next32, nextBelow: nextBelow });
  };
})`;
