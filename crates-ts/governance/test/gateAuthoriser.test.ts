import { afterEach, describe, expect, it } from 'vitest';
import { ZERO_OID } from '@gatos/core';
import { evaluatePush, publisherTrustedAuthoriser, type PushUpdate } from '@gatos/gate';
import { ACTIVE_POLICY_REF, bundleRef, publishBundle } from '@gatos/policy';
import { approveProposal, createProposal, grantAuthoriser, policyTarget, revokeGrant } from '../src/index.js';
import { governedFiles, makeGovFixture, type GovFixture } from './helpers.js';

let fx: GovFixture;
afterEach(async () => fx?.cleanup());

describe('grantAuthoriser at the push gate', () => {
  it('denies a governed policy update without a grant, allows it with a 2-of-3 grant, denies it again once revoked', async () => {
    // Setup: a next bundle, published but not active, by a trusted lead.
    fx = await makeGovFixture();
    const { alice, bob, carol, dave } = fx;
    const next = await publishBundle(fx.repo, governedFiles([alice, bob, carol, dave], undefined, { 'policies/readme.txt': 'v2\n' }), alice, { activate: false });
    const updates: PushUpdate[] = [{ ref: ACTIVE_POLICY_REF, old: fx.policyRoot, new: next.commit }, { ref: bundleRef(next.bundleId), old: ZERO_OID, new: next.commit }];
    const policyAuthoriser = grantAuthoriser({ store: fx.repo, clock: fx.clock, fallback: publisherTrustedAuthoriser });
    const push = async (): Promise<string[]> => (await evaluatePush(fx.repo, updates, { clock: fx.clock, policyAuthoriser })).violations.map((v) => `${v.rule}: ${v.reason}`);
    // Test
    expect(await push()).toEqual([expect.stringMatching(/^gatos\.policy\.unauthorised: governance\.policy\.update requires a grant for gatos:\/\/policy\//)]);
    const { proposalId } = await createProposal(fx.repo, { action: 'policy.update', target: policyTarget(next.bundleId) }, alice, fx.clock);
    await approveProposal(fx.repo, { proposalId }, bob, fx.clock);
    expect(await push()).toEqual([expect.stringContaining('requires a grant for gatos://policy/')]); // one approval: no grant yet
    const { grant } = await approveProposal(fx.repo, { proposalId }, carol, fx.clock);
    expect(await push()).toEqual([]);
    await revokeGrant(fx.repo, { grantId: grant!.grantId, reason: 'wrong bundle' }, carol);
    expect(await push()).toEqual([expect.stringContaining(`was revoked by user:carol: wrong bundle`)]);
  });

  it('leaves ungoverned policies to the fallback authoriser', async () => {
    fx = await makeGovFixture(null);
    const next = await publishBundle(fx.repo, governedFiles([fx.alice, fx.bob, fx.carol, fx.dave], null, { 'policies/readme.txt': 'v2\n' }), fx.alice, { activate: false });
    const policyAuthoriser = grantAuthoriser({ store: fx.repo, clock: fx.clock, fallback: publisherTrustedAuthoriser });
    const { violations } = await evaluatePush(fx.repo, [{ ref: ACTIVE_POLICY_REF, old: fx.policyRoot, new: next.commit }], { clock: fx.clock, policyAuthoriser });
    expect(violations).toEqual([]);
  });

  it('refuses to propose a governed policy update with a quorum weaker than the rule', async () => {
    fx = await makeGovFixture('governance:\n  policy.update: {quorum: 3-of-3@leads}\n');
    const next = await publishBundle(fx.repo, governedFiles([fx.alice, fx.bob, fx.carol, fx.dave], 'governance:\n  policy.update: {quorum: 3-of-3@leads}\n', { 'policies/readme.txt': 'v2\n' }), fx.alice, { activate: false });
    await expect(createProposal(fx.repo, { action: 'policy.update', target: policyTarget(next.bundleId), quorum: '2-of-3@leads' }, fx.alice, fx.clock)).rejects.toMatchObject({ code: 'GOV_QUORUM_MISMATCH' });
  });
});
