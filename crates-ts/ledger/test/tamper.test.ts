import { afterEach, describe, expect, it } from 'vitest';
import { decodeCommit, encodeCommit, encodeTree, hashObject, newUlid, type Clock, type Oid } from '@gatos/core';
import { makeLedgerFixture, type LedgerFixture } from '@gatos/testkit';
import { appendEvent, buildEventCommit, journalRef, signEvent, verifyJournals } from '../src/index.js';

const clock: Clock = { now: () => Date.UTC(2026, 10, 1, 12, 0, 0) };
let fx: LedgerFixture;
afterEach(async () => fx?.cleanup());

/** Rewrites the tip commit of `ref` with `event.cbor` replaced by `bytes` (message and trailers kept). */
async function replaceTipEvent(ref: string, bytes: Uint8Array): Promise<Oid> {
  const tip = (await fx.repo.refs.read(ref))!;
  const commit = decodeCommit((await fx.repo.objects.read(tip)).body);
  const tree = encodeTree([{ mode: '100644', name: 'event.cbor', oid: hashObject('blob', bytes) }]);
  const body = encodeCommit({ ...commit, tree: hashObject('tree', tree) });
  const [oid] = await fx.repo.objects.write([{ type: 'blob', body: bytes }, { type: 'tree', body: tree }, { type: 'commit', body }]).then((ids) => ids.slice(2));
  await fx.repo.refs.compareAndSwap(ref, tip, oid!);
  return oid!;
}

async function codes(): Promise<string[]> {
  const report = await verifyJournals(fx.repo);
  expect(report.ok).toBe(false);
  return [...new Set(report.failures.map((f) => f.code))].sort();
}

