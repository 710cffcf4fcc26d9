import { describe, expect, it } from 'vitest';
import {
  assertStrictPublicKey,
  blake3,
  generateSeed,
  publicKeyFromSeed,
  signBytes,
  toHex,
  verifyStrict,
  verifyStrictNoble,
} from '../src/index.js';
import { ed } from '../src/nobleEd25519.js';
import { below, seededRandom } from './support/prng.js';
import { expectCode } from './support/vectors.js';

const enc = new TextEncoder();
const seed = blake3(enc.encode('gatos-vector-key:alice'));

describe('Ed25519 signing', () => {
  it('is deterministic and byte-identical to @noble/ed25519', () => {
    const random = seededRandom(11);
    for (let i = 0; i < 50; i++) {
      const s = Uint8Array.from({ length: 32 }, () => below(random, 256));
      const message = Uint8Array.from({ length: below(random, 300) }, () => below(random, 256));
      const signature = signBytes(s, message);
      expect(toHex(signBytes(s, message))).toBe(toHex(signature));
      expect(toHex(signature)).toBe(toHex(ed.sign(message, s)));
      expect(toHex(publicKeyFromSeed(s))).toBe(toHex(ed.getPublicKey(s)));
    }
  });

  it('generates 32-byte random seeds', () => {
    const a = generateSeed();
    expect(a.length).toBe(32);
    expect(toHex(a)).not.toBe(toHex(generateSeed()));
  });

  it('refuses a seed that is not 32 bytes', () => {
    expectCode(() => signBytes(new Uint8Array(31), new Uint8Array()), 'BAD_SEED');
    expectCode(() => publicKeyFromSeed(new Uint8Array(64)), 'BAD_SEED');
  });
});

describe('strict verification', () => {
  const pk = publicKeyFromSeed(seed);
  const message = enc.encode('hello');
  const signature = signBytes(seed, message);

  it('accepts a valid signature and rejects any single-bit change, in both implementations', () => {
    expect(verifyStrict(pk, message, signature)).toBe(true);
    expect(verifyStrictNoble(pk, message, signature)).toBe(true);
    const random = seededRandom(5);
    for (let i = 0; i < 40; i++) {
      const target = below(random, 3);
      const bytes = [pk, message, signature].map((b) => Uint8Array.from(b));
      const victim = bytes[target]!;
      victim[below(random, victim.length)]! ^= 1 << below(random, 8);
      const [p, m, s] = bytes as [Uint8Array, Uint8Array, Uint8Array];
      expect(verifyStrict(p, m, s)).toBe(false);
      expect(verifyStrictNoble(p, m, s)).toBe(false);
    }
  });

  it('agrees with the noble reference on random keys, messages and signatures', () => {
    const random = seededRandom(17);
    for (let i = 0; i < 30; i++) {
      const s = Uint8Array.from({ length: 32 }, () => below(random, 256));
      const m = Uint8Array.from({ length: below(random, 64) }, () => below(random, 256));
      const key = publicKeyFromSeed(s);
      const sig = signBytes(s, m);
      expect(verifyStrict(key, m, sig)).toBe(verifyStrictNoble(key, m, sig));
      const garbageKey = Uint8Array.from({ length: 32 }, () => below(random, 256));
      expect(verifyStrict(garbageKey, m, sig)).toBe(verifyStrictNoble(garbageKey, m, sig));
    }
  });

  it('returns false rather than throwing on wrong lengths', () => {
    expect(verifyStrict(pk.subarray(1), message, signature)).toBe(false);
    expect(verifyStrict(pk, message, signature.subarray(1))).toBe(false);
    expect(verifyStrictNoble(pk, message, new Uint8Array(65))).toBe(false);
  });

  it('assertStrictPublicKey names why a key is refused', () => {
    assertStrictPublicKey(pk);
    expect(expectCode(() => assertStrictPublicKey(new Uint8Array(32)), 'BAD_PUBLIC_KEY').data.reason).toBe('small order');
    const nonCanonical = Uint8Array.from([0xee, ...new Array<number>(30).fill(0xff), 0x7f]);
    expect(expectCode(() => assertStrictPublicKey(nonCanonical), 'BAD_PUBLIC_KEY').data.reason).toBe('not canonical or not on the curve');
    expect(expectCode(() => assertStrictPublicKey(new Uint8Array(3)), 'BAD_PUBLIC_KEY').data.reason).toBe('not 32 bytes');
  });
});
