import { afterEach, describe, expect, it } from 'vitest';
import { isGatosError, newUlid, type Clock } from '@gatos/core';
import { makeLedgerFixture, type LedgerFixture } from '@gatos/testkit';
import { appendEvent, appendEvents, eventLog, journalRef, verifyJournals } from '../src/index.js';

const clock: Clock = { now: () => Date.UTC(2026, 10, 1, 12, 0, 0) };
let fx: LedgerFixture;
afterEach(async () => fx?.cleanup());

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (isGatosError(err)) return err.code;
    throw err;
  }
  throw new Error('expected a GatosError');
}

describe('appendEvent', () => {
  it('writes one commit per event on the actor journal and binds the active policy', async () => {
    // Setup
    fx = await makeLedgerFixture();
    const alice = fx.signers['user:alice']!;
    // Test
    const a = await appendEvent(fx.repo, 'finance', alice, { type: 'invoice.created', payload: { id: 'inv-1', amount: 1200 } }, { clock });
    const b = await appendEvent(fx.repo, 'finance', alice, { type: 'invoice.created', payload: { id: 'inv-2', amount: 50 } }, { clock });
    expect(a.cid).toMatch(/^bafyr4i[a-z2-7]+$/);
    expect(b.ulid > a.ulid).toBe(true);
    expect(await fx.repo.refs.read(journalRef('finance', 'user:alice'))).toBe(b.commit);
    expect(fx.tmp.git('rev-list', '--count', b.commit)).toBe('2');
    expect(fx.tmp.git('log', '-1', '--format=%B', b.commit)).toContain(`Event-CID: ${b.cid}`);
    const log = await eventLog(fx.repo, { ns: 'finance' });
    expect(log.map((e) => e.envelope.payload.id)).toEqual(['inv-2', 'inv-1']);
    expect(log[0]!.envelope.policy_root).toBe(fx.policyRoot);
    expect((await verifyJournals(fx.repo)).ok).toBe(true);
  });

  it('is idempotent for a repeated ULID and refuses the same ULID with other content', async () => {
    fx = await makeLedgerFixture();
    const alice = fx.signers['user:alice']!;
    const ulid = newUlid(clock.now());
    const first = await appendEvent(fx.repo, 'ops', alice, { type: 't.x', payload: { n: 1 }, ulid }, { clock });
    const again = await appendEvent(fx.repo, 'ops', alice, { type: 't.x', payload: { n: 1 }, ulid }, { clock });
    expect(again).toEqual({ ...first, existed: true });
    expect(await codeOf(appendEvent(fx.repo, 'ops', alice, { type: 't.x', payload: { n: 2 }, ulid }, { clock }))).toBe('LEDGER_ULID_CONFLICT');
    expect(fx.tmp.git('rev-list', '--count', journalRef('ops', 'user:alice'))).toBe('1');
  });

  it('gives the identical commit id for identical content on two machines', async () => {
    const ulid = '01JBZ0000000000000000000AA';
    const one = await makeLedgerFixture();
    const two = await makeLedgerFixture();
    try {
      const input = { type: 'demo.hello', payload: { msg: 'hello gatos' }, ulid };
      const a = await appendEvent(one.repo, 'demo', one.signers['user:alice']!, input, { clock });
      const b = await appendEvent(two.repo, 'demo', two.signers['user:alice']!, input, { clock });
      expect(one.policyRoot).toBe(two.policyRoot);
      expect(a.commit).toBe(b.commit);
      expect(a.cid).toBe(b.cid);
    } finally {
      await one.cleanup();
      await two.cleanup();
    }
  });

  it('refuses ULIDs that do not increase, lie in the future, or a signer outside the trust graph', async () => {
    fx = await makeLedgerFixture(['user:alice']);
    const alice = fx.signers['user:alice']!;
    await appendEvent(fx.repo, 'ops', alice, { type: 't.x', payload: {}, ulid: '01JBZ0000000000000000000BB' }, { clock });
    expect(await codeOf(appendEvent(fx.repo, 'ops', alice, { type: 't.x', payload: {}, ulid: '01JBZ0000000000000000000AA' }, { clock }))).toBe('LEDGER_ULID_NOT_INCREASING');
    const future = newUlid(clock.now() + 10 * 60_000);
    expect(await codeOf(appendEvent(fx.repo, 'ops', alice, { type: 't.x', payload: {}, ulid: future }, { clock }))).toBe('LEDGER_FUTURE_EVENT');
    const { testSigner } = await import('@gatos/testkit');
    expect(await codeOf(appendEvent(fx.repo, 'ops', testSigner('user:mallory'), { type: 't.x', payload: {} }, { clock }))).toBe('LEDGER_SIGNER_NOT_TRUSTED');
  });
});

