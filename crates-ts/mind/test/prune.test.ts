import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeCanonical, systemClock, type Clock } from '@gatos/core';
import { makeLedgerFixture, testSigner, type LedgerFixture } from '@gatos/testkit';
import {
  INDEX_FILE, SUMMARY_FILE, ackMessages, buildMessageCommit, encodeMessage, makeMessage, contentHash, decodeIndex, decodeSummary, headRef, listSegments, merkleRoot,
  pruneTopic, publishMessages, readMessages, readTopicLog, verifyTopic,
} from '../src/index.js';
import { buildBusCommit, signTrailers, SUMMARY_SUBJECT } from '../src/busCommit.js';

const T = 'gatos.audit.events';
const DAY = 86_400_000;
const now = Date.now();
const daysAgo = (d: number): Clock => ({ now: () => now - d * DAY });
let fx: LedgerFixture;
beforeEach(async () => {
  fx = await makeLedgerFixture();
});
afterEach(async () => fx.cleanup());

const alice = (): ReturnType<typeof testSigner> => fx.signers['user:alice']!;
const publishAt = (d: number, payloads: object[]) =>
  publishMessages(fx.repo, T, alice(), payloads.map((p) => ({ payload: p as Record<string, number> })), { clock: daysAgo(d), maxSegmentMessages: 2 });

