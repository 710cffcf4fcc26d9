import { isActorKey, type TrustGraph } from '@gatos/policy';
import { timestampToSeconds } from '@gatos/core';
import { countApprovals, quorumOf, type ApprovalVerdict } from './countApprovals.js';
import { checkProofOfConsensus, type ApprovalEnvelope, type GrantEnvelope, type ProofOfConsensus, type ProposalEnvelope, type RevocationEnvelope } from './envelopes.js';
import { buildProofOfConsensus, pocDigest } from './proofOfConsensus.js';
import type { RecordRead } from './recordCommit.js';

/** Everything a grant's verification reads, already loaded from the repository. */
export interface GrantMaterial {
  readonly grant: RecordRead<GrantEnvelope>;
  readonly proposal: ProposalEnvelope;
  /** Trust graph of the proposal's `policy_root`: it resolves the quorum group. */
  readonly trust: TrustGraph;
  /** Every approval recorded for the proposal. */
  readonly approvals: ReadonlyArray<RecordRead<ApprovalEnvelope>>;
  readonly revocation: RecordRead<RevocationEnvelope> | null;
}

export interface GrantVerdict {
  readonly valid: boolean;
  /** Every reason the grant cannot be used (empty when valid). */
  readonly reasons: string[];
  readonly grantId: string | null;
  readonly proposalId: string;
  readonly action: string;
  readonly target: string;
  readonly requiredQuorum: string;
  /** Verdicts of the approvals the Proof-of-Consensus names. */
  readonly approvals: ApprovalVerdict[];
  /** Set when a valid revocation exists. */
  readonly revokedBy: string | null;
}

/**
 * Verifies a grant at `atSeconds` (pure, SPEC-DIGEST §4 PoC steps; ADR-0012): the grant record is well
 * formed and signed; its proposal is unexpired; each approval its Proof-of-Consensus names is recorded,
 * signed, for this proposal, by a current key of a group member, unexpired and one per actor; the
 * quorum holds; the digest rebuilt from those approvals equals `Proof-Of-Consensus`; no valid revocation.
 * @example verifyGrant(material, clock.now() / 1000).valid
 */
export function verifyGrant(m: GrantMaterial, atSeconds: number): GrantVerdict {
  const p = m.proposal;
  const q = quorumOf(p);
  const reasons: string[] = [];
  const g = m.grant.envelope;
  const base = { proposalId: p.proposal_id, action: p.action, target: p.target, requiredQuorum: p.required_quorum };
  if (g === null) return { ...base, valid: false, reasons: [m.grant.problem ?? 'grant is malformed'], grantId: null, approvals: [], revokedBy: null };
  if (g.proposal_id !== p.proposal_id) reasons.push(`grant ${g.grant_id} is for ${g.proposal_id}, not ${p.proposal_id}`);
  if (timestampToSeconds(p.expire_at) <= atSeconds) reasons.push(`proposal ${p.proposal_id} expired at ${p.expire_at}; an expired proposal cannot be revived (propose again)`);
  const poc = m.grant.poc as ProofOfConsensus | null | undefined;
  let verdicts: ApprovalVerdict[] = [];
  if (poc === null || poc === undefined || checkProofOfConsensus(poc) !== null) {
    reasons.push(`grant ${g.grant_id} has no well-formed poc.json`);
  } else {
    if (pocDigest(poc) !== g.proof_of_consensus) reasons.push(`poc.json hashes to ${pocDigest(poc)}, not the grant's Proof-Of-Consensus ${g.proof_of_consensus}`);
    const named = poc.approvals.map((a) => a.approval_id);
    const referenced = m.approvals.filter((r) => r.envelope !== null && named.includes(r.envelope.approval_id));
    for (const id of named) {
      if (!referenced.some((r) => r.envelope!.approval_id === id)) reasons.push(`the Proof-of-Consensus names approval ${id}, which is not recorded for ${p.proposal_id}`);
    }
    const count = countApprovals(p, m.trust, referenced, atSeconds);
    verdicts = count.verdicts;
    for (const v of verdicts) if (!v.counted) reasons.push(`approval ${v.approvalId ?? v.commit} does not count: ${v.reason}`);
    if (count.counted.length < q.atLeast) reasons.push(`quorum not met: ${count.counted.length} valid approvals from @${q.group}, ${p.required_quorum} required`);
    const rebuilt = pocDigest(buildProofOfConsensus(p, count.counted));
    if (rebuilt !== g.proof_of_consensus) reasons.push(`Proof-Of-Consensus ${g.proof_of_consensus} does not match the envelope rebuilt from the approvals (${rebuilt})`);
  }
  const revokedBy = m.revocation !== null && revocationProblem(m.revocation, g, p, m.trust) === null ? m.revocation.envelope!.revoked_by : null;
  if (revokedBy !== null) reasons.push(`grant ${g.grant_id} was revoked by ${revokedBy}: ${m.revocation!.envelope!.reason}`);
  return { ...base, valid: reasons.length === 0, reasons, grantId: g.grant_id, approvals: verdicts, revokedBy };
}

/**
 * Why a revocation record does not revoke `grant`, or null when it does. Rule (ADR-0012): signed by a
 * current key of its `revoked_by` actor, who is a member of the proposal's quorum group in the
 * proposal's policy. A forged revocation is ignored rather than trusted, so it cannot disable a grant.
 */
export function revocationProblem(r: RecordRead<RevocationEnvelope>, grant: GrantEnvelope, proposal: ProposalEnvelope, trust: TrustGraph): string | null {
  const rev = r.envelope;
  if (rev === null) return r.problem ?? 'revocation is malformed';
  if (rev.grant_id !== grant.grant_id) return `revocation ${rev.revocation_id} names ${rev.grant_id}, not ${grant.grant_id}`;
  const group = quorumOf(proposal).group;
  if (!(trust.groups[group] ?? []).includes(rev.revoked_by)) return `${rev.revoked_by} is not a member of @${group}, so cannot revoke`;
  if (r.signer === null || !isActorKey(trust, rev.revoked_by, r.signer)) return `revocation is signed by ${r.signer ?? 'no key'}, not a current key of ${rev.revoked_by}`;
  return null;
}
