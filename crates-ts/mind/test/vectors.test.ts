import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { blake3, initHashes, publicKeyFromSeed, signBytes, type Signer } from '@gatos/core';
import { checkoutRoot } from '@gatos/testkit';
import { COMMITMENT_FILE, decodeCommitment, type CommitmentRecord } from '../src/index.js';
import { buildCommitmentCommit } from '../src/commitmentCommit.js';
import { encodeCommitment } from '../src/commitmentRecord.js';

interface Vectors {
  cases: Array<{ name: string; input: CommitmentRecord | string; expected?: { bytes: string; signer: string; sig: string; commit: string }; error?: { code: string; message: string } }>;
}
const { cases } = JSON.parse(readFileSync(`${checkoutRoot}spec/vectors/bus/commitment.json`, 'utf8')) as Vectors;
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const vectorSigner = (actor: string): Signer => {
  const seed = blake3(new TextEncoder().encode(`gatos-vector-key:${actor}`));
  return { actor, publicKey: publicKeyFromSeed(seed), sign: (m) => signBytes(seed, m) };
};

describe('spec/vectors/bus/commitment.json', () => {
  it('has positive and negative cases', () => {
    expect(cases.filter((c) => c.expected).length).toBeGreaterThanOrEqual(2);
    expect(cases.filter((c) => c.error).length).toBeGreaterThanOrEqual(5);
  });

  it.each(cases.filter((c) => c.expected))('$name: same bytes, signature and commit id as the independent reference', async ({ input, expected }) => {
    await initHashes();
    const record = input as CommitmentRecord;
    const bytes = encodeCommitment(record);
    expect(hex(bytes)).toBe(expected!.bytes);
    expect(decodeCommitment(bytes)).toEqual(record);
    const built = buildCommitmentCommit(record, null, vectorSigner(record.actor));
    expect(built.oid).toBe(expected!.commit);
    const body = new TextDecoder().decode(built.objects.find((o) => o.type === 'commit')!.body);
    expect(body).toContain(`Signer: ${expected!.signer}\nSig: ${expected!.sig}\n`);
    expect(built.objects.some((o) => o.type === 'blob' && hex(o.body) === expected!.bytes)).toBe(true);
    expect(COMMITMENT_FILE).toBe('commitment.cbor');
  });

  it.each(cases.filter((c) => c.error))('$name: refused with $error.code', ({ input, error }) => {
    expect(() => decodeCommitment(Buffer.from(input as string, 'hex'))).toThrow(expect.objectContaining({ code: error!.code, message: expect.stringContaining(error!.message) }));
  });
});