describe('prune and verify', () => {
  it('replaces expired segments by signed summaries whose Merkle root matches the pruned bodies', async () => {
    const old = await publishAt(40, [{ n: 1 }, { n: 2 }, { n: 3 }]);
    await publishAt(1, [{ n: 4 }]);
    const result = await pruneTopic(fx.repo, T, alice(), { olderThanMs: 30 * DAY, clock: systemClock });
    expect(result.pruned.map((p) => p.count)).toEqual([2, 1]);
    expect(result.pruned[0]!.merkleRoot).toBe(merkleRoot([contentHash({ n: 1 }), contentHash({ n: 2 })]));
    expect(result.pruned[0]).toMatchObject({ firstOffset: old[0]!.offset, lastOffset: old[1]!.offset });
    // The pruned commits are no longer reachable from any ref.
    const log = await readTopicLog(fx.repo, T, { summaries: true });
    expect(log.messages.map((m) => m.offset.index)).toEqual([0]);
    expect(log.pruned).toHaveLength(2);
    const summary = decodeSummary(log.pruned[0]!.summaryBytes!);
    expect(summary).toMatchObject({ count: 2, pruned_by: 'user:alice', segment: old[0]!.offset.split(':')[0] });
    expect(decodeIndex(log.pruned[0]!.indexBytes!).ulids).toEqual([old[0]!.ulid, old[1]!.ulid]);
    expect(fx.tmp.git('cat-file', '-t', old[0]!.commit)).toBe('commit'); // still in the store until gc
    expect(fx.tmp.git('for-each-ref', '--contains', old[0]!.commit, 'refs/gatos/mbus')).toBe('');
    const report = await verifyTopic(fx.repo, T);
    expect(report).toMatchObject({ ok: true, summaries: 2, prunedMessages: 3, messages: 1 });
    // Delivery continues with the retained message; a retried publish of a pruned ULID stays a no-op.
    expect((await readMessages(fx.repo, T, 'new-consumer')).messages.map((m) => m.payload)).toEqual([{ n: 4 }]);
    const [again] = await publishMessages(fx.repo, T, alice(), [{ payload: { n: 1 }, ulid: old[0]!.ulid }], { clock: systemClock });
    expect(again).toMatchObject({ existed: true, offset: old[0]!.offset });
    // Pruning again changes nothing.
    expect((await pruneTopic(fx.repo, T, alice(), { olderThanMs: 30 * DAY, clock: systemClock })).pruned).toEqual([]);
  });

  it('never prunes above the low-water mark of an active consumer, and ignores stale ones', async () => {
    const old = await publishAt(40, [{ n: 1 }, { n: 2 }, { n: 3 }]);
    await ackMessages(fx.repo, T, 'slow', alice(), [old[0]!.ulid, old[1]!.ulid], { clock: systemClock });
    await ackMessages(fx.repo, T, 'gone', alice(), [old[0]!.ulid], { clock: daysAgo(35) });
    const result = await pruneTopic(fx.repo, T, alice(), { olderThanMs: 30 * DAY, clock: systemClock });
    expect(result.activeConsumers).toEqual(['slow']);
    expect(result.pruned.map((p) => p.firstOffset)).toEqual([old[0]!.offset]);
    expect(result.heldBack).toEqual([{ segment: old[2]!.offset.split(':')[0], consumer: 'slow' }]);
    expect((await readMessages(fx.repo, T, 'slow')).messages.map((m) => m.payload)).toEqual([{ n: 3 }]);
    // The pruned window counts as passed: acking the rest moves the low-water mark past everything.
    const ack = await ackMessages(fx.repo, T, 'slow', alice(), [old[2]!.ulid], { clock: systemClock });
    expect(ack.lowWater).toBe(old[2]!.offset);
  });

  it('prunes the head segment and keeps publishing into a new one', async () => {
    await publishAt(40, [{ n: 1 }]);
    await pruneTopic(fx.repo, T, alice(), { olderThanMs: 30 * DAY, clock: systemClock });
    const segs = (await listSegments(fx.repo.refs, T)).segments;
    expect(await fx.repo.refs.read(headRef(T))).toBe(segs[0]!.tip);
    const [m] = await publishMessages(fx.repo, T, alice(), [{ payload: { n: 2 } }], { clock: systemClock });
    expect(m!.offset.split(':')[0]! > segs[0]!.segment).toBe(true);
    expect((await verifyTopic(fx.repo, T)).ok).toBe(true);
  });

  it('fails verify for a tampered summary, a summary by an untrusted key and a trusted-but-wrong Merkle root', async () => {
    await publishAt(40, [{ n: 1 }, { n: 2 }]);
    await pruneTopic(fx.repo, T, alice(), { olderThanMs: 30 * DAY, clock: systemClock });
    const [window] = (await readTopicLog(fx.repo, T, { summaries: true })).pruned;
    const summary = decodeSummary(window!.summaryBytes!);
    const index = window!.indexBytes!;
    const replace = async (files: Map<string, Uint8Array>, signer = alice(), signed = files.get(SUMMARY_FILE)!, trailers?: Array<[string, string]>): Promise<string[]> => {
      const s = decodeSummary(files.get(SUMMARY_FILE)!);
      const built = buildBusCommit({
        files, parent: null, subject: SUMMARY_SUBJECT, actor: s.pruned_by, timeMs: now,
        trailers: trailers ?? [['Topic', T], ['Segment', s.segment], ['Message-Count', String(s.count)], ['Merkle-Root', s.merkle_root], ...signTrailers(signer, signed)],
      });
      await fx.repo.objects.write(built.objects);
      const seg = (await listSegments(fx.repo.refs, T)).segments[0]!;
      await fx.repo.refs.compareAndSwapMany([{ ref: seg.ref, expected: seg.tip, next: built.oid }, { ref: headRef(T), expected: seg.tip, next: built.oid }]);
      return (await verifyTopic(fx.repo, T)).failures.map((f) => f.code).sort();
    };
    // 1. Count edited after signing (the old signature kept): signature and count both fail.
    const edited = encodeCanonical({ ...summary, count: 1, last_offset: summary.first_offset });
    expect(await replace(new Map([[SUMMARY_FILE, edited], [INDEX_FILE, index]]), alice(), window!.summaryBytes!)).toEqual(['BUS_BAD_SIGNATURE', 'BUS_SUMMARY_COUNT_MISMATCH']);
    // 2. Re-signed by a key the trust graph does not hold.
    expect(await replace(new Map([[SUMMARY_FILE, edited], [INDEX_FILE, index]]), testSigner('user:mallory'))).toContain('BUS_SIGNER_NOT_TRUSTED');
    // 3. A trusted key signs a summary whose Merkle root does not match its index.
    const wrongRoot = encodeCanonical({ ...summary, merkle_root: merkleRoot([contentHash({ n: 999 })]) });
    expect(await replace(new Map([[SUMMARY_FILE, wrongRoot], [INDEX_FILE, index]]))).toEqual(['BUS_SUMMARY_MERKLE_MISMATCH']);
    // 4. The index swapped for another one: its hash no longer matches the signed summary.
    const otherIndex = encodeCanonical({ ulids: decodeIndex(index).ulids, content_hashes: [contentHash({ n: 7 }), contentHash({ n: 8 })] });
    expect(await replace(new Map([[SUMMARY_FILE, window!.summaryBytes!], [INDEX_FILE, otherIndex]]))).toEqual(['BUS_SUMMARY_INDEX_MISMATCH', 'BUS_SUMMARY_MERKLE_MISMATCH']);
  });

  it('refuses to summarise a segment holding a forged message', async () => {
    await publishAt(40, [{ n: 1 }]);
    const mallory = testSigner('user:mallory');
    const seg = (await listSegments(fx.repo.refs, T)).segments[0]!;
    const message = makeMessage(T, '01KA0000000000000000000009', 'user:alice', { n: 2 });
    const bytes = encodeMessage(message);
    const forged = buildMessageCommit({ message, bytes, signature: mallory.sign(bytes), publicKey: mallory.publicKey }, seg.tip, { segment: seg.segment, index: 1 }, 10_000);
    await fx.repo.objects.write(forged.objects);
    await fx.repo.refs.compareAndSwapMany([{ ref: seg.ref, expected: seg.tip, next: forged.oid }, { ref: headRef(T), expected: seg.tip, next: forged.oid }]);
    await expect(pruneTopic(fx.repo, T, alice(), { olderThanMs: 30 * DAY, clock: systemClock })).rejects.toMatchObject({ code: 'BUS_PRUNE_UNVERIFIED' });
    expect(await fx.repo.refs.read(seg.ref)).toBe(forged.oid);
  });
});