describe('verifyJournals on tampered journals', () => {
  it('names an edited payload that kept the old signature and CID trailer', async () => {
    fx = await makeLedgerFixture();
    const ref = journalRef('finance', 'user:alice');
    await appendEvent(fx.repo, 'finance', fx.signers['user:alice']!, { type: 'invoice.created', payload: { amount: 1200 } }, { clock });
    const original = (await fx.repo.objects.read(`${await fx.repo.refs.read(ref)}:event.cbor`)).body;
    const edited = Buffer.from(original);
    const i = edited.indexOf(Buffer.from([0x19, 0x04, 0xb0])); // uint16 1200
    expect(i).toBeGreaterThan(0);
    edited[i + 2] = 0xaf; // amount 1200 -> 1199, same length, still canonical
    await replaceTipEvent(ref, edited);
    expect(await codes()).toEqual(['EVENT_BAD_SIGNATURE', 'EVENT_CID_MISMATCH']);
  });

  it('names an event by alice written into bob’s journal', async () => {
    fx = await makeLedgerFixture();
    const alice = fx.signers['user:alice']!;
    const signed = signEvent({ type: 'x.y', ulid: '01JBZ0000000000000000000AA', actor: 'user:alice', payload: {}, policy_root: fx.policyRoot }, alice);
    const built = buildEventCommit(signed, null);
    await fx.repo.objects.write(built.objects);
    await fx.repo.refs.compareAndSwap(journalRef('finance', 'user:bob'), null, built.oid);
    const report = await verifyJournals(fx.repo);
    expect(report.failures).toEqual([
      expect.objectContaining({ ref: journalRef('finance', 'user:bob'), commit: built.oid, code: 'EVENT_ACTOR_MISMATCH' }),
    ]);
  });

  it('names a merge commit in a journal', async () => {
    fx = await makeLedgerFixture();
    const alice = fx.signers['user:alice']!;
    const ref = journalRef('ops', 'user:alice');
    const a = await appendEvent(fx.repo, 'ops', alice, { type: 't', payload: { n: 1 } }, { clock });
    const b = await appendEvent(fx.repo, 'ops', alice, { type: 't', payload: { n: 2 } }, { clock });
    const side = buildEventCommit(signEvent({ type: 't', ulid: '7ZZZZZZZZZZZZZZZZZZZZZZZZZ', actor: 'user:alice', payload: {}, policy_root: fx.policyRoot }, alice), a.commit);
    const merged = decodeCommit(side.objects[2]!.body);
    const body = encodeCommit({ ...merged, parents: [b.commit, side.oid] });
    const [, , , mergeOid] = await fx.repo.objects.write([...side.objects, { type: 'commit', body }]);
    await fx.repo.refs.compareAndSwap(ref, b.commit, mergeOid!);
    expect(await codes()).toContain('JOURNAL_MERGE');
  });

  it('names a non-canonical encoding of an otherwise valid event', async () => {
    fx = await makeLedgerFixture();
    const ref = journalRef('ops', 'user:alice');
    await appendEvent(fx.repo, 'ops', fx.signers['user:alice']!, { type: 't', payload: { n: 1 } }, { clock });
    const bytes = (await fx.repo.objects.read(`${await fx.repo.refs.read(ref)}:event.cbor`)).body;
    // Re-encode the top-level map header (a5 = map of 5) in its non-minimal 1-byte-length form (b8 05).
    expect(bytes[0]).toBe(0xa5);
    const nonCanonical = Uint8Array.from([0xb8, 0x05, ...bytes.subarray(1)]);
    await replaceTipEvent(ref, nonCanonical);
    const report = await verifyJournals(fx.repo);
    expect(report.ok).toBe(false);
    expect(report.failures[0]!.code).toMatch(/^CBOR_/);
    expect(report.failures[0]!.reason).toContain('event.cbor');
  });

  it('reports every failure in a journal, not just the first', async () => {
    fx = await makeLedgerFixture();
    const alice = fx.signers['user:alice']!;
    const ref = journalRef('ops', 'user:alice');
    await appendEvent(fx.repo, 'ops', alice, { type: 't', payload: { n: 1 } }, { clock });
    // Two events with the same ULID written by hand: a replay inside the journal.
    const tip = (await fx.repo.refs.read(ref))!;
    const env = { type: 't', ulid: newUlid(clock.now() + 1000), actor: 'user:alice', payload: {}, policy_root: fx.policyRoot };
    const c1 = buildEventCommit(signEvent(env, alice), tip);
    const c2 = buildEventCommit(signEvent({ ...env, payload: { again: true } }, alice), c1.oid);
    await fx.repo.objects.write([...c1.objects, ...c2.objects]);
    await fx.repo.refs.compareAndSwap(ref, tip, c2.oid);
    const report = await verifyJournals(fx.repo);
    expect(report.failures.map((f) => [f.commit, f.code])).toEqual([[c2.oid, 'JOURNAL_DUPLICATE_ULID']]);
  });
});

describe('the verified-signature cache', () => {
  it('skips known-good commits yet still catches a tampered one (a new commit id)', async () => {
    fx = await makeLedgerFixture();
    const ref = journalRef('finance', 'user:alice');
    await appendEvent(fx.repo, 'finance', fx.signers['user:alice']!, { type: 'invoice.created', payload: { amount: 1200 } }, { clock });
    const seen = new Set<string>();
    const cache = { has: (c: string) => seen.has(c), add: (c: string) => void seen.add(c) };
    expect((await verifyJournals(fx.repo, { signatureCache: cache })).ok).toBe(true);
    expect(seen.size).toBe(1);
    const original = (await fx.repo.objects.read(`${await fx.repo.refs.read(ref)}:event.cbor`)).body;
    const edited = Buffer.from(original);
    edited[edited.indexOf(Buffer.from([0x19, 0x04, 0xb0])) + 2] = 0xaf;
    const forged = await replaceTipEvent(ref, edited);
    const report = await verifyJournals(fx.repo, { signatureCache: cache });
    expect(report.failures.filter((f) => f.commit === forged).map((f) => f.code).sort()).toEqual(['EVENT_BAD_SIGNATURE', 'EVENT_CID_MISMATCH']);
    expect(seen.has(forged)).toBe(false);
  });
});
