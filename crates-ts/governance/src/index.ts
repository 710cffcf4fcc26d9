/**
 * `@gatos/governance`: Proposal → N-of-M Approvals → Grant with a Proof-of-Consensus, and revocation
 * (SPEC-DIGEST §4, §5; spec/adr/0012-governance.md). Records are signed JCS envelopes in root commits
 * under `refs/gatos/{proposals,approvals,grants,revocations}/` and `refs/gatos/audit/proofs/governance/`.
 * Verification (`countApprovals`, `verifyGrant`) is pure over loaded material; the rest reads and
 * writes through the `ObjectStore`/`RefStore` ports.
 */
export type { GovernanceErrorCode } from './errors.js';
export { contentId } from './contentId.js';
export { parseQuorum, formatQuorum } from './quorum.js';
export type { Quorum } from './quorum.js';
export { parseDuration } from './parseDuration.js';
export { GOVERNANCE_RULES_PATH, parseGovernanceRules, loadGovernanceRules } from './governanceRules.js';
export type { GovernanceRule, GovernanceRules } from './governanceRules.js';
export { proposalRef, approvalRef, grantRef, revocationRef, proofRef } from './governanceRefs.js';
export { checkEnvelope, checkProofOfConsensus } from './envelopes.js';
export type { ProposalEnvelope, ApprovalEnvelope, GrantEnvelope, RevocationEnvelope, ProofOfConsensus, EnvelopeKind } from './envelopes.js';
export { buildProofOfConsensus, pocDigest } from './proofOfConsensus.js';
export { readRecord } from './recordCommit.js';
export type { RecordRead } from './recordCommit.js';
export type { GovernanceStore, LoadedProposal } from './loadRecords.js';
export { countApprovals } from './countApprovals.js';
export type { ApprovalVerdict, ApprovalCount } from './countApprovals.js';
export { verifyGrant } from './verifyGrant.js';
export type { GrantMaterial, GrantVerdict } from './verifyGrant.js';
export { createProposal, DEFAULT_PROPOSAL_TTL_SECONDS } from './createProposal.js';
export type { ProposalRequest, ProposalResult } from './createProposal.js';
export { approveProposal } from './approveProposal.js';
export type { ApprovalRequest, ApprovalResult } from './approveProposal.js';
export { checkGrant } from './checkGrant.js';
export { revokeGrant } from './revokeGrant.js';
export type { RevocationResult } from './revokeGrant.js';
export { showProposal } from './showProposal.js';
export type { ProposalView, ProposalStatus } from './showProposal.js';
export { listProposals } from './listProposals.js';
export type { ProposalSummary } from './listProposals.js';
export { grantAuthoriser, policyTarget, POLICY_UPDATE_ACTION } from './grantAuthoriser.js';
export type { PolicyUpdateRequestShape, PolicyUpdateAuthoriserShape, GrantViolation } from './grantAuthoriser.js';
