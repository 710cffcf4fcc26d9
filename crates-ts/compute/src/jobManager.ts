/**
 * Who may cancel a job or expire its stale claim (ADR-0017): the key that submitted it, or a current
 * key of a member of the `jobs-admins` group in the active policy's trust graph.
 */
import { isActorKey, type TrustGraph } from '@gatos/policy';
import { JOBS_ADMIN_GROUP } from './claimRecords.js';

/**
 * @param submitter the job commit's `Submitted-By` key (`ed25519:<hex>`)
 * @param actor the actor the record names; `signer` the key that signed it
 * @example isJobManager(trust, 'ed25519:ab…', 'user:alice', 'ed25519:ab…') // true: the submitter
 */
export function isJobManager(trust: TrustGraph, submitter: string | null, actor: string, signer: string): boolean {
  if (!isActorKey(trust, actor, signer)) return false;
  return signer === submitter || (trust.groups[JOBS_ADMIN_GROUP] ?? []).includes(actor);
}
