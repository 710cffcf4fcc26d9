import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { blake3, blake3Hex, canonicalJsonBytes, publicKeyFromSeed, signBytes, type Signer } from '@gatos/core';
import { emptyTrustGraph, withActorKey } from '@gatos/policy';
import { buildResolveAuditCommit, mintResolverToken, verifyResolverToken, type ResolveAuditRecord } from '../src/index.js';

// Written by spec/vectors/resolver/generate.mjs with jose, node:crypto and git, not with this package.
const dir = new URL('../../../spec/vectors/resolver/', import.meta.url);
const tokens = JSON.parse(readFileSync(new URL('tokens.json', dir), 'utf8')) as {
  trust: Record<string, string[]>;
  aud: string;
  now: number;
  mint: Array<{ name: string; input: { actor: string; seed_name: string; aud: string; now: number; ttl_seconds: number; scope?: string }; expected: { token: string; kid: string } }>;
  verify: Array<{ name: string; input: { token: string }; expected?: { ok: true; sub: string; scope: string[] | null }; error?: { reason: string } }>;
};
const audit = JSON.parse(readFileSync(new URL('audit-commits.json', dir), 'utf8')) as {
  cases: Array<{ name: string; input: { record: ResolveAuditRecord; parent: string | null }; expected: { decision_json_blake3: string; commit: string } }>;
};

const vectorSigner = (actor: string, seedName: string): Signer => {
  const seed = blake3(new TextEncoder().encode(`gatos-vector-key:${seedName}`));
  return { actor, publicKey: publicKeyFromSeed(seed), sign: (m) => signBytes(seed, m) };
};

describe('resolver vectors: tokens (spec/vectors/resolver/tokens.json)', () => {
  it.each(tokens.mint.map((c) => [c.name, c] as const))('mints exactly what jose signs: %s', (_n, c) => {
    const minted = mintResolverToken(vectorSigner(c.input.actor, c.input.seed_name), { aud: c.input.aud, ttlSeconds: c.input.ttl_seconds, nowSeconds: c.input.now, ...(c.input.scope ? { scope: c.input.scope } : {}) });
    expect(minted.token).toBe(c.expected.token);
    expect(minted.header.kid).toBe(c.expected.kid);
  });

  let trust = emptyTrustGraph();
  for (const [actor, keys] of Object.entries(tokens.trust)) for (const k of keys) trust = withActorKey(trust, actor, k);

  it.each(tokens.verify.map((c) => [c.name, c] as const))('verifies: %s', async (_n, c) => {
    const check = await verifyResolverToken(c.input.token, { trust, audience: tokens.aud, nowMs: tokens.now * 1000 });
    if (c.error) {
      expect(check).toMatchObject({ ok: false, reason: c.error.reason });
    } else {
      expect(check).toMatchObject({ ok: true, token: { sub: c.expected!.sub, scope: c.expected!.scope } });
    }
  });
});

describe('resolver vectors: audit commits (spec/vectors/resolver/audit-commits.json)', () => {
  it.each(audit.cases.map((c) => [c.name, c] as const))('builds the commit git builds: %s', (_n, c) => {
    expect(blake3Hex(canonicalJsonBytes(c.input.record))).toBe(c.expected.decision_json_blake3);
    expect(buildResolveAuditCommit(c.input.record, c.input.parent).oid).toBe(c.expected.commit);
  });
});
