import { afterEach, describe, expect, it } from 'vitest';
import { ZERO_OID, systemClock, type Oid } from '@gatos/core';
import { ackMessages, ackRef, headRef, listSegments, pruneTopic, publishMessages } from '@gatos/mind';
import { makeLedgerFixture, type LedgerFixture } from '@gatos/testkit';
import { DEFAULT_GATE_LIMITS, evaluatePush, readGateConfig, type PushUpdate } from '../src/index.js';
import { writeCommit } from './helpers.js';

const T = 'gatos.jobs.pending';
const DAY = 86_400_000;
let fx: LedgerFixture;
afterEach(async () => fx?.cleanup());

const move = (ref: string, old: Oid, next: Oid): PushUpdate => ({ ref, old, new: next });
async function rules(updates: PushUpdate[], busActiveWithinMs = DEFAULT_GATE_LIMITS.busActiveWithinMs): Promise<string[]> {
  const { violations } = await evaluatePush(fx.repo, updates, { clock: systemClock, limits: { busActiveWithinMs } });
  return violations.map((v) => `${v.rule} ${v.ref}: ${v.reason}`);
}

describe('evaluatePush: bus rules', () => {
  it('holds a prune back for a consumer active within gatos.gate.busActiveWithinSeconds, and only then', async () => {
    // Setup: two messages 40 days old; consumer 'slow' acknowledged the first one just now; pruned here regardless.
    fx = await makeLedgerFixture();
    const alice = fx.signers['user:alice']!;
    const m = await publishMessages(fx.repo, T, alice, [{ payload: { n: 1 } }, { payload: { n: 2 } }], { clock: { now: () => Date.now() - 40 * DAY } });
    await ackMessages(fx.repo, T, 'slow', alice, [m[0]!.ulid], { clock: systemClock });
    const [seg] = (await listSegments(fx.repo.refs, T)).segments;
    const pruned = await pruneTopic(fx.repo, T, alice, { olderThanMs: 30 * DAY, activeWithinMs: 1, clock: systemClock });
    const summary = pruned.pruned[0]!.commit;
    // The gate's repository still holds the messages (as before the push).
    for (const ref of [seg!.ref, headRef(T)]) fx.tmp.git('update-ref', ref, seg!.tip);
    const push = [move(seg!.ref, seg!.tip, summary), move(headRef(T), seg!.tip, summary)];

    // Test
    expect(await rules(push)).toEqual([expect.stringMatching(new RegExp(`^gatos.mbus.prune ${seg!.ref}: consumer slow is active \\(last ack \\S+Z, within 2592000s\\) and has acknowledged only through ${m[0]!.offset}, before the pruned segment's last offset ${m[1]!.offset}`))]);
    expect(await rules(push, 1)).toEqual([]);
    // A head may not move to the summary without its segment.
    expect(await rules([push[1]!])).toEqual([`gatos.mbus.head ${headRef(T)}: ${summary} is not the tip of the newest segment of ${T} (${seg!.ref} at ${seg!.tip}); a head moves back only to follow a rotation or a prune of its segment, pushed with it`]);
    fx.tmp.git('config', 'gatos.gate.busActiveWithinSeconds', '60');
    expect((await readGateConfig(fx.repo.gitDir)).busActiveWithinMs).toBe(60_000);
  });

  it('keeps acks and commitments fast-forward-only and well named, and never lets a bus ref be deleted', async () => {
    fx = await makeLedgerFixture();
    const alice = fx.signers['user:alice']!;
    const m = await publishMessages(fx.repo, T, alice, [{ payload: { n: 1 } }], { clock: systemClock });
    const first = await ackMessages(fx.repo, T, 'w', alice, [m[0]!.ulid], { clock: systemClock });
    const junk = await writeCommit(fx.repo, 'not an ack');
    const [seg] = (await listSegments(fx.repo.refs, T)).segments;
    expect(await rules([move(ackRef(T, 'w'), first.commit!, junk)])).toEqual([expect.stringMatching(new RegExp(`^gatos.ref.fast-forward ${ackRef(T, 'w')}: `))]);
    expect(await rules([{ ref: `refs/gatos/mbus-ack/${T}`, old: ZERO_OID, new: junk }])).toEqual([`gatos.ref.bad-name refs/gatos/mbus-ack/${T}: refs/gatos/mbus-ack/${T} is not refs/gatos/mbus-ack/<topic>/<consumer>`]);
    expect(await rules([{ ref: 'refs/gatos/mbus-commit/Bad', old: ZERO_OID, new: junk }])).toEqual(['gatos.ref.bad-name refs/gatos/mbus-commit/Bad: refs/gatos/mbus-commit/Bad is not refs/gatos/mbus-commit/<topic>']);
    expect(await rules([{ ref: ackRef(T, 'x'), old: ZERO_OID, new: junk }])).toEqual([expect.stringMatching(/^gatos\.mbus\.ack .*\[BUS_ACK_INVALID\]/)]);
    expect(await rules([{ ref: `refs/gatos/mbus-commit/${T}`, old: ZERO_OID, new: junk }])).toEqual([expect.stringMatching(/^gatos\.mbus\.commitment .*not gmb\.commit \[BUS_COMMIT_INVALID\]$/)]);
    expect(await rules([{ ref: seg!.ref, old: seg!.tip, new: ZERO_OID }])).toEqual([expect.stringMatching(/^gatos\.ref\.no-delete /)]);
    expect(await rules([move(seg!.ref, seg!.tip, junk)])).toEqual([expect.stringMatching(new RegExp(`^gatos.mbus.prune ${seg!.ref}: ${junk} is not a gmb.summary commit, and only a summary may replace a segment's messages \\[BUS_NOT_A_SUMMARY\\]$`))]);
  });
});
