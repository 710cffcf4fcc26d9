import { describe, expect, it } from 'vitest';

describe('@gatos/governance public surface', () => {
  it('exposes only the intended API (changing it is deliberate: update this list)', async () => {
    expect(Object.keys(await import('../src/index.js')).sort()).toEqual([
      'DEFAULT_PROPOSAL_TTL_SECONDS', 'GOVERNANCE_RULES_PATH', 'POLICY_UPDATE_ACTION', 'approvalRef', 'approveProposal', 'buildProofOfConsensus',
      'checkEnvelope', 'checkGrant', 'checkProofOfConsensus', 'contentId', 'countApprovals', 'createProposal', 'formatQuorum', 'grantAuthoriser',
      'grantRef', 'listProposals', 'loadGovernanceRules', 'parseDuration', 'parseGovernanceRules', 'parseQuorum', 'pocDigest', 'policyTarget',
      'proofRef', 'proposalRef', 'readRecord', 'revocationRef', 'revokeGrant', 'showProposal', 'verifyGrant',
    ]);
  });
});
