import { afterEach, describe, expect, it } from 'vitest';
import { ZERO_OID, formatPublicKey, type Oid } from '@gatos/core';
import { eventAt, journalRef } from '@gatos/ledger';
import { ACTIVE_POLICY_REF, bundleRef, publishBundle } from '@gatos/policy';
import { makeLedgerFixture, testSigner, type LedgerFixture } from '@gatos/testkit';
import { DEFAULT_GATE_LIMITS, evaluatePush, type PushContext, type PushUpdate } from '../src/index.js';
import { buildCheckpoint, compileFold, foldCheckpoint, loadCheckpoint, parseFoldSpec, stateFilePath } from '@gatos/echo';
import { checkpointMessage, clock, proposeBundle, ulidAt, writeCommit, writeEvent, writeEvents } from './helpers.js';

let fx: LedgerFixture;
afterEach(async () => fx?.cleanup());

const ALICE = journalRef('demo', 'user:alice');
const COUNT_FOLD = 'export function init() { return { n: 0 }; }\nexport function step(s) { s.n += 1; return s; }\n';
const BOB = journalRef('demo', 'user:bob');
const create = (ref: string, oid: Oid): PushUpdate => ({ ref, old: ZERO_OID, new: oid });
const move = (ref: string, old: Oid, oid: Oid): PushUpdate => ({ ref, old, new: oid });

async function rules(updates: PushUpdate[], ctx: Partial<PushContext> = {}): Promise<string[]> {
  const { violations } = await evaluatePush(fx.repo, updates, { clock, ...ctx });
  return violations.map((v) => `${v.rule} ${v.ref}`);
}

/** Alice's journal with `n` events, created in the gate repository (as if accepted earlier). */
async function aliceJournal(n = 2): Promise<Oid> {
  const tip = await writeEvents(fx.repo, fx.signers['user:alice']!, fx.policyRoot, null, n);
  await fx.repo.refs.compareAndSwap(ALICE, null, tip);
  return tip;
}

describe('evaluatePush: accepted pushes', () => {
  it('accepts new journals of two trusted actors, and leaves refs outside refs/gatos/ alone', async () => {
    fx = await makeLedgerFixture();
    const a = await writeEvents(fx.repo, fx.signers['user:alice']!, fx.policyRoot, null, 3);
    const b = await writeEvents(fx.repo, fx.signers['user:bob']!, fx.policyRoot, null, 2, 10);
    const junk = await writeCommit(fx.repo, 'not an event');
    const result = await evaluatePush(fx.repo, [create(ALICE, a), create(BOB, b), create('refs/heads/main', junk)], { clock });
    expect(result).toEqual({ violations: [], omitted: 0, policyRoot: fx.policyRoot, policyCodeRoot: expect.stringMatching(/^sha256:[0-9a-f]{64}$/), genesis: null });
  });

  it('accepts appending to a journal (fast-forward, ULIDs after the old tip)', async () => {
    fx = await makeLedgerFixture();
    const old = await aliceJournal(2);
    const next = await writeEvents(fx.repo, fx.signers['user:alice']!, fx.policyRoot, old, 2, 100);
    expect(await rules([move(ALICE, old, next)])).toEqual([]);
  });

  it('accepts a policy update that descends from the active bundle and is published by a trusted actor', async () => {
    fx = await makeLedgerFixture();
    const carol = testSigner('user:carol');
    const next = await proposeBundle(fx.repo, [fx.signers['user:alice']!, fx.signers['user:bob']!, carol], fx.signers['user:bob']!);
    expect(await rules([move(ACTIVE_POLICY_REF, fx.policyRoot, next.commit), create(bundleRef(next.bundleId), next.commit)])).toEqual([]);
  });

  it('evaluates journals in the same push under the policy update it brings', async () => {
    fx = await makeLedgerFixture();
    const carol = testSigner('user:carol');
    const next = await proposeBundle(fx.repo, [fx.signers['user:alice']!, carol], fx.signers['user:alice']!);
    const c = await writeEvents(fx.repo, carol, next.commit, null, 1);
    const carolRef = journalRef('demo', 'user:carol');
    expect(await rules([create(carolRef, c)])).toEqual([`gatos.journal.policy-root ${carolRef}`]);
    expect(await rules([move(ACTIVE_POLICY_REF, fx.policyRoot, next.commit), create(carolRef, c)])).toEqual([]);
  });
});

