import { blake3Hex, canonicalJsonBytes } from '@gatos/core';
import type { ApprovalEnvelope, ProofOfConsensus, ProposalEnvelope } from './envelopes.js';

/**
 * The Proof-of-Consensus of `approvals` for `proposal` (SPEC-DIGEST §4, I18): schema shape, approvals
 * sorted by signer (lowercase hex, which is how signers are written). The quorum is bound through
 * `proposal_id`, whose content holds `required_quorum`.
 * @example pocDigest(buildProofOfConsensus(proposal, counted)) // the grant's Proof-Of-Consensus
 */
export function buildProofOfConsensus(proposal: Pick<ProposalEnvelope, 'proposal_id' | 'policy_rule'>, approvals: readonly ApprovalEnvelope[]): ProofOfConsensus {
  const sorted = approvals.map((a) => ({ approval_id: a.approval_id, signer: a.signer.toLowerCase() })).sort((a, b) => (a.signer < b.signer ? -1 : a.signer > b.signer ? 1 : 0));
  return { proposal_id: proposal.proposal_id, approvals: sorted, policy_rule: proposal.policy_rule };
}

/** `blake3:` + BLAKE3 of the JCS bytes of `poc`: the grant's `Proof-Of-Consensus` trailer. */
export function pocDigest(poc: ProofOfConsensus): string {
  return `blake3:${blake3Hex(canonicalJsonBytes(poc))}`;
}
