import { isGatosError, type Clock } from '@gatos/core';
import { PROPOSALS_PREFIX } from './governanceRefs.js';
import type { GovernanceStore } from './loadRecords.js';
import { showProposal, type ProposalStatus } from './showProposal.js';

export interface ProposalSummary {
  readonly proposalId: string;
  readonly action: string | null;
  readonly target: string | null;
  readonly status: ProposalStatus | 'invalid';
  readonly counted: number;
  readonly required: number;
  /** Why the proposal record is unusable, when status is `invalid`. */
  readonly problem: string | null;
}

/**
 * Every proposal under `refs/gatos/proposals/`, sorted by id, with its status at the clock's time.
 * A malformed record is listed as `invalid` with the reason rather than hiding the others.
 * @example for (const p of await listProposals(repo, systemClock)) console.log(p.proposalId, p.status);
 */
export async function listProposals(store: GovernanceStore, clock: Clock): Promise<ProposalSummary[]> {
  const out: ProposalSummary[] = [];
  for (const { ref } of await store.refs.list(PROPOSALS_PREFIX)) {
    const id = ref.slice(PROPOSALS_PREFIX.length);
    try {
      const v = await showProposal(store, id, clock);
      out.push({ proposalId: v.proposalId, action: v.proposal.action, target: v.proposal.target, status: v.status, counted: v.counted, required: v.required, problem: null });
    } catch (err) {
      if (!isGatosError(err)) throw err;
      out.push({ proposalId: `blake3:${id}`, action: null, target: null, status: 'invalid', counted: 0, required: 0, problem: err.message });
    }
  }
  return out;
}