describe('evaluatePush: ref rules', () => {
  it('refuses deletes, non-fast-forwards, moved job claims, bad names and the reserved audit refs', async () => {
    fx = await makeLedgerFixture();
    const old = await aliceJournal(2);
    const rewritten = await writeEvents(fx.repo, fx.signers['user:alice']!, fx.policyRoot, null, 1, 500);
    const claimA = await writeCommit(fx.repo, 'claim by worker a');
    const claimB = await writeCommit(fx.repo, 'claim by worker b');
    const claim = 'refs/gatos/jobs/abc123/claim';
    await fx.repo.refs.compareAndSwap(claim, null, claimA);
    const found = await rules([
      move(ALICE, old, ZERO_OID),
      move(BOB, ZERO_OID, rewritten),
      move(claim, claimA, claimB),
      create('refs/gatos/journal/demo/alice', rewritten),
      create('refs/gatos/audit/policy/deny', claimB),
      create('refs/gatos/policies/not-a-bundle-id', claimB),
      create('refs/gatos/jobs/def/claim', claimB),
    ]);
    expect(found).toEqual([
      `gatos.ref.no-delete ${ALICE}`,
      `gatos.journal.actor-binding ${BOB}`,
      `gatos.ref.bad-name ${claim}`,
      'gatos.ref.bad-name refs/gatos/journal/demo/alice',
      'gatos.ref.reserved refs/gatos/audit/policy/deny',
      'gatos.ref.bad-name refs/gatos/policies/not-a-bundle-id',
      'gatos.ref.bad-name refs/gatos/jobs/def/claim',
    ]);
    expect(await rules([move(ALICE, old, rewritten)])).toEqual([`gatos.ref.fast-forward ${ALICE}`]);
  });

  it('holds mbus, audit and state refs to fast-forward too', async () => {
    fx = await makeLedgerFixture();
    const a = await writeCommit(fx.repo, 'a');
    const b = await writeCommit(fx.repo, 'b');
    for (const ref of ['refs/gatos/mbus/jobs/0001', 'refs/gatos/audit/proofs/demo', 'refs/gatos/state/demo']) {
      await fx.repo.refs.compareAndSwap(ref, null, a);
      expect(await rules([move(ref, a, b)])).toEqual([`gatos.ref.fast-forward ${ref}`]);
    }
  });
});

