import * as dagCbor from '@ipld/dag-cbor';
import { CID } from 'multiformats/cid';
import { describe, expect, it } from 'vitest';
import { cidOf, decodeEnvelope, decodeStrict, encodeCanonical, encodeEnvelope, GatosError, toHex } from '../src/index.js';
import { below, seededRandom } from './support/prng.js';
import { hexToBytes, loadVectors } from './support/vectors.js';

const random = seededRandom(0x6a7051);

function randomString(): string {
  const length = below(random, 12);
  let text = '';
  for (let i = 0; i < length; i++) {
    const pick = below(random, 4);
    if (pick === 0) text += String.fromCodePoint(0x20 + below(random, 0x5f));
    else if (pick === 1) text += String.fromCodePoint(0xa0 + below(random, 0x700));
    else if (pick === 2) text += String.fromCodePoint(0x1f300 + below(random, 0x200));
    else text += String.fromCodePoint(below(random, 0x20));
  }
  return text;
}

const INTEGERS = [0, 1, -1, 23, 24, -24, -25, 255, 256, 65535, 65536, 2 ** 32 - 1, 2 ** 32, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER];
const BIGINTS = [2n ** 53n, 2n ** 63n, 2n ** 64n - 1n, -(2n ** 53n) - 1n, -(2n ** 64n)];
const LINK = CID.parse(cidOf(new Uint8Array([0xa0])));

function randomValue(depth: number): unknown {
  const kind = below(random, depth > 4 ? 7 : 10);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return random() < 0.5;
    case 2:
      return random() < 0.5 ? INTEGERS[below(random, INTEGERS.length)] : below(random, 2 ** 31) - 2 ** 30;
    case 3:
      return BIGINTS[below(random, BIGINTS.length)];
    case 4:
      return randomString();
    case 5:
      return Uint8Array.from({ length: below(random, 40) }, () => below(random, 256));
    case 6:
      return LINK;
    case 7:
    case 8:
      return Array.from({ length: below(random, 5) }, () => randomValue(depth + 1));
    default: {
      const map: Record<string, unknown> = {};
      for (let i = below(random, 6); i > 0; i--) map[randomString()] = randomValue(depth + 1);
      return map;
    }
  }
}

describe('round-trip fuzz (seeded)', () => {
  it('1000 random values encode, decode strictly and re-encode to the same bytes', () => {
    for (let i = 0; i < 1000; i++) {
      const value = randomValue(0);
      const bytes = encodeCanonical(value);
      expect(toHex(bytes)).toBe(toHex(dagCbor.encode(value)));
      const again = encodeCanonical(decodeStrict(bytes));
      expect(toHex(again)).toBe(toHex(bytes));
    }
  });
});

describe('mutation fuzz on envelope bytes (seeded)', () => {
  const seeds = loadVectors<{ expected: { cbor_hex: string } }>('envelope/positive.json').cases.map((c) => hexToBytes(c.expected.cbor_hex));

  function mutate(original: Uint8Array): Uint8Array {
    const choice = below(random, 5);
    if (choice === 0) return original.subarray(0, below(random, original.length));
    if (choice === 1) {
      const at = below(random, original.length + 1);
      return Uint8Array.from([...original.subarray(0, at), below(random, 256), ...original.subarray(at)]);
    }
    const bytes = Uint8Array.from(original);
    for (let flips = 1 + below(random, 3); flips > 0; flips--) {
      const at = below(random, bytes.length);
      bytes[at] = choice === 2 ? bytes[at]! ^ (1 << below(random, 8)) : below(random, 256);
    }
    return bytes;
  }

  it('every mutant either decodes to an envelope that re-encodes identically or throws a GatosError', () => {
    const outcomes = new Map<string, number>();
    for (let i = 0; i < 5000; i++) {
      const mutant = mutate(seeds[below(random, seeds.length)]!);
      let outcome: string;
      try {
        const env = decodeEnvelope(mutant);
        expect(toHex(encodeEnvelope(env))).toBe(toHex(mutant));
        outcome = 'valid';
      } catch (err) {
        if (!(err instanceof GatosError)) throw err;
        outcome = err.code;
      }
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
    if (process.env.GATOS_FUZZ_REPORT) console.log(Object.fromEntries(outcomes));
    // The fuzz must reach both sides and several distinct rules.
    expect(outcomes.get('valid') ?? 0).toBeGreaterThan(0);
    expect(outcomes.size).toBeGreaterThan(8);
  });
});
