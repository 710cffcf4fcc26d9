import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ZERO_OID, formatPublicKey, initHashes, type Signer } from '@gatos/core';
import { openRepository, type Repository } from '@gatos/git';
import { approvalRef, approveProposal, createProposal, policyTarget, revocationRef, revokeGrant, type ApprovalEnvelope, type ApprovalResult, type ProposalResult, type RevocationEnvelope } from '@gatos/governance';
import { buildRecordCommit, withId } from '@gatos/governance/internal';
import { ACTIVE_POLICY_REF, publishBundle } from '@gatos/policy';
import { makeTempRepo, testSigner, type TempRepo } from '@gatos/testkit';
import { evaluatePush, type PushUpdate } from '../src/index.js';
import { governedFiles } from './governanceFixture.js';
import { clock, writeCommit } from './helpers.js';

// The client builds records with the governance plane; the "server" is a bare repository that sees the
// client's objects (alternates) but only the refs each test gives it, as pre-receive sees a push.
let client: TempRepo;
let server: TempRepo;
let repo: Repository;
let serverRepo: Repository;
const [alice, bob, carol, mallory] = ['user:alice', 'user:bob', 'user:carol', 'user:mallory'].map(testSigner) as [Signer, Signer, Signer, Signer];
let proposal: ProposalResult;
let approvals: ApprovalResult[];
let lone: { proposal: ProposalResult; approval: ApprovalResult; forged: ApprovalResult };
let revocation: { ref: string; commit: string };

const create = (ref: string, oid: string): PushUpdate => ({ ref, old: ZERO_OID, new: oid });
const rules = async (updates: PushUpdate[]): Promise<string[]> => (await evaluatePush(serverRepo, updates, { clock })).violations.map((v) => `${v.rule} ${v.ref}`);
const grantUpdates = (): PushUpdate[] => [create(approvals[1]!.grant!.ref, client.git('rev-parse', approvals[1]!.grant!.ref)), create(approvals[1]!.grant!.proofRef, client.git('rev-parse', approvals[1]!.grant!.proofRef))];

beforeAll(async () => {
  await initHashes();
  client = makeTempRepo();
  repo = await openRepository(client.dir);
  const published = await publishBundle(repo, governedFiles([alice, bob, carol], ['user:alice', 'user:bob', 'user:carol']), alice);
  proposal = await createProposal(repo, { action: 'policy.update', target: policyTarget('a'.repeat(64)) }, alice, clock);
  approvals = [await approveProposal(repo, { proposalId: proposal.proposalId }, bob, clock), await approveProposal(repo, { proposalId: proposal.proposalId }, carol, clock)];
  const second = await createProposal(repo, { action: 'policy.update', target: policyTarget('b'.repeat(64)) }, alice, clock);
  lone = {
    proposal: second,
    approval: await approveProposal(repo, { proposalId: second.proposalId }, bob, clock),
    forged: await approveProposal(repo, { proposalId: second.proposalId }, { actor: carol.actor, publicKey: carol.publicKey, sign: (m) => mallory.sign(m) }, clock),
  };
  revocation = await revokeGrant(repo, { grantId: approvals[1]!.grant!.grantId, reason: 'wrong target' }, carol);
  server = makeTempRepo({ bare: true });
  writeFileSync(join(server.dir, 'objects/info/alternates'), `${join(client.dir, '.git/objects')}\n`);
  server.git('update-ref', ACTIVE_POLICY_REF, published.commit);
  serverRepo = await openRepository(server.dir);
});
afterAll(async () => {
  await repo?.close();
  await serverRepo?.close();
  client?.cleanup();
  server?.cleanup();
});

