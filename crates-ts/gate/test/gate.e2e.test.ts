/**
 * The gate on real transports: a bare repository with the installed hooks, pushed to by a client
 * clone over smart HTTP (`git http-backend` behind node:http) and over file://. Every scenario runs
 * on both. Scenarios build on each other in order (genesis first), as pushes to one server would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { newUlid, systemClock, type Oid } from '@gatos/core';
import { appendEvents, eventAt, journalRef } from '@gatos/ledger';
import { ACTIVE_POLICY_REF, bundleRef, publishBundle } from '@gatos/policy';
import { approveProposal, createProposal, policyTarget } from '@gatos/governance';
import { makeLedgerFixture, runGitAsync, startGitHttpServer, testGitEnv, testSigner, type CliResult, type GitHttpServer, type LedgerFixture } from '@gatos/testkit';
import { buildCheckpoint, compileFold, foldCheckpoint, loadCheckpoint, parseFoldSpec } from '@gatos/echo';
import { DENY_AUDIT_REF, GENESIS_AUDIT_REF, installHook, type AuditRecord } from '../src/index.js';
import { bundleFiles, writeCommit, writeEvent } from './helpers.js';
import { governedFiles } from './governanceFixture.js';

const ALICE = journalRef('demo', 'user:alice');
const BOB = journalRef('demo', 'user:bob');

describe.each(['http', 'file'] as const)('Stargate over %s', (transport) => {
  let root: string;
  let remote: string;
  let server: GitHttpServer | null = null;
  let fx: LedgerFixture;
  let url: string;
  const remoteGit = (...args: string[]): string => execFileSync('git', args, { cwd: remote, env: testGitEnv, encoding: 'utf8' }).trim();
  const push = (...args: string[]): Promise<CliResult> => runGitAsync(['push', '--porcelain', url, ...args], { cwd: fx.tmp.dir });
  const count = (ref: string): number => Number(execFileSync('git', ['rev-list', '--count', '--ignore-missing', ref, '--'], { cwd: remote, encoding: 'utf8' }).trim() || '0');
  const records = (ref: string, n: number): AuditRecord[] =>
    remoteGit('rev-list', `-${n}`, ref).split('\n').map((c) => JSON.parse(remoteGit('cat-file', 'blob', `${c}:decision.json`)) as AuditRecord);
  const tip = (ref: string): Oid => fx.tmp.git('rev-parse', ref);

  /** Pushes, expects a refusal naming `rule` on `ref` on the client's stderr and one new DENY record per violation. */
  async function expectDenied(refspecs: string[], rule: string, ref: string, violations = 1): Promise<AuditRecord> {
    const before = count(DENY_AUDIT_REF);
    const r = await push(...refspecs);
    expect(r.code, r.stderr).not.toBe(0);
    expect(r.stderr).toContain(`remote: GATOS DENY ${rule} ${ref}: `);
    expect(count(DENY_AUDIT_REF)).toBe(before + violations);
    const [last] = records(DENY_AUDIT_REF, 1);
    expect(last).toMatchObject({ decision: 'DENY', rule, ref });
    expect(remoteGit('log', '-1', '--format=%(trailers:only,unfold)', DENY_AUDIT_REF)).toContain(`Policy-Rule: ${rule}\nPolicy-Root: ${fx.policyRoot}`);
    return last!;
  }

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'gatos-gate-e2e-'));
    remote = join(root, 'remote.git');
    execFileSync('git', ['init', '-q', '--bare', remote], { env: testGitEnv });
    await installHook(remote);
    remoteGit('config', 'gatos.gate.maxEventBytes', '65536');
    fx = await makeLedgerFixture(['user:alice', 'user:bob']);
    if (transport === 'http') {
      server = await startGitHttpServer(root, { remoteUser: 'alice-http' });
      url = server.url('remote.git');
    } else {
      url = `file://${remote}`;
    }
  });
  afterAll(async () => {
    await server?.close();
    await fx?.cleanup();
    rmSync(root, { recursive: true, force: true });
  });

  it('accepts the genesis bundle on first push (trust on first use) with journals of two actors, and audits it', async () => {
    await appendEvents(fx.repo, 'demo', fx.signers['user:alice']!, [{ type: 'demo.hello', payload: { n: 1 } }, { type: 'demo.hello', payload: { n: 2 } }], { clock: systemClock });
    await appendEvents(fx.repo, 'demo', fx.signers['user:bob']!, [{ type: 'demo.hello', payload: { n: 3 } }], { clock: systemClock });
    const r = await push('refs/gatos/*:refs/gatos/*');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('remote: GATOS: trust on first use: accepting genesis policy');
    expect(remoteGit('rev-parse', ACTIVE_POLICY_REF)).toBe(fx.policyRoot);
    expect(remoteGit('rev-parse', ALICE)).toBe(tip(ALICE));
    const [genesis] = records(GENESIS_AUDIT_REF, 1);
    expect(genesis).toMatchObject({ decision: 'ACCEPT', rule: 'gatos.policy.genesis', ref: ACTIVE_POLICY_REF, new: fx.policyRoot, policy_root: fx.policyRoot });
    if (transport === 'http') expect(genesis!.pusher.remote_user).toBe('alice-http');
  });

  it('accepts a policy update that descends from the active bundle, with events signed under it', async () => {
    const carol = testSigner('user:carol');
    const published = await publishBundle(fx.repo, bundleFiles([fx.signers['user:alice']!, fx.signers['user:bob']!, carol]), fx.signers['user:alice']!);
    await appendEvents(fx.repo, 'demo', carol, [{ type: 'demo.hello', payload: { n: 4 } }], { clock: systemClock });
    const r = await push('refs/gatos/*:refs/gatos/*');
    expect(r.code, r.stderr).toBe(0);
    expect(remoteGit('rev-parse', ACTIVE_POLICY_REF)).toBe(published.commit);
    fx = { ...fx, policyRoot: published.commit };
    expect(count(DENY_AUDIT_REF)).toBe(0);
  });

  it('refuses a forged signature', async () => {
    const forged = await writeEvent(fx.repo, { signer: fx.signers['user:alice']!, policyRoot: fx.policyRoot, parent: tip(ALICE), forge: true, fields: { ulid: newUlid(Date.now()) } });
    const rec = await expectDenied([`${forged}:${ALICE}`], 'gatos.journal.signature', ALICE);
    expect(rec).toMatchObject({ commit: forged, old: tip(ALICE), new: forged, pusher: expect.objectContaining({ event_actor: 'user:alice' }) });
  });

  it("refuses a valid event pushed into another actor's journal", async () => {
    const e = await writeEvent(fx.repo, { signer: fx.signers['user:alice']!, policyRoot: fx.policyRoot, parent: tip(BOB), fields: { ulid: newUlid(Date.now()) } });
    await expectDenied([`${e}:${BOB}`], 'gatos.journal.actor-binding', BOB);
  });

  it('refuses a non-fast-forward and a delete', async () => {
    const parent = fx.tmp.git('rev-parse', `${ALICE}~1`);
    const rewritten = await writeEvent(fx.repo, { signer: fx.signers['user:alice']!, policyRoot: fx.policyRoot, parent, fields: { ulid: newUlid(Date.now()) } });
    await expectDenied([`+${rewritten}:${ALICE}`], 'gatos.ref.fast-forward', ALICE);
    await expectDenied([`:${ALICE}`], 'gatos.ref.no-delete', ALICE);
  });

  it('refuses a job claim that is not a claim record, and a force-push over a result', async () => {
    const claim = `refs/gatos/jobs/${'5c4f6b75'.repeat(8)}/claim`;
    const result = `refs/gatos/jobs/${'5c4f6b75'.repeat(8)}/result`;
    const first = await writeCommit(fx.repo, 'claim: worker a');
    const second = await writeCommit(fx.repo, 'claim: worker b');
    await expectDenied([`${first}:${claim}`], 'gatos.jobs.claim-chain', claim);
    await expectDenied([`${second}:${result}`], 'gatos.jobs.result', result);
  });

  it('refuses a key that is not in the trust graph', async () => {
    const mallory = testSigner('user:mallory');
    const e = await writeEvent(fx.repo, { signer: mallory, policyRoot: fx.policyRoot, parent: null });
    await expectDenied([`${e}:${journalRef('demo', 'user:mallory')}`], 'gatos.journal.untrusted-key', journalRef('demo', 'user:mallory'));
  });

  it('refuses a replayed ULID', async () => {
    const { ulid } = await eventAt(fx.repo.objects, tip(ALICE));
    const e = await writeEvent(fx.repo, { signer: fx.signers['user:alice']!, policyRoot: fx.policyRoot, parent: tip(ALICE), fields: { ulid, payload: { replay: true } } });
    await expectDenied([`${e}:${ALICE}`], 'gatos.journal.ulid-order', ALICE);
  });

  it('refuses an oversize event (gatos.gate.maxEventBytes)', async () => {
    const e = await writeEvent(fx.repo, { signer: fx.signers['user:alice']!, policyRoot: fx.policyRoot, parent: tip(ALICE), fields: { ulid: newUlid(Date.now()), payload: { blob: 'x'.repeat(70_000) } } });
    await expectDenied([`${e}:${ALICE}`], 'gatos.journal.size', ALICE);
  });

  it('accepts a checkpoint whose Proof-of-Fold replays, and refuses one whose state does not match it', async () => {
    const fold = compileFold(parseFoldSpec('name: count\ninputs: [demo]\nentry: count.js\nversion: 1\n', 'count.yaml'), 'export function init() { return { n: 0 }; }\nexport function step(s) { s.n += 1; return s; }\n', 'count.js');
    const folded = await foldCheckpoint(fx.repo, fold);
    const ok = await push(`${folded.ref}:${folded.ref}`);
    expect(ok.code, ok.stderr).toBe(0);
    expect(remoteGit('rev-parse', folded.ref)).toBe(folded.commit);
    await appendEvents(fx.repo, 'demo', fx.signers['user:alice']!, [{ type: 'demo.tick', payload: { n: 1 } }], { clock: systemClock });
    expect((await push(`${ALICE}:${ALICE}`)).code).toBe(0);
    const next = await foldCheckpoint(fx.repo, fold);
    const cp = await loadCheckpoint(fx.repo.objects, next.commit);
    const forged = buildCheckpoint({ pof: cp.pof, state: { n: 1000 }, gfc: cp.files.get('fold.gfc')!, parents: cp.parents, time: cp.time });
    await fx.repo.objects.write(forged.objects);
    await expectDenied([`+${forged.oid}:${folded.ref}`], 'gatos.state.pof-mismatch', folded.ref);
    expect(remoteGit('rev-parse', folded.ref)).toBe(folded.commit);
  });

  it('refuses a state update without the Proof-of-Fold trailers', async () => {
    const c = await writeCommit(fx.repo, 'state demo: no proof');
    await expectDenied([`${c}:refs/gatos/state/bare`], 'gatos.state.pof-missing', 'refs/gatos/state/bare');
  });

  it('refuses a second genesis bundle and an unrelated bundle as active', async () => {
    const other = await makeLedgerFixture(['user:eve']);
    try {
      fx.tmp.git('fetch', '-q', other.tmp.dir, `${ACTIVE_POLICY_REF}:refs/other/active`);
      const id = other.tmp.git('for-each-ref', '--format=%(refname:lstrip=3)', 'refs/gatos/policies/').split('\n').find((x) => x !== 'active')!;
      await expectDenied([`refs/other/active:refs/gatos/policies/${id}`], 'gatos.policy.genesis', `refs/gatos/policies/${id}`);
      await expectDenied([`+refs/other/active:${ACTIVE_POLICY_REF}`], 'gatos.ref.fast-forward', ACTIVE_POLICY_REF);
      expect(remoteGit('rev-parse', ACTIVE_POLICY_REF)).toBe(fx.policyRoot);
    } finally {
      await other.cleanup();
    }
  });

  it('reports every violation of a push with 26 refs', async () => {
    const forged = await writeEvent(fx.repo, { signer: fx.signers['user:alice']!, policyRoot: fx.policyRoot, parent: null, forge: true });
    const state = await writeCommit(fx.repo, 'state: no proof');
    const refspecs = Array.from({ length: 13 }, (_, i) => [`${forged}:${journalRef(`ns${i}`, 'user:alice')}`, `${state}:refs/gatos/state/s${i}`]).flat();
    const before = count(DENY_AUDIT_REF);
    const r = await push(...refspecs);
    expect(r.code).not.toBe(0);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('remote: GATOS DENY '));
    expect(lines).toHaveLength(26);
    for (let i = 0; i < 13; i++) {
      expect(r.stderr).toContain(`GATOS DENY gatos.journal.signature ${journalRef(`ns${i}`, 'user:alice')}: `);
      expect(r.stderr).toContain(`GATOS DENY gatos.state.pof-missing refs/gatos/state/s${i}: `);
    }
    expect(count(DENY_AUDIT_REF)).toBe(before + 26);
  });

  it('loses no audit records when several denied pushes run at once', async () => {
    const before = count(DENY_AUDIT_REF);
    const commits = await Promise.all(Array.from({ length: 4 }, (_, i) => writeCommit(fx.repo, `state attempt ${i}`)));
    const results = await Promise.all(commits.map((c, i) => push(`${c}:refs/gatos/state/race${i}`, `:${BOB}`)));
    expect(results.every((r) => r.code !== 0)).toBe(true);
    expect(count(DENY_AUDIT_REF)).toBe(before + 8);
    const refs = records(DENY_AUDIT_REF, 8).map((x) => x.ref).sort();
    expect(refs).toEqual([BOB, BOB, BOB, BOB, 'refs/gatos/state/race0', 'refs/gatos/state/race1', 'refs/gatos/state/race2', 'refs/gatos/state/race3']);
    expect(remoteGit('rev-list', '--min-parents=2', DENY_AUDIT_REF)).toBe('');
    remoteGit('fsck', '--no-dangling');
  });

  // Governance (ADR-0012): the active policy becomes governed, then policy updates need a 2-of-3@leads grant.
  const LEADS = ['user:alice', 'user:bob', 'user:carol'];
  const carol = testSigner('user:carol');
  const signers = () => [fx.signers['user:alice']!, fx.signers['user:bob']!, carol];
  const same = (...refs: string[]): string[] => refs.map((r) => `${r}:${r}`);
  async function proposeUpdate(version: string): Promise<{ commit: Oid; bundle: string; proposalId: string; proposal: string }> {
    const next = await publishBundle(fx.repo, governedFiles(signers(), LEADS, { 'policies/readme.txt': `${version}\n` }), fx.signers['user:alice']!, { activate: false });
    const p = await createProposal(fx.repo, { action: 'policy.update', target: policyTarget(next.bundleId) }, fx.signers['user:alice']!, systemClock);
    return { commit: next.commit, bundle: bundleRef(next.bundleId), proposalId: p.proposalId, proposal: p.ref };
  }

  it('accepts a governed policy update pushed after its proposal, two approvals, the grant and its Proof-of-Consensus', async () => {
    const governed = await publishBundle(fx.repo, governedFiles(signers(), LEADS), fx.signers['user:alice']!);
    const g = await push(...same(ACTIVE_POLICY_REF, bundleRef(governed.bundleId)));
    expect(g.code, g.stderr).toBe(0);
    fx = { ...fx, policyRoot: governed.commit };
    const next = await proposeUpdate('v2');
    await approveProposal(fx.repo, { proposalId: next.proposalId }, fx.signers['user:bob']!, systemClock);
    const { grant } = await approveProposal(fx.repo, { proposalId: next.proposalId }, carol, systemClock);
    const before = count(DENY_AUDIT_REF);
    const gov = await push(...same(...fx.tmp.git('for-each-ref', '--format=%(refname)', 'refs/gatos/approvals/', 'refs/gatos/proposals/').split('\n'), grant!.ref, grant!.proofRef));
    expect(gov.code, gov.stderr).toBe(0);
    const r = await push(`${next.commit}:${ACTIVE_POLICY_REF}`, ...same(next.bundle));
    expect(r.code, r.stderr).toBe(0);
    expect(remoteGit('rev-parse', ACTIVE_POLICY_REF)).toBe(next.commit);
    expect(count(DENY_AUDIT_REF)).toBe(before);
    fx.tmp.git('update-ref', ACTIVE_POLICY_REF, next.commit); // the client follows the server's active policy
    fx = { ...fx, policyRoot: next.commit };
  });

  it('refuses a governed policy update with only one approval (no grant), and a forged approval, with audit records', async () => {
    const next = await proposeUpdate('v3');
    const one = await approveProposal(fx.repo, { proposalId: next.proposalId }, fx.signers['user:bob']!, systemClock);
    expect(one.grant).toBeNull();
    const gov = await push(...same(next.proposal, one.ref));
    expect(gov.code, gov.stderr).toBe(0);
    const denied = await expectDenied([`${next.commit}:${ACTIVE_POLICY_REF}`], 'gatos.policy.unauthorised', ACTIVE_POLICY_REF);
    expect(denied.reason).toContain(`requires a grant for gatos://policy/`);
    expect(remoteGit('rev-parse', ACTIVE_POLICY_REF)).toBe(fx.policyRoot);
    // Carol's key and actor, Mallory's signature: the approval cannot count, and the gate refuses to store it.
    const mallory = testSigner('user:mallory');
    const forged = await approveProposal(fx.repo, { proposalId: next.proposalId }, { actor: carol.actor, publicKey: carol.publicKey, sign: (m) => mallory.sign(m) }, systemClock);
    expect(forged.grant).toBeNull();
    const rec = await expectDenied(same(forged.ref), 'gatos.governance.malformed', forged.ref);
    expect(rec.reason).toContain('Sig does not verify');
  });
});
