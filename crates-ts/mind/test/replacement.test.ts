import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newUlid, systemClock, type Clock } from '@gatos/core';
import { makeLedgerFixture, testSigner, type LedgerFixture } from '@gatos/testkit';
import { buildMessageCommit, checkSegmentReplacement, contentHash, encodeMessage, listSegments, loadActiveTrust, makeMessage, pruneTopic, publishMessages } from '../src/index.js';
import { buildSummaryCommit } from '../src/summaryCommit.js';

const T = 'gatos.audit.events';
const DAY = 86_400_000;
const ago = (d: number): Clock => ({ now: () => Date.now() - d * DAY });
let fx: LedgerFixture;
beforeEach(async () => {
  fx = await makeLedgerFixture();
});
afterEach(async () => fx.cleanup());

const alice = (): ReturnType<typeof testSigner> => fx.signers['user:alice']!;

describe('checkSegmentReplacement (what the gate and sync accept as a prune)', () => {
  it('accepts exactly the summary of the messages held, and names what is wrong with anything else', async () => {
    const published = await publishMessages(fx.repo, T, alice(), [1, 2, 3].map((n) => ({ payload: { n } })), { clock: ago(40) });
    const [seg] = (await listSegments(fx.repo.refs, T)).segments;
    const { ref, segment, tip: old } = seg!;
    const messages = published.map((m, i) => ({ ulid: m.ulid, contentHash: contentHash({ n: i + 1 }) }));
    await pruneTopic(fx.repo, T, alice(), { olderThanMs: 30 * DAY, clock: systemClock });
    const summary = (await fx.repo.refs.read(ref))!;
    const g = (await loadActiveTrust(fx.repo)).trust;
    const check = (o: string | null, next: string) => checkSegmentReplacement(fx.repo.objects, { ref, old: o, next }, g);
    const write = async (built: { oid: string; objects: Parameters<typeof fx.repo.objects.write>[0] }) => (await fx.repo.objects.write(built.objects), built.oid);
    const summaryOf = (ms: typeof messages, opts: { signer?: ReturnType<typeof testSigner>; segment?: string } = {}) =>
      write(buildSummaryCommit(T, opts.segment ?? segment, ms, opts.signer ?? alice(), newUlid(Date.now())));

    expect(await check(old, summary)).toMatchObject({ topic: T, summary: { count: 3, segment } });
    expect(await check(null, summary)).toMatchObject({ topic: T });
    expect(await check(null, old)).toMatchObject({ code: 'BUS_NOT_A_SUMMARY' });
    expect(await check(summary, await summaryOf(messages))).toMatchObject({ code: 'BUS_ALREADY_PRUNED' });
    expect(await check(old, await summaryOf(messages.slice(0, 2)))).toEqual({
      code: 'BUS_SUMMARY_STALE',
      reason: `${ref} holds 3 messages but the summary covers 2: the messages from ${segment}:2 on would be lost (fetch, then prune again)`,
    });
    expect(await check(fx.tmp.git('rev-parse', `${old}~1`), summary)).toMatchObject({ code: 'BUS_SUMMARY_COUNT_MISMATCH' });
    expect(await check(old, await summaryOf([messages[1]!, messages[0]!, messages[2]!]))).toMatchObject({ code: 'BUS_SUMMARY_INDEX_MISMATCH', reason: expect.stringContaining(`message ${segment}:0 is ${messages[0]!.ulid}`) });
    expect(await check(old, await summaryOf(messages, { segment: newUlid(Date.now() - 40 * DAY) }))).toMatchObject({ code: 'BUS_SUMMARY_INVALID', reason: expect.stringContaining('on the ref of segment') });
    expect(await check(old, await summaryOf(messages, { signer: testSigner('user:mallory') }))).toMatchObject({ code: 'BUS_SIGNER_NOT_TRUSTED' });
    // The summary commit with an edited trailer (same tree and signature).
    const body = fx.tmp.git('cat-file', 'commit', summary).replace('Message-Count: 3', 'Message-Count: 2');
    const edited = (await fx.repo.objects.write([{ type: 'commit', body: new TextEncoder().encode(`${body}\n`) }]))[0]!;
    expect(await check(old, edited)).toMatchObject({ code: 'BUS_TRAILER_MISMATCH' });
    // A forged message appended to the old segment: no summary may vouch for it.
    const mallory = testSigner('user:mallory');
    const message = makeMessage(T, newUlid(Date.now() - 40 * DAY), 'user:alice', { n: 4 });
    const bytes = encodeMessage(message);
    const forged = buildMessageCommit({ message, bytes, signature: mallory.sign(bytes), publicKey: mallory.publicKey }, old, { segment, index: 3 }, 10_000);
    await fx.repo.objects.write(forged.objects);
    expect(await check(forged.oid, await summaryOf([...messages, { ulid: message.ulid, contentHash: message.content_hash }]))).toMatchObject({ code: 'BUS_PRUNE_UNVERIFIED' });
    // Not a segment ref at all.
    expect(await checkSegmentReplacement(fx.repo.objects, { ref: `refs/gatos/mbus/${T}/head`, old, next: summary }, g)).toMatchObject({ code: 'BUS_STRAY_REF' });
  });
});
