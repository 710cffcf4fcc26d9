/**
 * The bus on a gated remote over real smart HTTP (ADR-0010 "Pruning on shared remotes", "Commitments"):
 * rotations and prunes move segment and head refs non-fast-forward, and the gate accepts exactly the
 * valid ones; forged acks, summaries and commitments are refused with a precise reason and audited.
 * Scenarios build on each other in order, as pushes to one server would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  encodeCanonical, encodeCommit, formatMessage, formatPublicKey, formatSignature, hashObject, newUlid, systemClock, treeFromFiles,
  type Clock, type Oid, type Signer,
} from '@gatos/core';
import { openRepository } from '@gatos/git';
import {
  ackMessages, ackRef, commitThrough, commitmentRef, headRef, listSegments, pruneTopic, publishMessages, readAckState, readMessages, verifyTopic,
} from '@gatos/mind';
import { makeLedgerFixture, runGitAsync, startGitHttpServer, testGitEnv, testSigner, type CliResult, type GitHttpServer, type LedgerFixture } from '@gatos/testkit';
import { DENY_AUDIT_REF, installHook, type AuditRecord } from '../src/index.js';

const T = 'gatos.jobs.pending';
const DAY = 86_400_000;
/** One hour into the UTC day 45 (D1) and 44 (D2) days ago: publishes on one day always share a segment. */
const D1 = Math.floor((Date.now() - 45 * DAY) / DAY) * DAY + 3_600_000;
const D2 = D1 + DAY;
const at = (ms: number): Clock => ({ now: () => ms });

/** Writes a bus-shaped commit with git's object format directly (as a forger would); returns its id. */
async function forgeCommit(fx: LedgerFixture, spec: { file: string; record: object; parent: Oid | null; subject: string; trailers: Array<[string, string]>; signer: Signer }): Promise<Oid> {
  const bytes = encodeCanonical(spec.record);
  const tree = treeFromFiles(new Map([[spec.file, bytes]]));
  const [kind, name] = spec.signer.actor.split(':');
  const ident = { name: spec.signer.actor, email: `${name}@${kind}.gatos`, timestamp: Math.floor(Date.now() / 1000), tzOffset: '+0000' };
  const trailers: Array<[string, string]> = [...spec.trailers, ['Sig-Alg', 'ed25519'], ['Signer', formatPublicKey(spec.signer.publicKey)], ['Sig', formatSignature(spec.signer.sign(bytes))]];
  const body = encodeCommit({ tree: tree.root, parents: spec.parent ? [spec.parent] : [], author: ident, committer: ident, message: formatMessage(spec.subject, trailers) });
  await fx.repo.objects.write([...tree.objects, { type: 'commit', body }]);
  return hashObject('commit', body);
}