describe('gatos.governance.* at the gate (evaluatePush, no server)', () => {
  it('accepts a proposal, its approvals, the grant and the Proof-of-Consensus in one push', async () => {
    expect(await rules([create(proposal.ref, proposal.commit), ...approvals.map((a) => create(a.ref, a.commit)), ...grantUpdates()])).toEqual([]);
  });

  it('gatos.governance.immutable: a record ref never moves', async () => {
    expect(await rules([{ ref: proposal.ref, old: proposal.commit, new: lone.proposal.commit }])).toEqual([`gatos.governance.immutable ${proposal.ref}`]);
  });

  it('gatos.governance.malformed: a forged signature, a plain commit, a record under another id', async () => {
    const plain = await writeCommit(repo, 'not a record');
    expect(await rules([
      create(lone.proposal.ref, lone.proposal.commit), create(lone.forged.ref, lone.forged.commit),
      create(`refs/gatos/proposals/${'c'.repeat(64)}`, plain), create(`refs/gatos/proposals/${'d'.repeat(64)}`, proposal.commit),
    ])).toEqual([
      `gatos.governance.malformed ${lone.forged.ref}`, `gatos.governance.malformed refs/gatos/proposals/${'c'.repeat(64)}`, `gatos.governance.malformed refs/gatos/proposals/${'d'.repeat(64)}`,
    ]);
  });

  it('gatos.governance.unknown-proposal: an approval or grant without its proposal on the server or in the push', async () => {
    const [ref] = [approvals[0]!.ref];
    expect(await rules([create(ref, approvals[0]!.commit), grantUpdates()[0]!])).toEqual([`gatos.governance.unknown-proposal ${ref}`, `gatos.governance.unknown-proposal ${approvals[1]!.grant!.ref}`]);
  });

  it('gatos.governance.quorum: a grant whose approvals are missing does not verify; a PoC without its grant matches none', async () => {
    const [grant, proof] = grantUpdates();
    expect(await rules([create(proposal.ref, proposal.commit), create(approvals[0]!.ref, approvals[0]!.commit), grant!])).toEqual([`gatos.governance.quorum ${grant!.ref}`]);
    expect(await rules([create(proposal.ref, proposal.commit), proof!])).toEqual([`gatos.governance.quorum ${proof!.ref}`]);
  });

  it('gatos.governance.unknown-grant: a revocation of a grant that is nowhere; accepted with its grant', async () => {
    const rev = create(revocation.ref, revocation.commit);
    expect(await rules([rev])).toEqual([`gatos.governance.unknown-grant ${revocation.ref}`]);
    expect(await rules([create(proposal.ref, proposal.commit), ...approvals.map((a) => create(a.ref, a.commit)), ...grantUpdates(), rev])).toEqual([]);
  });

  it('gatos.governance.untrusted-signer: a correctly signed approval by an actor outside the quorum group', async () => {
    // The plane refuses to write this record, so it is built by hand, as an attacker would.
    const key = formatPublicKey(mallory.publicKey);
    const envelope = withId<ApprovalEnvelope>({ proposal_id: `blake3:${lone.proposal.proposalId}`, signer: key } as ApprovalEnvelope, 'approval_id');
    const built = buildRecordCommit('approval', envelope, mallory);
    await repo.objects.write(built.objects);
    const ref = approvalRef(lone.proposal.proposalId, key.slice('ed25519:'.length));
    expect(await rules([create(lone.proposal.ref, client.git('rev-parse', lone.proposal.ref)), create(ref, built.oid)])).toEqual([`gatos.governance.untrusted-signer ${ref}`]);
  });

  it('gatos.governance.revoker: a correctly signed revocation by someone outside the proposal’s group', async () => {
    const grantId = approvals[1]!.grant!.grantId;
    const envelope = withId<RevocationEnvelope>({ grant_id: grantId, reason: 'hostile', revoked_by: mallory.actor } as RevocationEnvelope, 'revocation_id');
    const built = buildRecordCommit('revocation', envelope, mallory);
    await repo.objects.write(built.objects);
    const ref = revocationRef(grantId.slice('blake3:'.length));
    const updates = [create(proposal.ref, client.git('rev-parse', proposal.ref)), ...approvals.map((a) => create(a.ref, a.commit)), ...grantUpdates(), create(ref, built.oid)];
    expect(await rules(updates)).toEqual([`gatos.governance.revoker ${ref}`]);
  });

  it('gatos.ref.bad-name: a governance ref outside the layout', async () => {
    expect(await rules([create('refs/gatos/proposals/nope', proposal.commit)])).toEqual(['gatos.ref.bad-name refs/gatos/proposals/nope']);
  });
});
