import { afterEach, describe, expect, it } from 'vitest';
import { decodeCommit, encodeCommit, hashObject, formatPublicKey, type Signer } from '@gatos/core';
import { approvalRef, approveProposal, checkGrant, createProposal, grantRef, pocDigest, showProposal, type ApprovalEnvelope, type GrantEnvelope, type ProofOfConsensus } from '../src/index.js';
import { withId } from '../src/envelopes.js';
import { buildRecordCommit } from '../src/recordCommit.js';
import { forger, makeGovFixture, type GovFixture } from './helpers.js';

let fx: GovFixture;
afterEach(async () => fx?.cleanup());

const propose = (target = 'gatos://artifact/model') => createProposal(fx.repo, { action: 'publish.artifact', target, quorum: '2-of-3@leads' }, fx.alice, fx.clock);

/** Writes an approval record for `proposalId` signed by `signer` under `refs/gatos/approvals/<pid>/<key>`, bypassing the plane's checks. */
async function plantApproval(pid: string, signer: Signer, approves = pid): Promise<ApprovalEnvelope> {
  const key = formatPublicKey(signer.publicKey);
  const approval = withId<ApprovalEnvelope>({ proposal_id: `blake3:${approves}`, signer: key } as ApprovalEnvelope, 'approval_id');
  const built = buildRecordCommit('approval', approval, signer);
  await fx.repo.objects.write(built.objects);
  await fx.repo.refs.compareAndSwap(approvalRef(pid, key.slice(8)), null, built.oid);
  return approval;
}

/** Writes a grant for `pid` whose poc.json is `poc` and whose Proof-Of-Consensus is `digest`. */
async function plantGrant(pid: string, poc: ProofOfConsensus, digest = pocDigest(poc)): Promise<GrantEnvelope> {
  const grant = withId<GrantEnvelope>({ proposal_id: `blake3:${pid}`, proof_of_consensus: digest } as GrantEnvelope, 'grant_id');
  const built = buildRecordCommit('grant', grant, fx.bob, poc);
  await fx.repo.objects.write(built.objects);
  await fx.repo.refs.compareAndSwap(grantRef(pid), null, built.oid);
  return grant;
}

const reasonsOf = async (pid: string): Promise<string[]> => (await showProposal(fx.repo, pid, fx.clock)).approvals.flatMap((a) => (a.reason ? [a.reason] : []));

describe('governance under hostile input', () => {
  it('ignores an approval whose signature was forged for a member key', async () => {
    fx = await makeGovFixture();
    const { proposalId } = await propose();
    await plantApproval(proposalId, forger(fx.bob, fx.dave));
    const r = await approveProposal(fx.repo, { proposalId }, fx.carol, fx.clock);
    expect(r).toMatchObject({ counted: 1, grant: null });
    expect((await reasonsOf(proposalId)).some((x) => x.includes(`Sig does not verify under ${formatPublicKey(fx.bob.publicKey)}`))).toBe(true);
  });

  it('ignores an approval of another proposal filed under this one, and approvals by non-members', async () => {
    fx = await makeGovFixture();
    const { proposalId } = await propose();
    const other = await propose('gatos://artifact/other');
    await plantApproval(proposalId, fx.bob, other.proposalId);
    await plantApproval(proposalId, fx.dave);
    const r = await approveProposal(fx.repo, { proposalId }, fx.carol, fx.clock);
    expect(r).toMatchObject({ counted: 1, grant: null });
    const reasons = await reasonsOf(proposalId);
    expect(reasons).toContain(`approves blake3:${other.proposalId}, not blake3:${proposalId}`);
    expect(reasons.some((x) => x.includes('is not a current key of any member of @leads'))).toBe(true);
  });

  it('rejects a grant whose Proof-of-Consensus does not reach quorum or whose digest was altered', async () => {
    fx = await makeGovFixture();
    const { proposalId } = await propose();
    const bob = (await approveProposal(fx.repo, { proposalId }, fx.bob, fx.clock)).approvalId;
    const thin: ProofOfConsensus = { proposal_id: `blake3:${proposalId}`, approvals: [{ approval_id: bob, signer: formatPublicKey(fx.bob.publicKey) }], policy_rule: 'governance.publish.artifact' };
    const grant = await plantGrant(proposalId, thin, `blake3:${'e'.repeat(64)}`);
    const verdict = await checkGrant(fx.repo, grant.grant_id, fx.clock);
    expect(verdict.valid).toBe(false);
    expect(verdict.reasons).toEqual(expect.arrayContaining([
      `poc.json hashes to ${pocDigest(thin)}, not the grant's Proof-Of-Consensus blake3:${'e'.repeat(64)}`,
      'quorum not met: 1 valid approvals from @leads, 2-of-3@leads required',
      expect.stringContaining(`Proof-Of-Consensus blake3:${'e'.repeat(64)} does not match the envelope rebuilt`),
    ]));
  });

  it('rejects a PoC naming an approval that was never recorded', async () => {
    fx = await makeGovFixture();
    const { proposalId } = await propose();
    const bob = (await approveProposal(fx.repo, { proposalId }, fx.bob, fx.clock)).approvalId;
    const keys = [fx.bob, fx.carol].map((s) => formatPublicKey(s.publicKey));
    const padded: ProofOfConsensus = {
      proposal_id: `blake3:${proposalId}`, policy_rule: 'governance.publish.artifact',
      approvals: [{ approval_id: bob, signer: keys[0]! }, { approval_id: `blake3:${'c'.repeat(64)}`, signer: keys[1]! }].sort((a, b) => (a.signer < b.signer ? -1 : 1)),
    };
    const grant = await plantGrant(proposalId, padded);
    const verdict = await checkGrant(fx.repo, grant.grant_id, fx.clock);
    expect(verdict.valid).toBe(false);
    expect(verdict.reasons).toContain(`the Proof-of-Consensus names approval blake3:${'c'.repeat(64)}, which is not recorded for blake3:${proposalId}`);
  });

  it('treats a grant commit whose trailers were edited as malformed', async () => {
    fx = await makeGovFixture();
    const { proposalId } = await propose();
    await approveProposal(fx.repo, { proposalId }, fx.bob, fx.clock);
    const { grant } = await approveProposal(fx.repo, { proposalId }, fx.carol, fx.clock);
    const oid = (await fx.repo.refs.read(grantRef(proposalId)))!;
    const c = decodeCommit((await fx.repo.objects.read(oid)).body);
    const body = encodeCommit({ ...c, message: c.message.replace(/Proof-Of-Consensus: blake3:[0-9a-f]{64}/, `Proof-Of-Consensus: blake3:${'f'.repeat(64)}`) });
    await fx.repo.objects.write([{ type: 'commit', body }]);
    await fx.repo.refs.compareAndSwap(grantRef(proposalId), oid, hashObject('commit', body));
    const verdict = await checkGrant(fx.repo, proposalId, fx.clock);
    expect(verdict.valid).toBe(false);
    expect(verdict.reasons).toEqual([expect.stringContaining('commit message does not match its envelope')]);
    expect(grant).not.toBeNull();
  });
});
