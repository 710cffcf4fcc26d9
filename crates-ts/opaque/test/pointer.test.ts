import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GatosError } from '@gatos/core';
import { checkoutRoot } from '@gatos/testkit';
import { formatPointer, parsePointer, parsePointerJson } from '../src/index.js';

interface Case { name: string; input: unknown; expected?: string; error?: { code: string; field: string } }
const { cases } = JSON.parse(readFileSync(join(checkoutRoot, 'spec/vectors/opaque/pointers.json'), 'utf8')) as { cases: Case[] };

function thrown(f: () => unknown): GatosError {
  try {
    f();
  } catch (err) {
    if (err instanceof GatosError) return err;
    throw new Error(`expected a GatosError, got ${String(err)}`);
  }
  throw new Error('expected an error, nothing was thrown');
}

describe('pointer parsing (spec/vectors/opaque/pointers.json)', () => {
  it.each(cases.filter((c) => c.expected !== undefined).map((c) => [c.name, c] as const))('accepts: %s', (_, c) => {
    const text = formatPointer(parsePointer(c.input));
    expect(text).toBe(c.expected);
    expect(formatPointer(parsePointerJson(text))).toBe(text);
  });

  it.each(cases.filter((c) => c.error !== undefined).map((c) => [c.name, c] as const))('refuses: %s', (_, c) => {
    const err = thrown(() => parsePointer(c.input));
    expect(err.code).toBe(c.error!.code);
    expect(err.data.field).toBe(c.error!.field);
    expect(err.message).toContain(c.error!.field === '(root)' ? 'JSON object' : c.error!.field);
  });

  it('never emits legacy names nor a plaintext digest in an opaque pointer', () => {
    const legacy = cases.find((c) => c.name.startsWith('legacy'))!;
    const text = formatPointer(parsePointer(legacy.input));
    expect(text).not.toMatch(/cipher_meta|ciphertext_digest|"hash"/);
    expect(text).toMatch(/"encrypted_meta".*"kind":"opaque"/);
  });

  it('reports invalid JSON text as a bad pointer, not an internal error', () => {
    const err = thrown(() => parsePointerJson('{"kind":"blobptr",'));
    expect(err.code).toBe('OPAQUE_BAD_POINTER');
    expect(err.exitClass).toBe('usage');
  });

  it('survives a seeded fuzz of mutated pointers: each one parses canonically or fails with an OPAQUE_ code', () => {
    // Setup: mutations of the valid cases (xorshift32, fixed seed, so failures reproduce).
    let s = 0x9e3779b9;
    const rand = (n: number): number => {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      return (s >>> 0) % n;
    };
    const valid = cases.filter((c) => c.expected !== undefined).map((c) => c.expected!);
    const junk: unknown[] = [null, true, -1, 1.5, 2 ** 60, '', 'A'.repeat(5000), [], {}, { kind: 'opaque' }, '\u0000', 'ed25519:'];
    let accepted = 0;
    // Test
    for (let i = 0; i < 1000; i++) {
      const value = JSON.parse(valid[rand(valid.length)]!) as Record<string, unknown>;
      const path: Array<Record<string, unknown>> = [value];
      let node: unknown = value;
      while (typeof node === 'object' && node !== null && rand(3) > 0) {
        const keys = Object.keys(node);
        if (keys.length === 0) break;
        const next = (node as Record<string, unknown>)[keys[rand(keys.length)]!];
        if (typeof next !== 'object' || next === null) break;
        path.push(next as Record<string, unknown>);
        node = next;
      }
      const target = path[path.length - 1]!;
      const keys = Object.keys(target);
      const key = rand(4) === 0 ? `x${rand(10)}` : keys[rand(Math.max(keys.length, 1))] ?? 'kind';
      if (rand(5) === 0) delete target[key];
      else target[key] = junk[rand(junk.length)];
      try {
        const text = formatPointer(parsePointer(value));
        expect(formatPointer(parsePointerJson(text))).toBe(text);
        accepted++;
      } catch (err) {
        if (!(err instanceof GatosError)) throw err;
        expect((err as GatosError).code).toMatch(/^OPAQUE_/);
      }
    }
    expect(accepted).toBeLessThan(1000);
  });
});
