import type { ApprovalEnvelope, EnvelopeKind, GrantEnvelope, ProposalEnvelope, RevocationEnvelope } from './envelopes.js';

/** The SPEC-DIGEST §5 trailers of each governance commit, derived from its envelope (so they always agree). */
export function recordTrailers(kind: EnvelopeKind | 'proof', envelope: object): Array<[string, string]> {
  switch (kind) {
    case 'proposal': {
      const p = envelope as ProposalEnvelope;
      return [['Action', p.action], ['Target', p.target], ['Proposal-Id', p.proposal_id], ['Required-Quorum', p.required_quorum],
        ['Expire-At', p.expire_at], ['Policy-Rule', p.policy_rule], ['Created-By', p.created_by], ['Policy-Root', p.policy_root]];
    }
    case 'approval': {
      const a = envelope as ApprovalEnvelope;
      return [['Proposal-Id', a.proposal_id], ['Approval-Id', a.approval_id], ...(a.expires_at ? [['Expires-At', a.expires_at] as [string, string]] : [])];
    }
    case 'grant': {
      const g = envelope as GrantEnvelope;
      return [['Proposal-Id', g.proposal_id], ['Grant-Id', g.grant_id], ['Proof-Of-Consensus', g.proof_of_consensus]];
    }
    case 'revocation': {
      const r = envelope as RevocationEnvelope;
      return [['Grant-Id', r.grant_id], ['Revocation-Id', r.revocation_id], ['Reason', r.reason], ['Revoked-By', r.revoked_by]];
    }
    case 'proof': {
      const poc = envelope as { proposal_id: string; digest: string };
      return [['Proposal-Id', poc.proposal_id], ['Proof-Of-Consensus', poc.digest]];
    }
  }
}
