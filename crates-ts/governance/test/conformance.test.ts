import { afterEach, describe, expect, it } from 'vitest';
import { approveProposal, checkGrant, createProposal, listProposals, revokeGrant, showProposal } from '../src/index.js';
import { HOUR, T0, makeGovFixture, type GovFixture } from './helpers.js';

let fx: GovFixture;
afterEach(async () => fx?.cleanup());

const TARGET = 'https://example.com/assets/model.bin';
const propose = (quorum = '2-of-3@leads') => createProposal(fx.repo, { action: 'publish.artifact', target: TARGET, quorum }, fx.alice, fx.clock);

describe('governance conformance (SPEC-DIGEST §12 items 25-29)', () => {
  it('a 2-of-3 action has no grant with one approval and a valid grant with two (item 25)', async () => {
    // Setup
    fx = await makeGovFixture();
    const { proposalId, proposal } = await propose();
    expect(proposal.required_quorum).toBe('2-of-3@leads');
    expect(proposal.expire_at).toBe('2026-11-04T12:00:00Z');
    // Test
    const first = await approveProposal(fx.repo, { proposalId }, fx.bob, fx.clock);
    expect(first).toMatchObject({ counted: 1, required: 2, grant: null });
    const second = await approveProposal(fx.repo, { proposalId }, fx.carol, fx.clock);
    expect(second.grant).not.toBeNull();
    const verdict = await checkGrant(fx.repo, second.grant!.grantId, fx.clock);
    expect(verdict).toMatchObject({ valid: true, reasons: [], action: 'publish.artifact', target: TARGET });
    expect(await fx.repo.refs.read(second.grant!.proofRef)).not.toBeNull();
    expect((await showProposal(fx.repo, proposalId, fx.clock)).status).toBe('granted');
    expect((await listProposals(fx.repo, fx.clock)).map((p) => p.status)).toEqual(['granted']);
  });

  it('the same request at the same second is the same proposal (ids have no hidden inputs)', async () => {
    fx = await makeGovFixture();
    const a = await propose();
    const b = await propose();
    expect(b).toMatchObject({ proposalId: a.proposalId, commit: a.commit, created: false });
  });

  it('refuses approvals from non-members and a second approval by the same signer (item 27)', async () => {
    fx = await makeGovFixture();
    const { proposalId } = await propose();
    await expect(approveProposal(fx.repo, { proposalId }, fx.dave, fx.clock)).rejects.toMatchObject({ code: 'GOV_NOT_MEMBER' });
    await approveProposal(fx.repo, { proposalId }, fx.bob, fx.clock);
    const again = await approveProposal(fx.repo, { proposalId }, fx.bob, fx.clock);
    expect(again).toMatchObject({ created: false, counted: 1, grant: null });
    await expect(approveProposal(fx.repo, { proposalId, expiresAt: '2026-11-02T00:00:00Z' }, fx.bob, fx.clock)).rejects.toMatchObject({ code: 'GOV_DUPLICATE_APPROVAL' });
  });

  it('an approval past its Expires-At no longer counts, and a grant resting on it fails (item 28)', async () => {
    fx = await makeGovFixture();
    const { proposalId } = await propose();
    await approveProposal(fx.repo, { proposalId, expiresAt: '2026-11-01T13:00:00Z' }, fx.bob, fx.clock);
    const granted = await approveProposal(fx.repo, { proposalId }, fx.carol, fx.clock);
    expect((await checkGrant(fx.repo, granted.grant!.grantId, fx.clock)).valid).toBe(true);
    fx.clock.set(T0 + 2 * HOUR);
    const verdict = await checkGrant(fx.repo, granted.grant!.grantId, fx.clock);
    expect(verdict.valid).toBe(false);
    expect(verdict.reasons).toContain('quorum not met: 1 valid approvals from @leads, 2-of-3@leads required');
    expect(verdict.reasons.some((r) => r.includes('expired at 2026-11-01T13:00:00Z'))).toBe(true);
  });

  it('an expired proposal cannot be approved, granted or revived (item 28)', async () => {
    fx = await makeGovFixture();
    const { proposalId } = await createProposal(fx.repo, { action: 'publish.artifact', target: TARGET, ttlSeconds: 3600 }, fx.alice, fx.clock);
    await approveProposal(fx.repo, { proposalId }, fx.bob, fx.clock);
    fx.clock.set(T0 + HOUR);
    await expect(approveProposal(fx.repo, { proposalId }, fx.carol, fx.clock)).rejects.toMatchObject({ code: 'GOV_PROPOSAL_EXPIRED' });
    expect(await fx.repo.refs.list('refs/gatos/grants/')).toEqual([]);
    expect((await showProposal(fx.repo, proposalId, fx.clock)).status).toBe('expired');
  });

  it('a revoked grant fails verification; only members of the group may revoke (item 26)', async () => {
    fx = await makeGovFixture();
    const { proposalId } = await propose();
    await approveProposal(fx.repo, { proposalId }, fx.bob, fx.clock);
    const { grant } = await approveProposal(fx.repo, { proposalId }, fx.carol, fx.clock);
    await expect(revokeGrant(fx.repo, { grantId: grant!.grantId, reason: 'superseded' }, fx.dave)).rejects.toMatchObject({ code: 'GOV_NOT_MEMBER' });
    const revoked = await revokeGrant(fx.repo, { grantId: grant!.grantId, reason: 'superseded' }, fx.alice);
    expect(revoked.grantId).toBe(grant!.grantId);
    const verdict = await checkGrant(fx.repo, grant!.grantId, fx.clock);
    expect(verdict).toMatchObject({ valid: false, revokedBy: 'user:alice' });
    expect(verdict.reasons).toEqual([`grant ${grant!.grantId} was revoked by user:alice: superseded`]);
    await expect(revokeGrant(fx.repo, { grantId: grant!.grantId, reason: 'again' }, fx.bob)).rejects.toMatchObject({ code: 'GOV_ALREADY_REVOKED' });
  });

  it('a governed action needs at least the rule quorum, over a group of the size the trust graph says', async () => {
    fx = await makeGovFixture();
    await expect(propose('1-of-3@leads')).rejects.toMatchObject({ code: 'GOV_QUORUM_MISMATCH' });
    await expect(propose('2-of-4@leads')).rejects.toMatchObject({ code: 'GOV_QUORUM_MISMATCH' });
    await expect(propose('2-of-3@nobody')).rejects.toMatchObject({ code: 'GOV_UNKNOWN_GROUP' });
    await expect(createProposal(fx.repo, { action: 'ungoverned.thing', target: TARGET }, fx.alice, fx.clock)).rejects.toMatchObject({ code: 'GOV_BAD_QUORUM' });
    await expect(createProposal(fx.repo, { action: 'publish.artifact', target: 'not a uri' }, fx.alice, fx.clock)).rejects.toMatchObject({ code: 'GOV_BAD_TARGET' });
  });
});
