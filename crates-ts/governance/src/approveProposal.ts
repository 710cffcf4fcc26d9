import { assertTimestamp, formatPublicKey, isGatosError, timestampToSeconds, type Clock, type Signer } from '@gatos/core';
import { isActorKey } from '@gatos/policy';
import { countApprovals, quorumOf } from './countApprovals.js';
import { withId, type ApprovalEnvelope, type GrantEnvelope } from './envelopes.js';
import { govError } from './errors.js';
import { approvalRef, grantRef, proofRef } from './governanceRefs.js';
import { createRecordRef, loadApprovals, loadGrantOf, loadProposal, parseId, type GovernanceStore } from './loadRecords.js';
import { buildProofOfConsensus, pocDigest } from './proofOfConsensus.js';
import { buildRecordCommit } from './recordCommit.js';

export interface ApprovalRequest {
  readonly proposalId: string;
  /** Optional `Expires-At` of this approval (must be in the future). */
  readonly expiresAt?: string;
}

export interface ApprovalResult {
  readonly approvalId: string;
  readonly ref: string;
  readonly commit: string;
  /** False when this exact approval was already recorded. */
  readonly created: boolean;
  /** Approvals that count now, and how many are required. */
  readonly counted: number;
  readonly required: number;
  /** The grant, once quorum is met (written by this call or earlier). */
  readonly grant: { readonly grantId: string; readonly ref: string; readonly proofOfConsensus: string; readonly proofRef: string } | null;
}

/**
 * Records a signed approval on `refs/gatos/approvals/<proposal-id>/<key-hex>`. The approver must be a
 * member of the quorum group with a current key in the proposal's policy, and the proposal unexpired.
 * When the approvals that count reach the quorum and no grant exists yet, it also writes the
 * Proof-of-Consensus (`refs/gatos/audit/proofs/governance/<proposal-id>`) and the grant
 * (`refs/gatos/grants/<proposal-id>`), signed by this approver.
 * @example const { grant } = await approveProposal(repo, { proposalId }, bob, systemClock);
 */
export async function approveProposal(store: GovernanceStore, request: ApprovalRequest, signer: Signer, clock: Clock): Promise<ApprovalResult> {
  const pid = parseId(request.proposalId, 'proposal id');
  const { proposal, trust } = await loadProposal(store, pid);
  const now = Math.floor(clock.now() / 1000);
  if (timestampToSeconds(proposal.expire_at) <= now) throw govError('GOV_PROPOSAL_EXPIRED', `proposal blake3:${pid} expired at ${proposal.expire_at}; it cannot be revived (propose again)`, { proposal: pid });
  const q = quorumOf(proposal);
  const key = formatPublicKey(signer.publicKey);
  if (!(trust.groups[q.group] ?? []).includes(signer.actor)) throw govError('GOV_NOT_MEMBER', `${signer.actor} is not a member of @${q.group} in policy ${proposal.policy_root}, so cannot approve`, { actor: signer.actor, group: q.group });
  if (!isActorKey(trust, signer.actor, key)) throw govError('GOV_SIGNER_NOT_TRUSTED', `${key} is not a current key of ${signer.actor} in policy ${proposal.policy_root}`, { actor: signer.actor });
  if (request.expiresAt !== undefined) {
    assertTimestamp(request.expiresAt);
    if (timestampToSeconds(request.expiresAt) <= now) throw govError('GOV_APPROVAL_EXPIRED', `Expires-At ${request.expiresAt} is not in the future`, { expires_at: request.expiresAt });
  }
  const approval = withId<ApprovalEnvelope>({
    proposal_id: proposal.proposal_id, signer: key, ...(request.expiresAt === undefined ? {} : { expires_at: request.expiresAt }),
  } as ApprovalEnvelope, 'approval_id');
  const ref = approvalRef(pid, key.slice('ed25519:'.length));
  const others = await loadApprovals(store, pid);
  const before = countApprovals(proposal, trust, others, now);
  if (before.verdicts.some((v) => v.counted && v.actor === signer.actor && v.signer !== key)) {
    throw govError('GOV_DUPLICATE_APPROVAL', `${signer.actor} already approved blake3:${pid} with another key; one approval per signer`, { actor: signer.actor });
  }
  const built = buildRecordCommit('approval', approval, signer);
  const created = await createRecordRef(store, ref, built).catch((err: unknown) => {
    if (isGatosError(err, 'REF_CAS_MISMATCH')) throw govError('GOV_DUPLICATE_APPROVAL', `${key} already approved blake3:${pid} (${ref}); one approval per signer`, { ref }, err);
    throw err;
  });
  const count = countApprovals(proposal, trust, await loadApprovals(store, pid), now);
  const result = { approvalId: approval.approval_id, ref, commit: built.oid, created, counted: count.counted.length, required: q.atLeast };
  const existing = await loadGrantOf(store, pid);
  if (existing?.envelope) return { ...result, grant: grantSummary(pid, existing.envelope) };
  if (count.counted.length < q.atLeast) return { ...result, grant: null };
  const poc = buildProofOfConsensus(proposal, count.counted);
  const grant = withId<GrantEnvelope>({ proposal_id: proposal.proposal_id, proof_of_consensus: pocDigest(poc) } as GrantEnvelope, 'grant_id');
  await createRecordRef(store, proofRef(pid), buildRecordCommit('proof', { proposal_id: proposal.proposal_id, digest: grant.proof_of_consensus }, signer, poc));
  await createRecordRef(store, grantRef(pid), buildRecordCommit('grant', grant, signer, poc));
  return { ...result, grant: grantSummary(pid, grant) };
}

function grantSummary(pid: string, g: GrantEnvelope): NonNullable<ApprovalResult['grant']> {
  return { grantId: g.grant_id, ref: grantRef(pid), proofOfConsensus: g.proof_of_consensus, proofRef: proofRef(pid) };
}
