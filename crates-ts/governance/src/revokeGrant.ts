import { formatPublicKey, isGatosError, type Signer } from '@gatos/core';
import { isActorKey } from '@gatos/policy';
import { quorumOf } from './countApprovals.js';
import { withId, type RevocationEnvelope } from './envelopes.js';
import { govError } from './errors.js';
import { revocationRef } from './governanceRefs.js';
import { createRecordRef, findGrant, loadProposal, type GovernanceStore } from './loadRecords.js';
import { buildRecordCommit } from './recordCommit.js';

export interface RevocationResult {
  readonly revocationId: string;
  readonly grantId: string;
  readonly ref: string;
  readonly commit: string;
}

/**
 * Revokes a grant: writes a signed revocation on `refs/gatos/revocations/<grant-id>`. Only a member
 * of the proposal's quorum group (in the proposal's policy) may revoke, with a current key (ADR-0012).
 * A grant is revoked once; a second revocation is `GOV_ALREADY_REVOKED`.
 * @example await revokeGrant(repo, { grantId, reason: 'superseded' }, carol)
 */
export async function revokeGrant(store: GovernanceStore, request: { grantId: string; reason: string }, signer: Signer): Promise<RevocationResult> {
  if (request.reason.length < 1 || request.reason.length > 256 || /[\x00-\x1f\x7f]/.test(request.reason) || request.reason.trim() !== request.reason) {
    throw govError('GOV_BAD_REASON', '--reason must be 1-256 characters on one line, without surrounding spaces');
  }
  const { proposalId, record } = await findGrant(store, request.grantId);
  if (record.envelope === null) throw govError('GOV_RECORD_INVALID', record.problem ?? 'grant is malformed', { proposal: proposalId });
  const { proposal, trust } = await loadProposal(store, proposalId);
  const group = quorumOf(proposal).group;
  if (!(trust.groups[group] ?? []).includes(signer.actor)) throw govError('GOV_NOT_MEMBER', `${signer.actor} is not a member of @${group}; only members of the proposal's group may revoke its grant`, { actor: signer.actor, group });
  const key = formatPublicKey(signer.publicKey);
  if (!isActorKey(trust, signer.actor, key)) throw govError('GOV_SIGNER_NOT_TRUSTED', `${key} is not a current key of ${signer.actor} in policy ${proposal.policy_root}`, { actor: signer.actor });
  const grantHex = record.envelope.grant_id.slice('blake3:'.length);
  const revocation = withId<RevocationEnvelope>({ grant_id: record.envelope.grant_id, reason: request.reason, revoked_by: signer.actor } as RevocationEnvelope, 'revocation_id');
  const built = buildRecordCommit('revocation', revocation, signer);
  const ref = revocationRef(grantHex);
  const created = await createRecordRef(store, ref, built).catch((err: unknown) => {
    if (isGatosError(err, 'REF_CAS_MISMATCH')) throw govError('GOV_ALREADY_REVOKED', `grant ${record.envelope!.grant_id} is already revoked (${ref})`, { ref }, err);
    throw err;
  });
  if (!created) throw govError('GOV_ALREADY_REVOKED', `grant ${record.envelope.grant_id} is already revoked with this reason by ${signer.actor}`, { ref });
  return { revocationId: revocation.revocation_id, grantId: record.envelope.grant_id, ref, commit: built.oid };
}
