import { GatosError, isGatosError, type ObjectStore, type RefStore } from '@gatos/core';
import { loadBundle, type TrustGraph } from '@gatos/policy';
import { bareDigest } from './contentId.js';
import type { ApprovalEnvelope, GrantEnvelope, ProposalEnvelope, RevocationEnvelope } from './envelopes.js';
import { govError } from './errors.js';
import { APPROVALS_PREFIX, GRANTS_PREFIX, grantRef, proposalRef, revocationRef } from './governanceRefs.js';
import { readRecord, type RecordRead } from './recordCommit.js';

/** The object and ref stores of a repository (what `openRepository` returns). */
export interface GovernanceStore {
  readonly objects: ObjectStore;
  readonly refs: RefStore;
}

/** A proposal with the trust graph of the policy it was made under. */
export interface LoadedProposal {
  readonly commit: string;
  readonly proposal: ProposalEnvelope;
  readonly trust: TrustGraph;
}

/** `blake3:<hex>` or `<hex>` → `<hex>`; throws `GOV_BAD_ID`. */
export function parseId(text: string, what: string): string {
  const bare = bareDigest(text);
  if (bare === null) throw govError('GOV_BAD_ID', `${what} ${JSON.stringify(text.slice(0, 80))} is not blake3:<64 lowercase hex>`, { id: text.slice(0, 80) });
  return bare;
}

/** Loads and checks `refs/gatos/proposals/<id>`; throws `GOV_PROPOSAL_NOT_FOUND` or `GOV_RECORD_INVALID`. */
export async function loadProposal(store: GovernanceStore, proposalId: string): Promise<LoadedProposal> {
  const id = parseId(proposalId, 'proposal id');
  const commit = await store.refs.read(proposalRef(id));
  if (commit === null) throw govError('GOV_PROPOSAL_NOT_FOUND', `no proposal blake3:${id} (see \`git gatos proposal list\`)`, { proposal: id });
  const record = await readRecord<ProposalEnvelope>(store.objects, commit, 'proposal');
  if (record.envelope === null) throw govError('GOV_RECORD_INVALID', record.problem!, { proposal: id, commit });
  if (record.envelope.proposal_id !== `blake3:${id}`) throw govError('GOV_RECORD_INVALID', `${proposalRef(id)} holds proposal ${record.envelope.proposal_id}`, { proposal: id, commit });
  const bundle = await loadBundle(store.objects, record.envelope.policy_root).catch((err: unknown) => {
    throw govError('GOV_RECORD_INVALID', `proposal blake3:${id} names policy ${record.envelope!.policy_root}, which does not load (${(err as Error).message})`, { proposal: id }, err);
  });
  return { commit, proposal: record.envelope, trust: bundle.trust };
}

/** Every approval record under `refs/gatos/approvals/<proposal-id>/`; a record under another key's ref is marked. */
export async function loadApprovals(store: GovernanceStore, proposalId: string): Promise<Array<RecordRead<ApprovalEnvelope>>> {
  const prefix = `${APPROVALS_PREFIX}${proposalId}/`;
  const refs = await store.refs.list(prefix);
  return Promise.all(refs.map(async ({ ref, oid }) => {
    const r = await readRecord<ApprovalEnvelope>(store.objects, oid, 'approval');
    const keyHex = ref.slice(prefix.length);
    if (r.envelope !== null && r.envelope.signer !== `ed25519:${keyHex}`) return { ...r, envelope: null, problem: `approval ${oid} sits under ${ref} but is signed by ${r.envelope.signer}` };
    return r;
  }));
}

/** The grant for a proposal, or null when there is none yet. */
export async function loadGrantOf(store: GovernanceStore, proposalId: string): Promise<RecordRead<GrantEnvelope> | null> {
  const commit = await store.refs.read(grantRef(proposalId));
  return commit === null ? null : readRecord<GrantEnvelope>(store.objects, commit, 'grant');
}

/**
 * Finds a grant by grant id (scanning `refs/gatos/grants/`) or by its proposal id; throws
 * `GOV_GRANT_NOT_FOUND`.
 */
export async function findGrant(store: GovernanceStore, id: string): Promise<{ proposalId: string; record: RecordRead<GrantEnvelope> }> {
  const bare = parseId(id, 'grant id');
  const byProposal = await loadGrantOf(store, bare);
  if (byProposal !== null) return { proposalId: bare, record: byProposal };
  for (const { ref, oid } of await store.refs.list(GRANTS_PREFIX)) {
    const record = await readRecord<GrantEnvelope>(store.objects, oid, 'grant');
    if (record.envelope?.grant_id === `blake3:${bare}`) return { proposalId: ref.slice(GRANTS_PREFIX.length), record };
  }
  throw govError('GOV_GRANT_NOT_FOUND', `no grant blake3:${bare} (grants are listed by \`git gatos proposal list\`)`, { grant: bare });
}

/** The revocation of a grant, or null. */
export async function loadRevocation(store: GovernanceStore, grantId: string): Promise<RecordRead<RevocationEnvelope> | null> {
  const commit = await store.refs.read(revocationRef(grantId));
  return commit === null ? null : readRecord<RevocationEnvelope>(store.objects, commit, 'revocation');
}

/** Writes a record's objects and creates its ref (create-only). Resolves false when the ref already holds exactly this commit. */
export async function createRecordRef(store: GovernanceStore, ref: string, built: { oid: string; objects: Parameters<ObjectStore['write']>[0] }): Promise<boolean> {
  const existing = await store.refs.read(ref);
  if (existing === built.oid) return false;
  if (existing !== null) throw new GatosError('REF_CAS_MISMATCH', `${ref} already holds ${existing}`, { data: { ref, expected: null, actual: existing } });
  await store.objects.write(built.objects);
  try {
    await store.refs.compareAndSwap(ref, null, built.oid);
  } catch (err) {
    if (isGatosError(err, 'REF_CAS_MISMATCH') && (await store.refs.read(ref)) === built.oid) return false;
    throw err;
  }
  return true;
}
