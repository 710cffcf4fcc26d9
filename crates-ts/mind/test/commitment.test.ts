import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeCanonical, newUlid, systemClock, type Clock } from '@gatos/core';
import { makeLedgerFixture, testSigner, type LedgerFixture } from '@gatos/testkit';
import {
  COMMITMENT_FILE, ackMessages, ackRef, commitThrough, commitmentRef, decodeCommitment, publishMessages, verifyTopic,
  type CommitmentRecord,
} from '../src/index.js';
import { COMMITMENT_SUBJECT, buildBusCommit, signTrailers } from '../src/busCommit.js';
import { encodeCommitment } from '../src/commitmentRecord.js';

const T = 'gatos.audit.events';
let fx: LedgerFixture;
beforeEach(async () => {
  fx = await makeLedgerFixture();
});
afterEach(async () => fx.cleanup());

const alice = (): ReturnType<typeof testSigner> => fx.signers['user:alice']!;
const clock: Clock = systemClock;
const publish = (n: number) => publishMessages(fx.repo, T, alice(), Array.from({ length: n }, (_, i) => ({ payload: { n: i } })), { clock });
const ack = (consumer: string, ulids: string[]) => ackMessages(fx.repo, T, consumer, alice(), ulids, { clock });

/** Writes a commitment commit by hand on top of the chain (as a forger would) and returns its id. */
async function forge(record: CommitmentRecord, signer = alice()): Promise<string> {
  const bytes = encodeCommitment(record);
  const parent = await fx.repo.refs.read(commitmentRef(T));
  const built = buildBusCommit({
    files: new Map([[COMMITMENT_FILE, bytes]]), parent, subject: COMMITMENT_SUBJECT, actor: signer.actor, timeMs: Date.now(),
    trailers: [['Topic', T], ['Through', record.through], ['Quorum', `${record.quorum}-of-${record.consumers.length}`], ...signTrailers(signer, bytes)],
  });
  await fx.repo.objects.write(built.objects);
  await fx.repo.refs.compareAndSwap(commitmentRef(T), parent, built.oid);
  return built.oid;
}

