import * as dagCbor from '@ipld/dag-cbor';
import { CID } from 'multiformats/cid';
import { describe, expect, it } from 'vitest';
import { CANONICAL_RULES, cidOf, decodeStrict, encodeCanonical, toHex } from '../src/index.js';
import { expectCode, loadVectors } from './support/vectors.js';

describe('CANONICAL_RULES', () => {
  it('has a hostile vector for every rule that bytes or values can break', () => {
    const file = loadVectors<{ error: { code: string } }>('envelope/cbor-rejects.json');
    const covered = new Set([...file.cases, ...(file.encode_cases as Array<{ error: { code: string } }>)].map((c) => c.error.code));
    const uncovered = Object.entries(CANONICAL_RULES)
      .filter(([, rule]) => !covered.has(rule.code))
      .map(([name]) => name);
    // reencodesIdentically is the guard behind the header walk: no known input reaches it.
    expect(uncovered).toEqual(['reencodesIdentically']);
  });
});

describe('decodeStrict', () => {
  it('applies the 1 MiB default limit before decoding', () => {
    const big = encodeCanonical(new Uint8Array(1024 * 1024));
    expectCode(() => decodeStrict(big), 'CBOR_TOO_LARGE', { maxBytes: 1024 * 1024 });
    expect((decodeStrict(big, { maxBytes: 2 * 1024 * 1024 }) as Uint8Array).length).toBe(1024 * 1024);
  });

  it('returns integers beyond the safe range as BigInt, and safe ones as numbers', () => {
    expect(decodeStrict(encodeCanonical([2n ** 60n, -(2n ** 64n), 5n, Number.MAX_SAFE_INTEGER]))).toEqual([
      2n ** 60n,
      -(2n ** 64n),
      5,
      Number.MAX_SAFE_INTEGER,
    ]);
  });

  it('decodes tag 42 to a CID', () => {
    const link = CID.parse(cidOf(new Uint8Array([0xa0])));
    const value = decodeStrict(encodeCanonical({ link })) as { link: CID };
    expect(value.link.equals(link)).toBe(true);
  });

  it('keeps a "__proto__" key as data, never as a prototype', () => {
    const bytes = Uint8Array.from([0xa1, 0x69, ...new TextEncoder().encode('__proto__'), 0xa1, 0x61, 0x78, 0x01]);
    const value = decodeStrict(bytes) as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(toHex(encodeCanonical(value))).toBe(toHex(bytes));
  });

  it('names the offending key and offset for unsorted maps', () => {
    const err = expectCode(() => decodeStrict(Uint8Array.from([0xa2, 0x61, 0x62, 0x01, 0x61, 0x61, 0x02])), 'CBOR_MAP_KEY_ORDER', { offset: 4 });
    expect(err.message).toContain('"a"');
  });
});

describe('encodeCanonical', () => {
  it('matches @ipld/dag-cbor byte for byte and sorts keys length-first', () => {
    const value = { bb: 1, a: [true, null, 'x'], c: new Uint8Array([1, 2]) };
    expect(toHex(encodeCanonical(value))).toBe(toHex(dagCbor.encode(value)));
    expect(toHex(encodeCanonical({ b: 1, a: [true, null] }))).toBe('a2616182f5f6616201');
  });

  it('refuses values outside the data model with their JSON-pointer path', () => {
    expectCode(() => encodeCanonical({ a: [1, new Map()] }), 'CBOR_UNSUPPORTED_VALUE', { path: '/a/1' });
    expectCode(() => encodeCanonical({ f: () => 0 }), 'CBOR_UNSUPPORTED_VALUE', { path: '/f' });
    expectCode(() => encodeCanonical({ s: Symbol('x') }), 'CBOR_UNSUPPORTED_VALUE', { path: '/s' });
    expectCode(() => encodeCanonical({ d: new Date(0) }), 'CBOR_UNSUPPORTED_VALUE', { path: '/d' });
    expectCode(() => encodeCanonical({ 'a/b': 1.5 }), 'CBOR_FLOAT', { path: '/a~1b' });
    const cycle: unknown[] = [];
    cycle.push(cycle);
    expectCode(() => encodeCanonical(cycle), 'CBOR_TOO_DEEP');
  });
});
