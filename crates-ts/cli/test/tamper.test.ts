import { afterEach, describe, expect, it } from 'vitest';
import { decodeCommit, encodeCommit, encodeTree, hashObject, newUlid, type Clock } from '@gatos/core';
import { appendEvent, buildEventCommit, journalRef, signEvent } from '@gatos/ledger';
import { makeLedgerFixture, runCli, type LedgerFixture } from '@gatos/testkit';

const clock: Clock = { now: () => Date.UTC(2026, 10, 1, 12, 0, 0) };
let fx: LedgerFixture;
afterEach(async () => fx?.cleanup());

interface Report { ok: boolean; failures: Array<{ ref: string; commit: string; code: string; reason: string }> }

/** Runs the real `event verify --json` and checks it failed with exit 1. */
function verifyFails(): Report {
  const r = runCli(['event', 'verify', '--json', '--no-cache'], { cwd: fx.tmp.dir });
  expect(r.code).toBe(1);
  const report = JSON.parse(r.stdout) as Report;
  expect(report.ok).toBe(false);
  const text = runCli(['event', 'verify', '--no-cache'], { cwd: fx.tmp.dir });
  expect(text.code).toBe(1);
  for (const f of report.failures) expect(text.stdout).toContain(`FAIL ${f.code} ${f.ref} ${f.commit}: `);
  return report;
}

describe('git gatos event verify names each tampering and exits 1', () => {
  it('an event by alice written into bob’s journal', async () => {
    fx = await makeLedgerFixture();
    const signed = signEvent({ type: 'x.y', ulid: newUlid(clock.now()), actor: 'user:alice', payload: {}, policy_root: fx.policyRoot }, fx.signers['user:alice']!);
    const built = buildEventCommit(signed, null);
    await fx.repo.objects.write(built.objects);
    await fx.repo.refs.compareAndSwap(journalRef('finance', 'user:bob'), null, built.oid);
    expect(verifyFails().failures).toEqual([
      expect.objectContaining({ ref: journalRef('finance', 'user:bob'), commit: built.oid, code: 'EVENT_ACTOR_MISMATCH', reason: 'event by user:alice in the journal of user:bob' }),
    ]);
  });

  it('a merge commit in a journal', async () => {
    fx = await makeLedgerFixture();
    const alice = fx.signers['user:alice']!;
    const a = await appendEvent(fx.repo, 'ops', alice, { type: 't', payload: { n: 1 } }, { clock });
    const b = await appendEvent(fx.repo, 'ops', alice, { type: 't', payload: { n: 2 } }, { clock });
    const side = buildEventCommit(signEvent({ type: 't', ulid: newUlid(clock.now() + 5000), actor: 'user:alice', payload: {}, policy_root: fx.policyRoot }, alice), a.commit);
    const merge = encodeCommit({ ...decodeCommit(side.objects[2]!.body), parents: [b.commit, side.oid] });
    const ids = await fx.repo.objects.write([...side.objects, { type: 'commit', body: merge }]);
    await fx.repo.refs.compareAndSwap(journalRef('ops', 'user:alice'), b.commit, ids[3]!);
    expect(verifyFails().failures).toContainEqual(expect.objectContaining({ commit: ids[3], code: 'JOURNAL_MERGE' }));
  });

  it('a non-canonical encoding of an otherwise valid event', async () => {
    fx = await makeLedgerFixture();
    const ref = journalRef('ops', 'user:alice');
    const e = await appendEvent(fx.repo, 'ops', fx.signers['user:alice']!, { type: 't', payload: { n: 1 } }, { clock });
    const bytes = (await fx.repo.objects.read(`${e.commit}:event.cbor`)).body;
    const nonCanonical = Uint8Array.from([0xb8, 0x05, ...bytes.subarray(1)]); // map(5) with a non-minimal length
    const tree = encodeTree([{ mode: '100644', name: 'event.cbor', oid: hashObject('blob', nonCanonical) }]);
    const commit = encodeCommit({ ...decodeCommit((await fx.repo.objects.read(e.commit)).body), tree: hashObject('tree', tree) });
    const ids = await fx.repo.objects.write([{ type: 'blob', body: nonCanonical }, { type: 'tree', body: tree }, { type: 'commit', body: commit }]);
    await fx.repo.refs.compareAndSwap(ref, e.commit, ids[2]!);
    const [failure] = verifyFails().failures;
    expect(failure).toMatchObject({ ref, commit: ids[2] });
    expect(failure!.code).toMatch(/^CBOR_/);
  });
});
