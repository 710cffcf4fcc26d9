import type { Clock } from '@gatos/core';
import { findGrant, loadApprovals, loadProposal, loadRevocation, type GovernanceStore } from './loadRecords.js';
import { verifyGrant, type GrantVerdict } from './verifyGrant.js';
import { bareDigest } from './contentId.js';

/**
 * Loads a grant (by grant id or proposal id) with its proposal, approvals and revocation, and verifies
 * it at the clock's time. Throws `GOV_BAD_ID` / `GOV_GRANT_NOT_FOUND` for bad input; an invalid grant
 * is a verdict with reasons, not an error.
 * @example const verdict = await checkGrant(repo, 'blake3:…', systemClock); if (!verdict.valid) console.log(verdict.reasons);
 */
export async function checkGrant(store: GovernanceStore, id: string, clock: Clock): Promise<GrantVerdict> {
  const { proposalId, record } = await findGrant(store, id);
  const { proposal, trust } = await loadProposal(store, proposalId);
  const grantHex = record.envelope === null ? null : bareDigest(record.envelope.grant_id);
  const [approvals, revocation] = await Promise.all([
    loadApprovals(store, proposalId),
    grantHex === null ? Promise.resolve(null) : loadRevocation(store, grantHex),
  ]);
  return verifyGrant({ grant: record, proposal, trust, approvals, revocation }, Math.floor(clock.now() / 1000));
}