describe('evaluatePush: journal rules', () => {
  it('refuses a forged signature, a foreign actor, an untrusted key and an unknown policy_root', async () => {
    fx = await makeLedgerFixture();
    const alice = fx.signers['user:alice']!;
    const forged = await writeEvent(fx.repo, { signer: alice, policyRoot: fx.policyRoot, parent: null, forge: true });
    const foreign = await writeEvent(fx.repo, { signer: alice, policyRoot: fx.policyRoot, parent: null });
    const mallory = testSigner('user:mallory');
    const untrusted = await writeEvent(fx.repo, { signer: mallory, policyRoot: fx.policyRoot, parent: null });
    const aliceByOtherKey = await writeEvent(fx.repo, { signer: { ...mallory, actor: 'user:alice' }, policyRoot: fx.policyRoot, parent: null });
    const unknownRoot = await writeEvent(fx.repo, { signer: alice, policyRoot: 'f'.repeat(40), parent: null });
    const mRef = journalRef('demo', 'user:mallory');
    const { violations } = await evaluatePush(fx.repo, [create(ALICE, forged), create(BOB, foreign), create(mRef, untrusted), create(journalRef('ops', 'user:alice'), aliceByOtherKey), create(journalRef('x', 'user:alice'), unknownRoot)], { clock });
    expect(violations.map((v) => [v.rule, v.ref, v.commit])).toEqual([
      ['gatos.journal.signature', ALICE, forged],
      ['gatos.journal.actor-binding', BOB, foreign],
      ['gatos.journal.untrusted-key', mRef, untrusted],
      ['gatos.journal.untrusted-key', journalRef('ops', 'user:alice'), aliceByOtherKey],
      ['gatos.journal.policy-root', journalRef('x', 'user:alice'), unknownRoot],
    ]);
    expect(violations[0]!.reason).toMatch(/signature does not verify under ed25519:[0-9a-f]{64}/);
    expect(violations[4]!.reason).toContain(`is not the active policy ${fx.policyRoot}`);
  });

  it('refuses a replayed ULID, a ULID older than the old tip, a merge and bytes that are not an event', async () => {
    fx = await makeLedgerFixture();
    const alice = fx.signers['user:alice']!;
    const old = await aliceJournal(1);
    const tipUlid = (await eventAt(fx.repo.objects, old)).ulid;
    const replay = await writeEvent(fx.repo, { signer: alice, policyRoot: fx.policyRoot, parent: old, fields: { ulid: tipUlid, payload: { other: true } } });
    expect(await rules([move(ALICE, old, replay)])).toEqual([`gatos.journal.ulid-order ${ALICE}`]);
    const e1 = await writeEvent(fx.repo, { signer: alice, policyRoot: fx.policyRoot, parent: old, fields: { ulid: ulidAt(50) } });
    const e2 = await writeEvent(fx.repo, { signer: alice, policyRoot: fx.policyRoot, parent: e1, fields: { ulid: ulidAt(40) } });
    expect(await rules([move(ALICE, old, e2)])).toEqual([`gatos.journal.ulid-order ${ALICE}`]);
    const side = await writeEvent(fx.repo, { signer: alice, policyRoot: fx.policyRoot, parent: old, fields: { ulid: ulidAt(60) } });
    const merge = await writeCommit(fx.repo, 'merge', [e1, side], 'event.cbor');
    const found = await rules([move(ALICE, old, merge)]);
    expect(found).toContain(`gatos.journal.no-merge ${ALICE}`);
    expect(found).toContain(`gatos.journal.encoding ${ALICE}`);
  });

  it('refuses events from the future, oversize events and pushes over the commit budget', async () => {
    fx = await makeLedgerFixture();
    const alice = fx.signers['user:alice']!;
    const future = await writeEvent(fx.repo, { signer: alice, policyRoot: fx.policyRoot, parent: null, fields: { ulid: ulidAt(6 * 60_000) } });
    expect(await rules([create(ALICE, future)])).toEqual([`gatos.journal.future-skew ${ALICE}`]);
    expect(await rules([create(ALICE, future)], { limits: { maxFutureSkewMs: 10 * 60_000 } })).toEqual([]);
    const tsFuture = await writeEvent(fx.repo, { signer: alice, policyRoot: fx.policyRoot, parent: null, fields: { ts: '2026-11-01T13:00:00Z' } });
    expect(await rules([create(ALICE, tsFuture)])).toEqual([`gatos.journal.future-skew ${ALICE}`]);
    const big = await writeEvent(fx.repo, { signer: alice, policyRoot: fx.policyRoot, parent: null, fields: { payload: { blob: 'x'.repeat(5000) } } });
    expect(await rules([create(ALICE, big)], { limits: { maxEventBytes: 4096 } })).toEqual([`gatos.journal.size ${ALICE}`]);
    const five = await writeEvents(fx.repo, alice, fx.policyRoot, null, 5);
    expect(await rules([create(ALICE, five)], { limits: { maxCommitsPerPush: 4 } })).toEqual([`gatos.push.size ${ALICE}`]);
  });

  it('accepts a policy_root up to maxPolicyDepth bundles back, and only the active one under the research profile', async () => {
    fx = await makeLedgerFixture();
    const [alice, bob] = [fx.signers['user:alice']!, fx.signers['user:bob']!];
    const e = await writeEvents(fx.repo, alice, fx.policyRoot, null, 1);
    const next = await proposeBundle(fx.repo, [alice, bob], alice, 'default2');
    await fx.repo.refs.compareAndSwap(ACTIVE_POLICY_REF, fx.policyRoot, next.commit);
    expect(await rules([create(ALICE, e)])).toEqual([]);
    expect(await rules([create(ALICE, e)], { limits: { maxPolicyDepth: 0 } })).toEqual([`gatos.journal.policy-root ${ALICE}`]);
    const research = await proposeBundle(fx.repo, [alice, bob], alice, 'research');
    await fx.repo.refs.compareAndSwap(ACTIVE_POLICY_REF, next.commit, research.commit);
    expect(await rules([create(ALICE, e)])).toEqual([`gatos.journal.policy-root ${ALICE}`]);
  });

  it('refuses a key revoked in the active policy even when the event names an older policy that trusted it', async () => {
    fx = await makeLedgerFixture();
    const alice = fx.signers['user:alice']!;
    const e = await writeEvents(fx.repo, alice, fx.policyRoot, null, 1);
    const graph = { version: 1, actors: { 'user:alice': { keys: [], revoked_keys: [formatPublicKey(alice.publicKey)] }, 'user:bob': { keys: [formatPublicKey(fx.signers['user:bob']!.publicKey)], revoked_keys: [] } }, groups: {} };
    await publishBundle(fx.repo, new Map([['trust/graph.json', new TextEncoder().encode(JSON.stringify(graph))]]), fx.signers['user:bob']!);
    const found = await evaluatePush(fx.repo, [create(ALICE, e)], { clock });
    expect(found.violations.map((v) => v.rule)).toEqual(['gatos.journal.untrusted-key']);
    expect(found.violations[0]!.reason).toContain('is revoked in the active policy');
  });

  it('reports every bad event of a long push, capped at maxViolations with the rest counted', async () => {
    fx = await makeLedgerFixture();
    const alice = fx.signers['user:alice']!;
    let tip: Oid | null = null;
    for (let i = 0; i < 6; i++) tip = await writeEvent(fx.repo, { signer: alice, policyRoot: fx.policyRoot, parent: tip, forge: true, fields: { ulid: ulidAt(i) } });
    const all = await evaluatePush(fx.repo, [create(ALICE, tip!)], { clock });
    expect(all.violations).toHaveLength(6);
    const capped = await evaluatePush(fx.repo, [create(ALICE, tip!)], { clock, limits: { maxViolations: 4 } });
    expect([capped.violations.length, capped.omitted]).toEqual([4, 2]);
  });
});