describe('appendEvents (batch)', () => {
  it('appends a batch as one ref move with increasing ULIDs', async () => {
    fx = await makeLedgerFixture();
    const alice = fx.signers['user:alice']!;
    const inputs = Array.from({ length: 500 }, (_, i) => ({ type: 'tick', payload: { i } }));
    const out = await appendEvents(fx.repo, 'ops', alice, inputs, { clock });
    expect(out).toHaveLength(500);
    expect(out.every((e, i) => i === 0 || e.ulid > out[i - 1]!.ulid)).toBe(true);
    expect(fx.tmp.git('rev-list', '--count', journalRef('ops', 'user:alice'))).toBe('500');
    fx.tmp.git('fsck', '--strict', '--no-dangling');
    const report = await verifyJournals(fx.repo);
    expect(report).toMatchObject({ ok: true, events: 500, journals: 1 });
  });

  it('writes nothing when any event of the batch is invalid', async () => {
    fx = await makeLedgerFixture();
    const alice = fx.signers['user:alice']!;
    const inputs = [
      { type: 'ok', payload: { i: 1 } },
      { type: 'bad type with spaces', payload: { i: 2 } },
    ];
    expect(await codeOf(appendEvents(fx.repo, 'ops', alice, inputs, { clock }))).toBe('BAD_EVENT_TYPE');
    const floats = [{ type: 'ok', payload: { i: 1 } }, { type: 'ok', payload: { x: 1.5 } }];
    await expect(appendEvents(fx.repo, 'ops', alice, floats, { clock })).rejects.toSatisfy(isGatosError);
    expect(await fx.repo.refs.read(journalRef('ops', 'user:alice'))).toBeNull();
  });

  it('refuses an oversized event (default cap 1 MiB) and writes nothing', async () => {
    fx = await makeLedgerFixture();
    const alice = fx.signers['user:alice']!;
    const huge = { type: 'blob.inline', payload: { data: 'x'.repeat(1024 * 1024) } };
    expect(await codeOf(appendEvents(fx.repo, 'ops', alice, [{ type: 'ok', payload: {} }, huge], { clock }))).toBe('LEDGER_EVENT_TOO_LARGE');
    expect(await codeOf(appendEvent(fx.repo, 'ops', alice, { type: 'ok', payload: { s: 'y'.repeat(200) } }, { clock, maxEventBytes: 128 }))).toBe('LEDGER_EVENT_TOO_LARGE');
    expect(await fx.repo.refs.read(journalRef('ops', 'user:alice'))).toBeNull();
  });

  it('skips events already present when a batch is retried with the same ULIDs', async () => {
    fx = await makeLedgerFixture();
    const alice = fx.signers['user:alice']!;
    const base = clock.now();
    const inputs = Array.from({ length: 5 }, (_, i) => ({ type: 'tick', payload: { i }, ulid: newUlid(base + i) }));
    await appendEvents(fx.repo, 'ops', alice, inputs.slice(0, 3), { clock });
    const out = await appendEvents(fx.repo, 'ops', alice, inputs, { clock });
    expect(out.map((e) => e.existed)).toEqual([true, true, true, false, false]);
    expect(fx.tmp.git('rev-list', '--count', journalRef('ops', 'user:alice'))).toBe('5');
  });
});
