import { timestampToSeconds, type Clock } from '@gatos/core';
import { checkGrant } from './checkGrant.js';
import { countApprovals, quorumOf, type ApprovalVerdict } from './countApprovals.js';
import type { ProposalEnvelope } from './envelopes.js';
import { loadApprovals, loadGrantOf, loadProposal, parseId, type GovernanceStore } from './loadRecords.js';

/** Where a proposal stands at the clock's time. */
export type ProposalStatus = 'open' | 'expired' | 'granted' | 'grant-invalid';

export interface ProposalView {
  readonly proposalId: string;
  readonly commit: string;
  readonly proposal: ProposalEnvelope;
  readonly status: ProposalStatus;
  readonly counted: number;
  readonly required: number;
  readonly approvals: ApprovalVerdict[];
  /** The grant with its verification reasons (empty when valid), or null. */
  readonly grant: { readonly grantId: string | null; readonly valid: boolean; readonly reasons: string[] } | null;
}

/**
 * A proposal with every approval's verdict and its grant's status, at the clock's time.
 * @example (await showProposal(repo, id, systemClock)).status // 'open'
 */
export async function showProposal(store: GovernanceStore, proposalId: string, clock: Clock): Promise<ProposalView> {
  const pid = parseId(proposalId, 'proposal id');
  const { commit, proposal, trust } = await loadProposal(store, pid);
  const now = Math.floor(clock.now() / 1000);
  const count = countApprovals(proposal, trust, await loadApprovals(store, pid), now);
  const grant = (await loadGrantOf(store, pid)) === null ? null : await checkGrant(store, pid, clock);
  const expired = timestampToSeconds(proposal.expire_at) <= now;
  const status: ProposalStatus = grant === null ? (expired ? 'expired' : 'open') : grant.valid ? 'granted' : 'grant-invalid';
  return {
    proposalId: proposal.proposal_id, commit, proposal, status, counted: count.counted.length, required: quorumOf(proposal).atLeast,
    approvals: count.verdicts, grant: grant === null ? null : { grantId: grant.grantId, valid: grant.valid, reasons: grant.reasons },
  };
}
