import { describe, expect, it } from 'vitest';
import { verifyStrict, verifyStrictNoble } from '../src/index.js';
import { ed } from '../src/nobleEd25519.js';
import { hexToBytes, loadVectors } from './support/vectors.js';

interface StrictCase {
  name: string;
  input: { public_key: string; message: string; signature: string };
  expected: { strict: boolean; noble_zip215: boolean; noble_rfc8032: boolean };
}

const vectors = loadVectors<StrictCase>('ed25519/strict.json');

function nobleVerdict(c: StrictCase, zip215: boolean): boolean {
  try {
    return ed.verify(hexToBytes(c.input.signature), hexToBytes(c.input.message), hexToBytes(c.input.public_key), { zip215 });
  } catch {
    return false;
  }
}

describe('spec/vectors/ed25519/strict.json', () => {
  it.each(vectors.cases.map((c) => [c.name, c] as const))('%s: verifyStrict and verifyStrictNoble agree on the verdict', (_, c) => {
    const args = [hexToBytes(c.input.public_key), hexToBytes(c.input.message), hexToBytes(c.input.signature)] as const;
    expect(verifyStrict(...args)).toBe(c.expected.strict);
    expect(verifyStrictNoble(...args)).toBe(c.expected.strict);
    // The lenient verdicts are part of the vector's story; keep them honest too.
    expect(nobleVerdict(c, true)).toBe(c.expected.noble_zip215);
    expect(nobleVerdict(c, false)).toBe(c.expected.noble_rfc8032);
  });

  it('holds cases that ZIP-215 accepts and strict verification rejects', () => {
    const lenientOnly = vectors.cases.filter((c) => c.expected.noble_zip215 && !c.expected.strict).map((c) => c.name);
    expect(lenientOnly).toEqual(expect.arrayContaining(['small-order-key-identity', 'small-order-key-order-2', 'non-canonical-key-identity-y-eq-p-plus-1']));
    expect(vectors.cases.some((c) => c.expected.noble_rfc8032 && !c.expected.strict)).toBe(true);
  });
});