describe('gmb.commit', () => {
  it('records a met quorum with the ack commits it relies on, and verifies', async () => {
    const m = await publish(3);
    const a = await ack('a', m.map((x) => x.ulid));
    const b = await ack('b', [m[0]!.ulid, m[1]!.ulid]);
    await ack('c', [m[0]!.ulid]);
    const r = await commitThrough(fx.repo, T, alice(), { through: m[1]!.offset, quorum: 2, consumers: ['c', 'a', 'b'], clock });
    expect(r).toMatchObject({ ref: commitmentRef(T), through: m[1]!.offset, quorum: 2, consumers: ['a', 'b', 'c'] });
    expect(r.acks).toEqual([{ consumer: 'a', commit: a.commit, low_water: m[2]!.offset }, { consumer: 'b', commit: b.commit, low_water: m[1]!.offset }]);
    expect(r.behind).toEqual([{ consumer: 'c', lowWater: m[0]!.offset, reason: `low-water ${m[0]!.offset}` }]);
    expect(fx.tmp.git('log', '-1', '--format=%s%n%(trailers:key=Topic,key=Through,key=Quorum)', r.commit)).toBe(`gmb.commit\nTopic: ${T}\nThrough: ${m[1]!.offset}\nQuorum: 2-of-3`);
    const record = decodeCommitment((await fx.repo.objects.read(`${r.commit}:${COMMITMENT_FILE}`)).body);
    expect(record).toMatchObject({ topic: T, actor: 'user:alice', acks: r.acks });
    // Default consumers: every consumer with an ack chain; a later commitment may not go back.
    const all = await commitThrough(fx.repo, T, alice(), { through: m[2]!.offset, quorum: 1, clock });
    expect(all.consumers).toEqual(['a', 'b', 'c']);
    expect(fx.tmp.git('rev-parse', `${all.commit}^`)).toBe(r.commit);
    await expect(commitThrough(fx.repo, T, alice(), { through: m[0]!.offset, quorum: 1, clock })).rejects.toMatchObject({ code: 'BUS_BAD_OFFSET', message: expect.stringContaining('commitments never go back') });
    expect(await verifyTopic(fx.repo, T)).toMatchObject({ ok: true, commitments: 2 });
  });

  it('refuses a commitment the ack chains do not support, writing nothing', async () => {
    const m = await publish(2);
    await ack('a', [m[0]!.ulid]);
    await ack('b', [m[1]!.ulid]); // acknowledged above a gap: low-water still none
    const refused = commitThrough(fx.repo, T, alice(), { through: m[0]!.offset, quorum: 2, consumers: ['a', 'b', 'c'], clock });
    await expect(refused).rejects.toMatchObject({ code: 'BUS_COMMIT_QUORUM', exitClass: 'check' });
    await expect(refused).rejects.toThrow(`quorum 2-of-3 not met through ${m[0]!.offset}: 1 acknowledged (a); b has acknowledged nothing; c has acknowledged nothing; nothing was written`);
    expect(await fx.repo.refs.read(commitmentRef(T))).toBeNull();
    const usage: Array<[Parameters<typeof commitThrough>[3], string]> = [
      [{ through: m[0]!.offset, quorum: 3, consumers: ['a', 'b'], clock }, 'BUS_BAD_OPTION'],
      [{ through: m[0]!.offset, quorum: 0, consumers: ['a'], clock }, 'BUS_BAD_OPTION'],
      [{ through: m[0]!.offset, quorum: 1, consumers: ['a', 'a'], clock }, 'BUS_BAD_OPTION'],
      [{ through: m[0]!.offset, quorum: 1, consumers: ['A/b'], clock }, 'BUS_BAD_CONSUMER'],
      [{ through: `${m[0]!.offset.split(':')[0]}:9`, quorum: 1, consumers: ['a'], clock }, 'BUS_BAD_OFFSET'],
      [{ through: 'nope', quorum: 1, consumers: ['a'], clock }, 'BUS_BAD_OFFSET'],
    ];
    for (const [options, code] of usage) await expect(commitThrough(fx.repo, T, alice(), options), JSON.stringify(options)).rejects.toMatchObject({ code, exitClass: 'usage' });
    await expect(commitThrough(fx.repo, 'gatos.empty', alice(), { through: m[0]!.offset, quorum: 1, clock })).rejects.toMatchObject({ code: 'BUS_COMMIT_QUORUM' });
    await expect(commitThrough(fx.repo, T, testSigner('user:mallory'), { through: m[0]!.offset, quorum: 1, consumers: ['a'], clock })).rejects.toMatchObject({ code: 'BUS_SIGNER_NOT_TRUSTED' });
  });

  it('fails verify for hand-forged commitments: missing acks, overstated low-water, an ack off the chain, an untrusted signer', async () => {
    const m = await publish(3);
    const a = await ack('a', [m[0]!.ulid]);
    const b1 = await ack('b', [m[0]!.ulid]);
    const b = await ack('b', m.map((x) => x.ulid));
    const base = { topic: T, through: m[2]!.offset, quorum: 2, consumers: ['a', 'b'], actor: 'user:alice' };
    const ulid = (ms: number): string => newUlid(Date.now() + ms);
    const codes = async (): Promise<string[]> => (await verifyTopic(fx.repo, T)).failures.filter((f) => f.ref === commitmentRef(T)).map((f) => f.code);

    // 1. Quorum 2 claimed with one ack listed.
    await forge({ ...base, acks: [{ consumer: 'b', commit: b.commit!, low_water: m[2]!.offset }], ulid: ulid(1) });
    expect(await codes()).toEqual(['BUS_COMMIT_QUORUM']);
    fx.tmp.git('update-ref', '-d', commitmentRef(T));
    // 2. a's ack listed with a low-water it never stated.
    await forge({ ...base, acks: [{ consumer: 'a', commit: a.commit!, low_water: m[2]!.offset }, { consumer: 'b', commit: b.commit!, low_water: m[2]!.offset }], ulid: ulid(2) });
    const report = await verifyTopic(fx.repo, T);
    expect(report.ok).toBe(false);
    expect(report.failures.map((f) => f.reason)).toContain(`ack ${a.commit} of a states low-water ${m[0]!.offset}, not ${m[2]!.offset}`);
    expect(await codes()).toEqual(['BUS_COMMIT_ACK_INVALID', 'BUS_COMMIT_QUORUM']);
    fx.tmp.git('update-ref', '-d', commitmentRef(T));
    // 3. b's genuine ack, but b's chain no longer holds it (the ref was moved back to b's first ack).
    const listed = [{ consumer: 'b', commit: b.commit!, low_water: m[2]!.offset }];
    fx.tmp.git('update-ref', ackRef(T, 'b'), b1.commit!);
    await forge({ ...base, quorum: 1, acks: listed, ulid: ulid(3) });
    expect((await verifyTopic(fx.repo, T)).failures.map((f) => f.reason)).toContain(`ack ${b.commit} of b is not on ${ackRef(T, 'b')} (tip ${b1.commit})`);
    fx.tmp.git('update-ref', '-d', commitmentRef(T));
    fx.tmp.git('update-ref', ackRef(T, 'b'), b.commit!);
    // 4. Another consumer's ack passed off as b's.
    const x = await ack('x', m.map((y) => y.ulid));
    await forge({ ...base, quorum: 1, acks: [{ consumer: 'b', commit: x.commit!, low_water: m[2]!.offset }], ulid: ulid(4) });
    expect((await verifyTopic(fx.repo, T)).failures.map((f) => f.reason)).toContain(`ack ${x.commit} of b is a record of ${T}/x`);
    expect(await codes()).toEqual(['BUS_COMMIT_ACK_INVALID', 'BUS_COMMIT_QUORUM']);
    fx.tmp.git('update-ref', '-d', commitmentRef(T));
    // 5. A consistent record signed by a key the trust graph does not hold.
    const mallory = testSigner('user:mallory');
    await forge({ ...base, quorum: 1, actor: mallory.actor, acks: [{ consumer: 'b', commit: b.commit!, low_water: m[2]!.offset }], ulid: ulid(5) }, mallory);
    expect(await codes()).toEqual(['BUS_SIGNER_NOT_TRUSTED']);
  });

  it('decodes strictly: every malformed record is refused with BUS_COMMIT_INVALID', () => {
    const ok = { topic: T, through: '01KA0000000000000000000000:1', quorum: 1, consumers: ['a', 'b'], acks: [{ consumer: 'a', commit: 'a'.repeat(40), low_water: '01KA0000000000000000000000:1' }], actor: 'user:alice', ulid: '01KA0000000000000000000001' };
    expect(decodeCommitment(encodeCanonical(ok))).toEqual(ok);
    const bad: Array<[string, Record<string, unknown>]> = [
      ['extra field', { ...ok, note: 'x' }],
      ['missing field', { ...ok, acks: undefined }],
      ['quorum 0', { ...ok, quorum: 0 }],
      ['quorum above the consumers', { ...ok, quorum: 3 }],
      ['unsorted consumers', { ...ok, consumers: ['b', 'a'] }],
      ['duplicate consumers', { ...ok, consumers: ['a', 'a'] }],
      ['no consumers', { ...ok, consumers: [], quorum: 1 }],
      ['ack of a stranger', { ...ok, acks: [{ ...ok.acks[0], consumer: 'z' }] }],
      ['ack commit not hex', { ...ok, acks: [{ ...ok.acks[0], commit: 'HEAD' }] }],
      ['ack with an extra field', { ...ok, acks: [{ ...ok.acks[0], x: 1 }] }],
      ['two acks of one consumer', { ...ok, quorum: 2, acks: [ok.acks[0], ok.acks[0]] }],
      ['bad offset', { ...ok, through: '01KA:1' }],
      ['bad actor', { ...ok, actor: 'alice' }],
      ['bad topic', { ...ok, topic: 'A/B' }],
    ];
    for (const [name, value] of bad) {
      const clean = Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
      expect(() => decodeCommitment(encodeCanonical(clean)), name).toThrow(expect.objectContaining({ code: 'BUS_COMMIT_INVALID' }));
    }
    expect(() => decodeCommitment(new Uint8Array([0xa1, 0x61]))).toThrow(expect.objectContaining({ code: 'BUS_COMMIT_INVALID' }));
  });

  it('survives 1,000 seeded mutations of a valid record: each decodes to a canonical record or is refused with BUS_COMMIT_INVALID', () => {
    const valid = encodeCanonical({ topic: T, through: '01KA0000000000000000000000:1', quorum: 1, consumers: ['a', 'b'], acks: [{ consumer: 'a', commit: 'a'.repeat(40), low_water: '01KA0000000000000000000000:1' }], actor: 'user:alice', ulid: '01KA0000000000000000000001' });
    let state = 0x5eed;
    const next = (n: number): number => {
      // mulberry32: deterministic, so a failure reproduces.
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) % n;
    };
    let refused = 0;
    for (let i = 0; i < 1000; i++) {
      const bytes = valid.slice(0, next(3) === 0 ? next(valid.length) : valid.length);
      for (let k = 0; k <= next(3); k++) if (bytes.length > 0) bytes[next(bytes.length)] = next(256);
      try {
        const record = decodeCommitment(bytes);
        expect(encodeCommitment(record)).toEqual(bytes);
      } catch (err) {
        expect(err).toMatchObject({ code: 'BUS_COMMIT_INVALID' });
        refused += 1;
      }
    }
    expect(refused).toBeGreaterThan(500);
  });
});
