import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GatosError, systemClock, type Clock } from '@gatos/core';
import { makeLedgerFixture, testSigner, withFailure, type LedgerFixture } from '@gatos/testkit';
import {
  ackMessages, buildMessageCommit, encodeMessage, headRef, listSegments, makeMessage, publishMessages, readAckState,
  readHead, readMessages, verifyTopic,
} from '../src/index.js';

const T = 'gatos.jobs.pending';
let fx: LedgerFixture;
beforeEach(async () => {
  fx = await makeLedgerFixture();
});
afterEach(async () => fx.cleanup());

const alice = (): ReturnType<typeof testSigner> => fx.signers['user:alice']!;
const at = (ms: number): Clock => ({ now: () => ms });
const publish = (payloads: object[], clock: Clock = systemClock, extra: object = {}) =>
  publishMessages(fx.repo, T, alice(), payloads.map((p) => ({ payload: p as Record<string, number> })), { clock, ...extra });

describe('publish and read', () => {
  it('delivers unacknowledged messages in publish order, each ULID once, until acked', async () => {
    const published = await publish([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(published.map((m) => m.offset.split(':')[1])).toEqual(['0', '1', '2']);
    const first = await readMessages(fx.repo, T, 'worker');
    expect(first.messages.map((m) => m.payload)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(first.rejected).toEqual([]);
    // Reading moves nothing: the same messages come back (at-least-once).
    expect((await readMessages(fx.repo, T, 'worker')).messages).toEqual(first.messages);
    const ack = await ackMessages(fx.repo, T, 'worker', alice(), [published[1]!.ulid], { clock: systemClock });
    expect(ack).toMatchObject({ changed: true, lowWater: null, pending: 1 });
    expect((await readMessages(fx.repo, T, 'worker')).messages.map((m) => m.payload)).toEqual([{ n: 1 }, { n: 3 }]);
    const ack2 = await ackMessages(fx.repo, T, 'worker', alice(), [published[0]!.ulid], { clock: systemClock });
    expect(ack2).toMatchObject({ lowWater: published[1]!.offset, pending: 0 });
    expect((await readMessages(fx.repo, T, 'worker')).messages.map((m) => m.payload)).toEqual([{ n: 3 }]);
    // Another consumer has its own acknowledgements.
    expect((await readMessages(fx.repo, T, 'audit')).messages).toHaveLength(3);
    // Re-acking is a no-op that writes nothing.
    const again = await ackMessages(fx.repo, T, 'worker', alice(), [published[0]!.ulid], { clock: systemClock });
    expect(again).toMatchObject({ changed: false, commit: ack2.commit });
    expect((await verifyTopic(fx.repo, T)).ok).toBe(true);
  });

  it('honours --from and --limit', async () => {
    const published = await publish([{ n: 1 }, { n: 2 }, { n: 3 }]);
    const r = await readMessages(fx.repo, T, 'w', { from: published[1]!.offset, limit: 1 });
    expect(r.messages.map((m) => m.payload)).toEqual([{ n: 2 }]);
  });

  it('treats a retried publish with the same ULID and content as a no-op, and other content as a conflict', async () => {
    const ulid = '01KA0000000000000000000000';
    const [a] = await publishMessages(fx.repo, T, alice(), [{ payload: { job: 'x' }, ulid }], { clock: systemClock });
    await publish([{ n: 9 }]);
    const [b] = await publishMessages(fx.repo, T, alice(), [{ payload: { job: 'x' }, ulid }], { clock: systemClock });
    expect(b).toEqual({ ...a, existed: true });
    await expect(publishMessages(fx.repo, T, alice(), [{ payload: { job: 'y' }, ulid }], { clock: systemClock })).rejects.toMatchObject({ code: 'BUS_ULID_CONFLICT' });
    await expect(publishMessages(fx.repo, T, fx.signers['user:bob']!, [{ payload: { job: 'x' }, ulid }], { clock: systemClock })).rejects.toMatchObject({ code: 'BUS_ULID_CONFLICT' });
    // A batch repeating a ULID writes it once.
    const dup = await publishMessages(fx.repo, T, alice(), [{ payload: { k: 1 }, ulid: '01KA0000000000000000000001' }, { payload: { k: 1 }, ulid: '01KA0000000000000000000001' }], { clock: systemClock });
    expect(dup.map((m) => m.existed)).toEqual([false, true]);
    expect(dup[0]!.commit).toBe(dup[1]!.commit);
    expect((await readMessages(fx.repo, T, 'w')).messages).toHaveLength(3);
  });

  it('rotates segments at the message and byte thresholds and at the UTC day boundary', async () => {
    const day1 = Date.parse('2026-03-01T23:59:00Z');
    await publish([{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }, { n: 5 }], at(day1), { maxSegmentMessages: 2 });
    let segs = (await listSegments(fx.repo.refs, T)).segments;
    expect(segs).toHaveLength(3);
    expect(segs.every((s) => s.ref.includes('/2026/03/01/'))).toBe(true);
    await publish([{ n: 6 }], at(day1 + 120_000), { maxSegmentMessages: 2 });
    segs = (await listSegments(fx.repo.refs, T)).segments;
    expect(segs).toHaveLength(4);
    expect(segs[3]!.ref).toContain('/2026/03/02/');
    await publish([{ pad: 'x'.repeat(300) }, { pad: 'y'.repeat(300) }], at(day1 + 180_000), { maxSegmentBytes: 500 });
    expect((await listSegments(fx.repo.refs, T)).segments).toHaveLength(6);
    const read = await readMessages(fx.repo, T, 'w');
    expect(read.messages.map((m) => m.payload.n ?? 'pad')).toEqual([1, 2, 3, 4, 5, 6, 'pad', 'pad']);
    const head = await readHead(fx.repo, T);
    expect(head.oid).toBe(segs.length && (await listSegments(fx.repo.refs, T)).segments[5]!.tip);
    expect((await verifyTopic(fx.repo, T)).ok).toBe(true);
  });

  it('lands every message exactly once under concurrent publishers', async () => {
    const runs = await Promise.all([0, 1, 2].map((k) => publishMessages(fx.repo, T, alice(), [{ payload: { k, i: 0 } }, { payload: { k, i: 1 } }], { clock: systemClock, maxAttempts: 10 })));
    expect(runs.flat()).toHaveLength(6);
    const read = await readMessages(fx.repo, T, 'w');
    expect(read.messages).toHaveLength(6);
    expect(new Set(read.messages.map((m) => m.offset)).size).toBe(6);
    expect((await verifyTopic(fx.repo, T)).ok).toBe(true);
  });

  it('writes nothing when the ref transaction keeps failing, and says so', async () => {
    await publish([{ n: 1 }]);
    const before = await fx.repo.refs.read(headRef(T));
    const casError = new GatosError('REF_CAS_MISMATCH', 'lost the race', { data: { ref: headRef(T) } });
    const refs = withFailure(fx.repo.refs, { compareAndSwapMany: async () => { throw casError; } });
    await expect(publishMessages({ objects: fx.repo.objects, refs }, T, alice(), [{ payload: { n: 2 } }], { clock: systemClock, maxAttempts: 2 })).rejects.toMatchObject({ code: 'BUS_CONTENDED' });
    expect(await fx.repo.refs.read(headRef(T))).toBe(before);
  });
});

describe('hostile input', () => {
  it('refuses bad topics, untrusted signers, oversized payloads and future ULIDs', async () => {
    await expect(publishMessages(fx.repo, 'Bad/Topic', alice(), [{ payload: {} }], { clock: systemClock })).rejects.toMatchObject({ code: 'BUS_BAD_TOPIC' });
    await expect(publishMessages(fx.repo, T, testSigner('user:mallory'), [{ payload: {} }], { clock: systemClock })).rejects.toMatchObject({ code: 'BUS_SIGNER_NOT_TRUSTED' });
    await expect(publish([{ blob: 'x'.repeat(2 * 1024 * 1024) }])).rejects.toMatchObject({ code: 'BUS_MESSAGE_TOO_LARGE', message: expect.stringMatching(/^message 0: \d+ bytes encoded, over the 1048576-byte cap/) });
    await expect(publishMessages(fx.repo, T, alice(), [{ payload: {}, ulid: '7ZZZZZZZZZZZZZZZZZZZZZZZZZ' }], { clock: systemClock })).rejects.toMatchObject({ code: 'BUS_FUTURE_MESSAGE' });
    await expect(publishMessages(fx.repo, T, alice(), [{ payload: { f: 1.5 } }], { clock: systemClock })).rejects.toMatchObject({ code: 'CBOR_FLOAT' });
    await expect(ackMessages(fx.repo, T, 'w', alice(), ['01KA0000000000000000000000'], { clock: systemClock })).rejects.toMatchObject({ code: 'BUS_ACK_UNKNOWN_MESSAGE' });
    expect(await fx.repo.refs.read(headRef(T))).toBeNull();
  });

  it('does not deliver a forged message and verify names it', async () => {
    await publish([{ n: 1 }]);
    const head = await readHead(fx.repo, T);
    // Mallory signs a message claiming to be from alice and appends it with a valid chain and trailers.
    const message = makeMessage(T, '01KA0000000000000000000009', 'user:alice', { n: 666 });
    const bytes = encodeMessage(message);
    const mallory = testSigner('user:mallory');
    const forged = buildMessageCommit({ message, bytes, signature: mallory.sign(bytes), publicKey: mallory.publicKey }, head.oid, { segment: head.segment!, index: 1 }, head.bytes + bytes.length);
    await fx.repo.objects.write(forged.objects);
    const seg = (await listSegments(fx.repo.refs, T)).segments[0]!;
    await fx.repo.refs.compareAndSwapMany([{ ref: seg.ref, expected: seg.tip, next: forged.oid }, { ref: head.ref, expected: head.oid, next: forged.oid }]);
    const read = await readMessages(fx.repo, T, 'w');
    expect(read.messages.map((m) => m.payload)).toEqual([{ n: 1 }]);
    expect(read.rejected[0]!.failures[0]).toMatchObject({ code: 'BUS_SIGNER_NOT_TRUSTED' });
    const report = await verifyTopic(fx.repo, T);
    expect(report.ok).toBe(false);
    expect(report.failures).toEqual([expect.objectContaining({ code: 'BUS_SIGNER_NOT_TRUSTED', commit: forged.oid, offset: `${head.segment}:1` })]);
  });

  it('detects a segment rewritten with a tampered payload (signature kept) and a wrong offset trailer', async () => {
    await publish([{ n: 1 }]);
    const head = await readHead(fx.repo, T);
    const good = makeMessage(T, '01KA0000000000000000000009', 'user:alice', { amount: 1 });
    const goodBytes = encodeMessage(good);
    const sig = alice().sign(goodBytes);
    const evil = makeMessage(T, good.ulid, 'user:alice', { amount: 1_000_000 });
    const evilBytes = encodeMessage(evil);
    const tampered = buildMessageCommit({ message: evil, bytes: evilBytes, signature: sig, publicKey: alice().publicKey }, head.oid, { segment: head.segment!, index: 7 }, head.bytes + evilBytes.length);
    await fx.repo.objects.write(tampered.objects);
    const seg = (await listSegments(fx.repo.refs, T)).segments[0]!;
    await fx.repo.refs.compareAndSwapMany([{ ref: seg.ref, expected: seg.tip, next: tampered.oid }, { ref: head.ref, expected: head.oid, next: tampered.oid }]);
    const codes = (await verifyTopic(fx.repo, T)).failures.map((f) => f.code).sort();
    expect(codes).toEqual(['BUS_BAD_SIGNATURE', 'BUS_TRAILER_MISMATCH']);
    expect((await readMessages(fx.repo, T, 'w')).messages).toHaveLength(1);
  });

  it('refuses to resume from an ack ref that holds garbage instead of restarting silently', async () => {
    const [m] = await publish([{ n: 1 }]);
    await ackMessages(fx.repo, T, 'w', alice(), [m!.ulid], { clock: systemClock });
    const state = await readAckState(fx.repo, T, 'w');
    await fx.repo.refs.compareAndSwap(state.ref, state.tip, m!.commit);
    await expect(readMessages(fx.repo, T, 'w')).rejects.toMatchObject({ code: 'BUS_ACK_INVALID' });
  });
});
