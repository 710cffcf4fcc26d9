import { assertTimestamp, formatPublicKey, formatTimestamp, timestampToSeconds, type Clock, type Signer } from '@gatos/core';
import { ACTIVE_POLICY_REF, isActorKey, loadBundle } from '@gatos/policy';
import { withId, type ProposalEnvelope } from './envelopes.js';
import { govError } from './errors.js';
import { ACTION_ID, loadGovernanceRules } from './governanceRules.js';
import { proposalRef } from './governanceRefs.js';
import { createRecordRef, type GovernanceStore } from './loadRecords.js';
import { formatQuorum, parseQuorum } from './quorum.js';
import { buildRecordCommit } from './recordCommit.js';

/** Proposal lifetime when neither the request nor the governance rule gives one (ADR-0003's 72h). */
export const DEFAULT_PROPOSAL_TTL_SECONDS = 72 * 3600;

export interface ProposalRequest {
  readonly action: string;
  /** A URI; `gatos://` is canonical (policy updates: `gatos://policy/<bundle-id>`). */
  readonly target: string;
  /** `N-of-M@group`; default: the governance rule's quorum. */
  readonly quorum?: string;
  /** Lifetime in seconds; default: the rule's `ttl`, else 72 hours. */
  readonly ttlSeconds?: number;
  /** An explicit `Expire-At` instead of a lifetime. */
  readonly expireAt?: string;
}

export interface ProposalResult {
  readonly proposalId: string;
  readonly ref: string;
  readonly commit: string;
  readonly proposal: ProposalEnvelope;
  /** False when exactly this proposal already existed. */
  readonly created: boolean;
}

const URI = /^[a-z][a-z0-9+.-]*:[^\s\x00-\x1f\x7f]+$/;

/**
 * Writes a signed proposal on `refs/gatos/proposals/<id>` under the active policy: the quorum group is
 * resolved in its trust graph (M = group size now), and a governed action's quorum must be at least
 * the rule's. Only `expire_at` depends on the clock, so the same request at the same second is the
 * same proposal. Throws `GOV_*` usage errors naming what to change.
 * @example await createProposal(repo, { action: 'policy.update', target: 'gatos://policy/<id>', quorum: '2-of-3@leads' }, signer, systemClock)
 */
export async function createProposal(store: GovernanceStore, request: ProposalRequest, signer: Signer, clock: Clock): Promise<ProposalResult> {
  if (!ACTION_ID.test(request.action)) throw govError('GOV_BAD_ACTION', `action ${JSON.stringify(request.action.slice(0, 80))} must match ${ACTION_ID.source} (e.g. policy.update)`, { action: request.action.slice(0, 80) });
  if (!URI.test(request.target) || request.target.length > 1024) throw govError('GOV_BAD_TARGET', `target ${JSON.stringify(request.target.slice(0, 80))} is not a URI (e.g. gatos://policy/<bundle-id>)`, { target: request.target.slice(0, 80) });
  const active = await store.refs.read(ACTIVE_POLICY_REF);
  if (active === null) throw govError('GOV_NO_POLICY', 'no active policy: publish one first (`git gatos policy publish`)');
  const bundle = await loadBundle(store.objects, active);
  const key = formatPublicKey(signer.publicKey);
  if (!isActorKey(bundle.trust, signer.actor, key)) throw govError('GOV_SIGNER_NOT_TRUSTED', `${key} is not a current key of ${signer.actor} in the active policy (add it with \`git gatos trust add\` and publish)`, { actor: signer.actor });
  const rule = loadGovernanceRules(bundle).get(request.action);
  const asked = request.quorum === undefined ? rule?.quorum : parseQuorum(request.quorum, '--quorum');
  if (asked === undefined) throw govError('GOV_BAD_QUORUM', `action ${request.action} is not governed by the active policy: give a quorum (e.g. --quorum 2-of-3@leads)`, { action: request.action });
  const members = bundle.trust.groups[asked.group];
  if (members === undefined || members.length === 0) throw govError('GOV_UNKNOWN_GROUP', `group @${asked.group} is not in the trust graph of the active policy (or is empty)`, { group: asked.group });
  if (asked.of !== null && asked.of !== members.length) throw govError('GOV_QUORUM_MISMATCH', `@${asked.group} has ${members.length} members, not ${asked.of} (use ${asked.atLeast}-of-${members.length}@${asked.group})`, { group: asked.group });
  if (asked.atLeast > members.length) throw govError('GOV_QUORUM_MISMATCH', `@${asked.group} has only ${members.length} members; ${asked.atLeast} approvals can never be reached`, { group: asked.group });
  if (rule !== undefined && (rule.quorum.group !== asked.group || asked.atLeast < rule.quorum.atLeast)) {
    throw govError('GOV_QUORUM_MISMATCH', `${rule.policyRule} requires at least ${rule.quorum.atLeast} of @${rule.quorum.group}; ${asked.atLeast} of @${asked.group} is not enough`, { action: request.action });
  }
  const nowSeconds = Math.floor(clock.now() / 1000);
  const expireAt = request.expireAt ?? formatTimestamp(nowSeconds + (request.ttlSeconds ?? rule?.ttlSeconds ?? DEFAULT_PROPOSAL_TTL_SECONDS));
  assertTimestamp(expireAt);
  if (timestampToSeconds(expireAt) <= nowSeconds) throw govError('GOV_PROPOSAL_EXPIRED', `Expire-At ${expireAt} is not in the future`, { expire_at: expireAt });
  const proposal = withId<ProposalEnvelope>({
    action: request.action, target: request.target, required_quorum: formatQuorum({ atLeast: asked.atLeast, of: members.length, group: asked.group }),
    expire_at: expireAt, policy_rule: `governance.${request.action}`, created_by: signer.actor, policy_root: active,
  } as ProposalEnvelope, 'proposal_id');
  const proposalId = proposal.proposal_id.slice('blake3:'.length);
  const built = buildRecordCommit('proposal', proposal, signer);
  const created = await createRecordRef(store, proposalRef(proposalId), built);
  return { proposalId, ref: proposalRef(proposalId), commit: built.oid, proposal, created };
}