describe('the message bus behind Stargate over smart HTTP', () => {
  let root: string;
  let remote: string;
  let server: GitHttpServer;
  let fx: LedgerFixture;
  let url: string;
  /** What consumer 'slow' still owes when the prune is first refused. */
  let slowOwes: string[] = [];
  const alice = (): Signer => fx.signers['user:alice']!;
  const remoteGit = (...args: string[]): string => execFileSync('git', args, { cwd: remote, env: testGitEnv, encoding: 'utf8' }).trim();
  const push = (...refspecs: string[]): Promise<CliResult> => runGitAsync(['push', '--porcelain', url, ...refspecs], { cwd: fx.tmp.dir });
  const denies = (): number => Number(execFileSync('git', ['rev-list', '--count', '--ignore-missing', DENY_AUDIT_REF, '--'], { cwd: remote, encoding: 'utf8' }).trim() || '0');
  const segments = async () => (await listSegments(fx.repo.refs, T)).segments;
  const remoteReport = async () => {
    const repo = await openRepository(remote);
    try {
      return await verifyTopic(repo, T);
    } finally {
      await repo.close();
    }
  };

  async function accepted(...refspecs: string[]): Promise<void> {
    const before = denies();
    const r = await push(...refspecs);
    expect(r.code, r.stderr).toBe(0);
    expect(denies()).toBe(before);
  }

  /** Pushes, expects exactly one refusal naming `rule`, `ref` and `reason`, and one new DENY record saying so. */
  async function denied(refspecs: string[], rule: string, ref: string, reason: string): Promise<AuditRecord> {
    const before = denies();
    const r = await push(...refspecs);
    expect(r.code, r.stderr).not.toBe(0);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('remote: GATOS DENY '));
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toContain(`remote: GATOS DENY ${rule} ${ref}: `);
    expect(lines[0]).toContain(reason);
    expect(denies()).toBe(before + 1);
    const record = JSON.parse(remoteGit('cat-file', 'blob', `${DENY_AUDIT_REF}:decision.json`)) as AuditRecord;
    expect(record).toMatchObject({ decision: 'DENY', rule, ref });
    expect(record.reason).toContain(reason);
    return record;
  }

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'gatos-bus-gate-'));
    remote = join(root, 'remote.git');
    execFileSync('git', ['init', '-q', '--bare', remote], { env: testGitEnv });
    await installHook(remote);
    fx = await makeLedgerFixture(['user:alice', 'user:bob']);
    server = await startGitHttpServer(root);
    url = server.url('remote.git');
  });
  afterAll(async () => {
    await server?.close();
    await fx?.cleanup();
    rmSync(root, { recursive: true, force: true });
  });

  it('accepts a topic whose head rotated to a new segment (a root commit), and the acks', async () => {
    await publishMessages(fx.repo, T, alice(), [{ payload: { n: 1 } }, { payload: { n: 2 } }], { clock: at(D1) });
    await accepted('refs/gatos/*:refs/gatos/*');
    await publishMessages(fx.repo, T, alice(), [{ payload: { n: 3 } }], { clock: at(D1 + 60_000) });
    await publishMessages(fx.repo, T, alice(), [{ payload: { n: 4 } }], { clock: at(D2) });
    expect(await segments()).toHaveLength(2);
    await accepted(`+refs/gatos/mbus/*:refs/gatos/mbus/*`);
    expect(remoteGit('rev-parse', headRef(T))).toBe((await segments())[1]!.tip);
    const ulids = (await readMessages(fx.repo, T, 'w')).messages.map((m) => m.ulid);
    await ackMessages(fx.repo, T, 'w', alice(), ulids, { clock: systemClock });
    await accepted('refs/gatos/mbus-ack/*:refs/gatos/mbus-ack/*');
    expect(await remoteReport()).toMatchObject({ ok: true, messages: 4, segments: 2, consumers: 1 });
  });

  it('refuses a head moved back to a segment that is not the newest', async () => {
    const [first] = await segments();
    await denied([`+${first!.tip}:${headRef(T)}`], 'gatos.mbus.head', headRef(T), `${first!.tip} is not the tip of the newest segment of ${T}`);
  });

  it('refuses an ack signed by a key the trust graph does not hold', async () => {
    const mallory = testSigner('user:mallory');
    const state = await readAckState(fx.repo, T, 'w');
    const record = { topic: T, consumer: 'w', actor: mallory.actor, ulid: newUlid(Date.now()), acked: [], pending: [], low_water: state.record!.low_water! };
    const forged = await forgeCommit(fx, { file: 'ack.cbor', record, parent: state.tip, subject: 'gmb.ack', trailers: [['Topic', T], ['Consumer', 'w'], ['Low-Water', record.low_water]], signer: mallory });
    await denied([`${forged}:${ackRef(T, 'w')}`], 'gatos.mbus.ack', ackRef(T, 'w'), `is not a key of user:mallory in the active trust graph [BUS_SIGNER_NOT_TRUSTED]`);
  });

  it('refuses a prune that would lose messages the server holds (a stale summary)', async () => {
    const [a, b] = await segments();
    const head = await fx.repo.refs.read(headRef(T));
    // Locally forget the third message of the first segment, prune, and push that summary of two.
    fx.tmp.git('update-ref', a!.ref, `${a!.tip}~1`);
    await pruneTopic(fx.repo, T, alice(), { olderThanMs: 30 * DAY, activeWithinMs: 1, clock: systemClock });
    await denied([`+${a!.ref}:${a!.ref}`], 'gatos.mbus.prune', a!.ref, `${a!.ref} holds 3 messages but the summary covers 2: the messages from ${a!.segment}:2 on would be lost (fetch, then prune again) [BUS_SUMMARY_STALE]`);
    for (const [ref, oid] of [[a!.ref, a!.tip], [b!.ref, b!.tip], [headRef(T), head!]] as const) fx.tmp.git('update-ref', ref, oid);
  });

  it('refuses a tampered summary, a summary of another segment, and a prune above an active consumer', async () => {
    const [a, b] = await segments();
    // 'slow' acknowledged only the first message, just now: an active consumer for the gate (30 days by default).
    const [first, ...rest] = (await readMessages(fx.repo, T, 'slow')).messages;
    slowOwes = rest.map((m) => m.ulid);
    await ackMessages(fx.repo, T, 'slow', alice(), [first!.ulid], { clock: systemClock });
    await accepted(`${ackRef(T, 'slow')}:${ackRef(T, 'slow')}`);
    // Pruned locally with a 1 ms activity window, so 'slow' did not hold it back here.
    const pruned = await pruneTopic(fx.repo, T, alice(), { olderThanMs: 30 * DAY, activeWithinMs: 1, clock: systemClock });
    expect(pruned.pruned.map((p) => p.segment)).toEqual([a!.segment, b!.segment]);
    const [sa, sb] = pruned.pruned.map((p) => p.commit);
    // The summary with an edited trailer (same tree and signature).
    const body = fx.tmp.git('cat-file', 'commit', sa!).replace('Message-Count: 3', 'Message-Count: 2');
    const [tampered] = await fx.repo.objects.write([{ type: 'commit', body: new TextEncoder().encode(`${body}\n`) }]);
    await denied([`+${tampered}:${a!.ref}`], 'gatos.mbus.prune', a!.ref, 'Message-Count trailer is "2"; expected "3" [BUS_TRAILER_MISMATCH]');
    await denied([`+${sb}:${a!.ref}`], 'gatos.mbus.prune', a!.ref, `summary of segment ${b!.segment} on the ref of segment ${a!.segment}`);
    const rec = await denied([`+${sa}:${a!.ref}`], 'gatos.mbus.prune', a!.ref, `consumer slow is active`);
    expect(rec.reason).toContain(`has acknowledged only through ${first!.offset}, before the pruned segment's last offset ${a!.segment}:2`);
    expect(remoteGit('rev-parse', a!.ref)).toBe(a!.tip);
  });

  it('accepts the prune once every active consumer has acknowledged it, and the remote verifies', async () => {
    await ackMessages(fx.repo, T, 'slow', alice(), slowOwes, { clock: systemClock });
    await accepted('+refs/gatos/mbus/*:refs/gatos/mbus/*', 'refs/gatos/mbus-ack/*:refs/gatos/mbus-ack/*');
    const [a, b] = await segments();
    expect(remoteGit('rev-parse', a!.ref)).toBe(a!.tip);
    expect(remoteGit('rev-parse', headRef(T))).toBe(b!.tip);
    expect(await remoteReport()).toMatchObject({ ok: true, messages: 0, summaries: 2, prunedMessages: 4, consumers: 2 });
  });

  it('accepts a commitment the ack chains support and refuses a hand-forged one', async () => {
    const m = await publishMessages(fx.repo, T, alice(), [{ payload: { n: 5 } }], { clock: systemClock });
    await ackMessages(fx.repo, T, 'w', alice(), [m[0]!.ulid], { clock: systemClock });
    await accepted('+refs/gatos/mbus/*:refs/gatos/mbus/*', 'refs/gatos/mbus-ack/*:refs/gatos/mbus-ack/*');
    const c = await commitThrough(fx.repo, T, alice(), { through: m[0]!.offset, quorum: 1, consumers: ['slow', 'w'], clock: systemClock });
    await accepted(`${commitmentRef(T)}:${commitmentRef(T)}`);
    // Claims 2-of-2 through the new message, but 'slow' never acknowledged it: only w's ack is listed.
    const w = (await readAckState(fx.repo, T, 'w')).tip!;
    const record = { topic: T, through: m[0]!.offset, quorum: 2, consumers: ['slow', 'w'], acks: [{ consumer: 'w', commit: w, low_water: m[0]!.offset }], actor: 'user:alice', ulid: newUlid(Date.now()) };
    const forged = await forgeCommit(fx, { file: 'commitment.cbor', record, parent: c.commit, subject: 'gmb.commit', trailers: [['Topic', T], ['Through', record.through], ['Quorum', '2-of-2']], signer: alice() });
    await denied([`${forged}:${commitmentRef(T)}`], 'gatos.mbus.commitment', commitmentRef(T), `commitment ${forged}: 1 of the 2 acknowledgements through ${m[0]!.offset} that quorum 2-of-2 requires verify [BUS_COMMIT_QUORUM]`);
    expect(await remoteReport()).toMatchObject({ ok: true, commitments: 1 });
  });
});
