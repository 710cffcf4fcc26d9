/**
 * Governance refs (SPEC-DIGEST §1, CH4). Ids and keys in ref names are bare lowercase hex (§1 [R]);
 * every ref is created once and never moved.
 */
export const PROPOSALS_PREFIX = 'refs/gatos/proposals/';
export const APPROVALS_PREFIX = 'refs/gatos/approvals/';
export const GRANTS_PREFIX = 'refs/gatos/grants/';
export const REVOCATIONS_PREFIX = 'refs/gatos/revocations/';
export const GOVERNANCE_PROOFS_PREFIX = 'refs/gatos/audit/proofs/governance/';

/** `refs/gatos/proposals/<proposal-id-hex>` */
export const proposalRef = (proposalId: string): string => `${PROPOSALS_PREFIX}${proposalId}`;
/** `refs/gatos/approvals/<proposal-id-hex>/<signer-key-hex>` */
export const approvalRef = (proposalId: string, signerHex: string): string => `${APPROVALS_PREFIX}${proposalId}/${signerHex}`;
/** `refs/gatos/grants/<proposal-id-hex>` */
export const grantRef = (proposalId: string): string => `${GRANTS_PREFIX}${proposalId}`;
/** `refs/gatos/revocations/<grant-id-hex>` */
export const revocationRef = (grantId: string): string => `${REVOCATIONS_PREFIX}${grantId}`;
/** `refs/gatos/audit/proofs/governance/<proposal-id-hex>`: the Proof-of-Consensus, immutable. */
export const proofRef = (proposalId: string): string => `${GOVERNANCE_PROOFS_PREFIX}${proposalId}`;