describe('evaluatePush: policy rules', () => {
  it('refuses a descendant bundle published by an actor the active policy does not trust (default authoriser)', async () => {
    fx = await makeLedgerFixture();
    const mallory = testSigner('user:mallory');
    const next = await proposeBundle(fx.repo, [mallory], mallory);
    const { violations } = await evaluatePush(fx.repo, [move(ACTIVE_POLICY_REF, fx.policyRoot, next.commit)], { clock });
    expect(violations).toEqual([expect.objectContaining({ rule: 'gatos.policy.unauthorised', ref: ACTIVE_POLICY_REF, commit: next.commit, actor: 'user:mallory' })]);
  });

  it('asks the injected PolicyUpdateAuthoriser (the governance extension point)', async () => {
    fx = await makeLedgerFixture();
    const next = await proposeBundle(fx.repo, [fx.signers['user:alice']!], fx.signers['user:alice']!);
    const seen: string[] = [];
    const found = await rules([move(ACTIVE_POLICY_REF, fx.policyRoot, next.commit)], {
      policyAuthoriser: {
        authorise: async (req) => {
          seen.push(`${req.active.commit}->${req.chain.map((b) => b.commit).join(',')}`);
          return [{ rule: 'gatos.policy.unauthorised', ref: req.ref, reason: 'no grant for this change' }];
        },
      },
    });
    expect(seen).toEqual([`${fx.policyRoot}->${next.commit}`]);
    expect(found).toEqual([`gatos.policy.unauthorised ${ACTIVE_POLICY_REF}`]);
  });

  it('refuses malformed bundles, bundles off the active lineage and a second genesis bundle', async () => {
    fx = await makeLedgerFixture();
    const junk = await writeCommit(fx.repo, 'not a bundle', [fx.policyRoot]);
    expect(await rules([move(ACTIVE_POLICY_REF, fx.policyRoot, junk)])).toEqual([`gatos.policy.malformed ${ACTIVE_POLICY_REF}`]);
    const other = await makeLedgerFixture(['user:eve']);
    try {
      fx.tmp.git('fetch', '-q', other.tmp.dir, ACTIVE_POLICY_REF);
      const foreign = fx.tmp.git('rev-parse', 'FETCH_HEAD');
      const id = other.tmp.git('for-each-ref', '--format=%(refname:lstrip=3)', 'refs/gatos/policies/').split('\n').find((r) => r !== 'active')!;
      expect(await rules([create(bundleRef(id), foreign)])).toEqual([`gatos.policy.genesis ${bundleRef(id)}`]);
      expect(await rules([create(bundleRef('0'.repeat(64)), foreign)])).toEqual([`gatos.policy.malformed ${bundleRef('0'.repeat(64))}`]);
      expect(await rules([move(ACTIVE_POLICY_REF, fx.policyRoot, foreign)])).toEqual([`gatos.ref.fast-forward ${ACTIVE_POLICY_REF}`]);
    } finally {
      await other.cleanup();
    }
  });

  it('accepts one genesis lineage in an empty repository (trust on first use) and refuses a bundle ref pushed alone', async () => {
    fx = await makeLedgerFixture();
    const alice = fx.signers['user:alice']!;
    const second = await proposeBundle(fx.repo, [alice], alice);
    const bundles = fx.tmp.git('for-each-ref', '--format=%(refname) %(objectname)', 'refs/gatos/policies/').split('\n').filter((r) => !r.includes('/active '));
    const e = await writeEvents(fx.repo, alice, second.commit, null, 1);
    // The gate repository starts empty: no active policy, no bundle refs.
    fx.tmp.git('update-ref', '-d', ACTIVE_POLICY_REF);
    const pushBundles = bundles.map((line) => {
      const [ref, oid] = line.split(' ') as [string, string];
      fx.tmp.git('update-ref', '-d', ref);
      return create(ref, oid);
    });
    expect(pushBundles).toHaveLength(2);
    expect(await rules([pushBundles[0]!])).toEqual([`gatos.policy.genesis ${pushBundles[0]!.ref}`]);
    expect(await rules([create(ALICE, e)])).toEqual([`gatos.journal.policy-root ${ALICE}`]);
    const tofu = await evaluatePush(fx.repo, [create(ACTIVE_POLICY_REF, second.commit), ...pushBundles, create(ALICE, e)], { clock });
    expect(tofu).toMatchObject({ violations: [], genesis: second.commit, policyRoot: null });
  });
});

