import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { blake3Hex, blake3Noble, toHex } from '@gatos/core';
import { checkoutRoot } from '@gatos/testkit';
import { bareHex, explorerRoot, explorerRootPreimage, extractorVersion } from '@gatos/explorer';

interface VectorCase { name: string; ledger_head: string; policy_root: string; fold_root: string | null; extractor_version: string; serialized: string; explorer_root: string }
const vectors = JSON.parse(readFileSync(join(checkoutRoot, 'spec/vectors/explorer/explorer-root.json'), 'utf8')) as { cases: VectorCase[] };
const inputs = (c: VectorCase) => ({
  ledgerHead: bareHex(c.ledger_head), policyRoot: bareHex(c.policy_root), ...(c.fold_root ? { foldRoot: bareHex(c.fold_root) } : {}), extractorVersion: c.extractor_version,
});

describe('Explorer-Root (SPEC-DIGEST §9, ADR-0018)', () => {
  it('reproduces the SPEC §15.1 vectors exactly (derived and raw)', () => {
    const derived = vectors.cases.find((c) => c.name === 'spec-15.1-derived')!;
    const raw = vectors.cases.find((c) => c.name === 'spec-15.1-raw')!;
    expect(explorerRoot(inputs(derived))).toBe('e4cbbcc02698608bb59ed39d715ffd6e74c2865f473daf7cb861f9da33565d9d');
    expect(explorerRoot(inputs(raw))).toBe('cff49d30527a9ec640f1a9535d91a217894e9296062f49be91880b0d59ec177a');
    expect(blake3Hex(new Uint8Array())).toBe('af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262');
  });

  it.each(vectors.cases.map((c) => [c.name, c] as const))('vector %s: preimage and root', (_name, c) => {
    expect(toHex(explorerRootPreimage(inputs(c)))).toBe(c.serialized);
    expect(explorerRoot(inputs(c))).toBe(c.explorer_root);
  });

  it.each(vectors.cases.map((c) => [c.name, c] as const))('vector %s: an independent BE32-length-prefixed build with noble blake3 agrees', (_name, c) => {
    const field = (b: Buffer): Buffer => Buffer.concat([Buffer.from([b.length >>> 24, (b.length >>> 16) & 255, (b.length >>> 8) & 255, b.length & 255]), b]);
    const hex = (v: string): Buffer => Buffer.from(v.replace(/^(blake3|sha256):/, ''), 'hex');
    const pre = Buffer.concat([field(hex(c.ledger_head)), field(hex(c.policy_root)), ...(c.fold_root ? [field(hex(c.fold_root))] : []), field(Buffer.from(c.extractor_version, 'utf8'))]);
    expect(pre.toString('hex')).toBe(c.serialized);
    expect(toHex(blake3Noble(pre))).toBe(c.explorer_root);
  });

  it('names the format in extractor_version', () => {
    expect(extractorVersion('parquet')).toMatch(/^gatos-export@\d+\.\d+\.\d+\+parquet$/);
    expect(extractorVersion('sqlite')).toMatch(/^gatos-export@\d+\.\d+\.\d+\+sqlite$/);
  });

  it('refuses roots that are not lowercase hex (exit class check)', () => {
    for (const bad of ['ABCDEF', 'abc', 'sha256:ab', '', 'zz']) {
      expect(() => explorerRoot({ ledgerHead: bad, policyRoot: '22', extractorVersion: 'v' })).toThrow(/ledger_head .* is not lowercase hex/);
    }
  });
});
