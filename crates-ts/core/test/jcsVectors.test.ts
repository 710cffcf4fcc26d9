import { describe, expect, it } from 'vitest';
import { blake3Hex, canonicalJson, canonicalJsonBytes } from '../src/index.js';
import { expectCode, loadVectors, untag } from './support/vectors.js';

interface JcsCase {
  name: string;
  input: unknown;
  expected?: { jcs: string; blake3: string };
  error?: { code: string; path: string };
}

const vectors = loadVectors<JcsCase>('jcs.json');

describe('spec/vectors/jcs.json', () => {
  it.each(vectors.cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const input = untag(c.input);
    if (c.error) {
      expectCode(() => canonicalJson(input), c.error.code, { path: c.error.path });
      return;
    }
    expect(canonicalJson(input)).toBe(c.expected!.jcs);
    expect(blake3Hex(canonicalJsonBytes(input))).toBe(c.expected!.blake3);
  });

  it('pins the SPEC-DIGEST §13 poc_min digest', () => {
    expect(vectors.cases.find((c) => c.name === 'poc-min')!.expected!.blake3).toBe(
      '2db1c48f92f4d8a7b982d8bd6a218f8d99d00a4e8ee5e366b614836402124204',
    );
  });

  it('refuses non-plain objects, functions and cycles', () => {
    expectCode(() => canonicalJson({ when: new Date(0) }), 'JCS_INVALID', { path: '/when' });
    expectCode(() => canonicalJson({ f: () => 1 }), 'JCS_INVALID', { path: '/f' });
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expectCode(() => canonicalJson(cycle), 'JCS_INVALID');
    expect(canonicalJson(Object.assign(Object.create(null) as object, { b: 1, a: 2 }))).toBe('{"a":2,"b":1}');
  });
});