describe('evaluatePush: state rules', () => {
  it('refuses a checkpoint without the five Proof-of-Fold trailers and accepts one with them', async () => {
    fx = await makeLedgerFixture();
    const ref = 'refs/gatos/state/demo';
    const bare = await writeCommit(fx.repo, 'state without proof');
    const { violations } = await evaluatePush(fx.repo, [create(ref, bare)], { clock });
    expect(violations).toEqual([expect.objectContaining({ rule: 'gatos.state.pof-missing', ref, commit: bare })]);
    expect(violations[0]!.reason).toContain('State-Root, Ledger-Head, Policy-Root, Fold-Engine, Fold-Root');
    const proper = await writeCommit(fx.repo, checkpointMessage(fx.policyRoot, 'c'.repeat(40)));
    expect(await rules([create(ref, proper)], { limits: { ...DEFAULT_GATE_LIMITS, replayProofOfFold: 0 } })).toEqual([]);
  });

  it('hands state updates to the injected StateUpdateVerifier', async () => {
    fx = await makeLedgerFixture();
    const ref = 'refs/gatos/state/demo';
    const c = await writeCommit(fx.repo, checkpointMessage(fx.policyRoot, 'c'.repeat(40)));
    const found = await rules([create(ref, c)], {
      stateVerifier: { verify: async (req) => [{ rule: 'gatos.state.pof-invalid', ref: req.update.ref, reason: `replayed ${req.commits.length} checkpoint(s): State-Root differs` }] },
    });
    expect(found).toEqual([`gatos.state.pof-invalid ${ref}`]);
  });
});

