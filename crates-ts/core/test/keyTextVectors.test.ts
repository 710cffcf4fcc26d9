import { describe, expect, it } from 'vitest';
import { formatPublicKey, formatSignature, parsePublicKey, parseSignature, toHex } from '../src/index.js';
import { expectCode, loadVectors } from './support/vectors.js';

interface KeyTextCase {
  name: string;
  input: { kind: 'key' | 'signature'; text: string };
  expected?: { hex: string; formatted: string };
  error?: { code: string };
}

const vectors = loadVectors<KeyTextCase>('keytext.json');

describe('spec/vectors/keytext.json', () => {
  it.each(vectors.cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const parse = c.input.kind === 'key' ? parsePublicKey : parseSignature;
    const format = c.input.kind === 'key' ? formatPublicKey : formatSignature;
    if (c.error) {
      const err = expectCode(() => parse(c.input.text), c.error.code);
      expect(err.message).toMatch(/expected ed25519:/);
      return;
    }
    const bytes = parse(c.input.text);
    expect(toHex(bytes)).toBe(c.expected!.hex);
    expect(format(bytes)).toBe(c.expected!.formatted);
  });

  it('refuses to format bytes of the wrong length', () => {
    expectCode(() => formatPublicKey(new Uint8Array(31)), 'BAD_KEY_TEXT');
    expectCode(() => formatSignature(new Uint8Array(32)), 'BAD_SIGNATURE_TEXT');
  });
});
