import { timestampToSeconds } from '@gatos/core';
import { isActorKey, type TrustGraph } from '@gatos/policy';
import type { ApprovalEnvelope, ProposalEnvelope } from './envelopes.js';
import type { RecordRead } from './recordCommit.js';

/** What became of one approval record. */
export interface ApprovalVerdict {
  readonly commit: string;
  readonly approvalId: string | null;
  readonly signer: string | null;
  /** The group member the key belongs to, when it does. */
  readonly actor: string | null;
  readonly counted: boolean;
  /** Why it does not count, or null. */
  readonly reason: string | null;
}

export interface ApprovalCount {
  /** Counted approvals, one per actor, sorted by signer. */
  readonly counted: ApprovalEnvelope[];
  readonly verdicts: ApprovalVerdict[];
}

/** The group a proposal's `required_quorum` names, and N. */
export function quorumOf(proposal: Pick<ProposalEnvelope, 'required_quorum'>): { atLeast: number; of: number; group: string } {
  const [n, rest] = proposal.required_quorum.split('-of-') as [string, string];
  const [m, group] = rest.split('@') as [string, string];
  return { atLeast: Number(n), of: Number(m), group };
}

/**
 * Which approvals count towards `proposal` at `atSeconds` (pure; ADR-0012): well formed and signed,
 * for this proposal, by a current key of a member of the quorum group in `trust` (the trust graph of
 * the proposal's policy), not expired, and one per actor (the lowest signer key wins; the rest are
 * duplicates and are ignored).
 * @example countApprovals(proposal, trust, records, clock.now() / 1000).counted.length >= quorumOf(proposal).atLeast
 */
export function countApprovals(proposal: ProposalEnvelope, trust: TrustGraph, records: ReadonlyArray<RecordRead<ApprovalEnvelope>>, atSeconds: number): ApprovalCount {
  const members = trust.groups[quorumOf(proposal).group] ?? [];
  const ordered = [...records].sort((a, b) => ((a.envelope?.signer ?? '~') < (b.envelope?.signer ?? '~') ? -1 : 1));
  const seen = new Set<string>();
  const counted: ApprovalEnvelope[] = [];
  const verdicts = ordered.map((r): ApprovalVerdict => {
    const a = r.envelope;
    const verdict = (reason: string | null, actor: string | null = null): ApprovalVerdict => ({
      commit: r.commit, approvalId: a?.approval_id ?? null, signer: a?.signer ?? r.signer, actor, counted: reason === null, reason,
    });
    if (a === null) return verdict(r.problem ?? 'malformed');
    if (a.proposal_id !== proposal.proposal_id) return verdict(`approves ${a.proposal_id}, not ${proposal.proposal_id}`);
    const actor = members.find((m) => isActorKey(trust, m, a.signer)) ?? null;
    if (actor === null) return verdict(`${a.signer} is not a current key of any member of @${quorumOf(proposal).group} in policy ${proposal.policy_root}`);
    if (a.expires_at !== undefined && timestampToSeconds(a.expires_at) <= atSeconds) return verdict(`expired at ${a.expires_at}`, actor);
    if (seen.has(actor)) return verdict(`duplicate: ${actor} already approved with another key`, actor);
    seen.add(actor);
    counted.push(a);
    return verdict(null, actor);
  });
  return { counted, verdicts };
}