describe('evaluatePush: Proof-of-Fold replay (the default)', () => {
  it('accepts a checkpoint written by the fold and refuses one whose state file was edited', async () => {
    fx = await makeLedgerFixture();
    await aliceJournal(3);
    const fold = compileFold(parseFoldSpec('name: count\ninputs: [demo]\nentry: count.js\nversion: 1\n', 'count.yaml'), COUNT_FOLD, 'count.js');
    const { commit, ref } = await foldCheckpoint(fx.repo, fold);
    expect(await rules([create(ref, commit)])).toEqual([]);
    const cp = await loadCheckpoint(fx.repo.objects, commit);
    const forged = buildCheckpoint({ pof: cp.pof, state: { n: 99 }, gfc: cp.files.get('fold.gfc')!, parents: cp.parents, time: cp.time });
    await fx.repo.objects.write(forged.objects);
    const { violations } = await evaluatePush(fx.repo, [create(ref, forged.oid)], { clock });
    expect(violations).toEqual([expect.objectContaining({ rule: 'gatos.state.pof-mismatch', ref, commit: forged.oid })]);
    expect(violations[0]!.reason).toContain('state.file');
  });

  it('calls a checkpoint folded by another engine unverifiable', async () => {
    fx = await makeLedgerFixture();
    await aliceJournal(1);
    const fold = compileFold(parseFoldSpec('name: count\ninputs: [demo]\nentry: count.js\nversion: 1\n', 'count.yaml'), COUNT_FOLD, 'count.js');
    const { commit, ref } = await foldCheckpoint(fx.repo, fold);
    const cp = await loadCheckpoint(fx.repo.objects, commit);
    const state = JSON.parse(new TextDecoder().decode(cp.files.get(stateFilePath('demo'))));
    const other = buildCheckpoint({ pof: { ...cp.pof, fold_engine: 'qjs@0.0.1+wasm=0000000000000000' }, state, gfc: cp.files.get('fold.gfc')!, parents: cp.parents, time: cp.time });
    await fx.repo.objects.write(other.objects);
    expect(await rules([create(ref, other.oid)])).toEqual([`gatos.state.pof-unverifiable ${ref}`]);
  });
});

describe('evaluatePush: the gate fails closed', () => {
  it('refuses every gatos update when its own active policy does not load', async () => {
    fx = await makeLedgerFixture();
    const junk = await writeCommit(fx.repo, 'broken');
    fx.tmp.git('update-ref', ACTIVE_POLICY_REF, junk);
    const e = await writeEvents(fx.repo, fx.signers['user:alice']!, fx.policyRoot, null, 1);
    const { violations } = await evaluatePush(fx.repo, [create(ALICE, e)], { clock });
    expect(violations).toEqual([expect.objectContaining({ rule: 'gatos.policy.malformed', ref: ALICE })]);
  });
});
