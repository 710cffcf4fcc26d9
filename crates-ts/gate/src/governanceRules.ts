import {
  canonicalJson, canonicalJsonBytes, decodeCommit, isGatosError, parseMessage, parsePublicKey, parseSignature, readTreeFiles, trailerValue, verifyStrict,
  type Clock, type ObjectStore, type Oid, type RefStore,
} from '@gatos/core';
import {
  approvalRef, checkGrant, checkProofOfConsensus, grantRef, pocDigest, proofRef, proposalRef, readRecord, revocationRef,
  type ApprovalEnvelope, type GovernanceStore, type GrantEnvelope, type ProposalEnvelope, type RevocationEnvelope,
} from '@gatos/governance';
import { isActorKey, loadBundle, type TrustGraph } from '@gatos/policy';
import { overlayStore } from './governanceOverlay.js';
import { isCreate, type PushUpdate } from './pushUpdate.js';
import type { Violation } from './violation.js';

type GovKind = 'proposal' | 'approval' | 'grant' | 'revocation' | 'proof';

const HEX = '[0-9a-f]{64}';
/** Ref layout of each governance record kind (`@gatos/governance`'s ref helpers, as patterns). */
const LAYOUT: ReadonlyArray<readonly [GovKind, string, RegExp]> = [
  ['proposal', proposalRef(''), new RegExp(`^${HEX}$`)],
  ['approval', approvalRef('', '').slice(0, -1), new RegExp(`^${HEX}/${HEX}$`)],
  ['grant', grantRef(''), new RegExp(`^${HEX}$`)],
  ['revocation', revocationRef(''), new RegExp(`^${HEX}$`)],
  ['proof', proofRef(''), new RegExp(`^${HEX}$`)],
];

/** The governance kind of `ref`, or null when it is no governance ref. */
export function governanceKind(ref: string): GovKind | null {
  return LAYOUT.find(([, prefix]) => ref.startsWith(prefix))?.[0] ?? null;
}

/**
 * The `gatos.governance.*` rules over pushed proposals, approvals, grants, revocations and
 * Proof-of-Consensus refs (ADR-0008, ADR-0012): created once and never moved; each record well formed
 * and signed (`readRecord`: schema, trailers, canonical JCS, id = blake3 of the envelope, Sig);
 * named by its own ids; signed by a key its policy trusts; an approval's proposal and a revocation's
 * grant exist on the server or in the same push; a grant verifies (`checkGrant`: the PoC rebuilds
 * from the approvals and meets quorum); a revocation is by a member of the proposal's group.
 * At most one violation per ref. Reads only.
 *
 * @example
 * const violations = await checkGovernanceUpdates(repo, updates, systemClock);
 */
export async function checkGovernanceUpdates(store: { objects: ObjectStore; refs: RefStore }, updates: readonly PushUpdate[], clock: Clock): Promise<Violation[]> {
  const view = overlayStore(store, updates);
  const out: Violation[] = [];
  for (const u of updates) {
    const kind = governanceKind(u.ref);
    if (kind === null) continue;
    const v = await checkOne(view, u, kind, clock);
    if (v !== null) out.push(v);
  }
  return out;
}

async function checkOne(view: GovernanceStore, u: PushUpdate, kind: GovKind, clock: Clock): Promise<Violation | null> {
  const deny = (rule: Violation['rule'], reason: string): Violation => ({ rule, ref: u.ref, commit: u.new, reason });
  if (!isCreate(u)) return deny('gatos.governance.immutable', `${u.ref} already holds ${u.old}; governance records are created once and never moved`);
  const [, prefix, pattern] = LAYOUT.find(([k]) => k === kind)!;
  const name = u.ref.slice(prefix.length);
  if (!pattern.test(name)) return deny('gatos.ref.bad-name', `${u.ref} is not ${prefix}${kind === 'approval' ? '<proposal-id-hex>/<signer-key-hex>' : '<64-hex id>'}`);
  if (kind === 'proof') return checkProof(view, u, name, deny);
  const record = await readRecord<ProposalEnvelope | ApprovalEnvelope | GrantEnvelope | RevocationEnvelope>(view.objects, u.new, kind);
  if (record.envelope === null) return deny('gatos.governance.malformed', record.problem!);
  switch (kind) {
    case 'proposal': {
      const p = record.envelope as ProposalEnvelope;
      if (p.proposal_id !== `blake3:${name}`) return deny('gatos.governance.malformed', `${u.ref} holds proposal ${p.proposal_id}`);
      const trust = await trustOf(view.objects, p.policy_root);
      if (trust === null) return deny('gatos.governance.malformed', `proposal ${p.proposal_id} names policy ${p.policy_root}, which does not load`);
      if (!isActorKey(trust, p.created_by, record.signer!)) return deny('gatos.governance.untrusted-signer', `proposal ${p.proposal_id} is signed by ${record.signer}, not a current key of ${p.created_by} in policy ${p.policy_root}`);
      return null;
    }
    case 'approval': {
      const a = record.envelope as ApprovalEnvelope;
      const [pid, key] = name.split('/') as [string, string];
      if (a.proposal_id !== `blake3:${pid}` || a.signer !== `ed25519:${key}`) return deny('gatos.governance.malformed', `${u.ref} holds an approval of ${a.proposal_id} by ${a.signer}`);
      const proposal = await proposalOf(view, pid);
      if (typeof proposal === 'string') return deny('gatos.governance.unknown-proposal', proposal);
      const group = proposal.envelope.required_quorum.split('@')[1]!;
      const member = (proposal.trust.groups[group] ?? []).find((m) => isActorKey(proposal.trust, m, a.signer));
      if (member === undefined) return deny('gatos.governance.untrusted-signer', `${a.signer} is not a current key of a member of @${group} in policy ${proposal.envelope.policy_root}`);
      return null;
    }
    case 'grant': {
      const g = record.envelope as GrantEnvelope;
      if (g.proposal_id !== `blake3:${name}`) return deny('gatos.governance.malformed', `${u.ref} holds a grant for ${g.proposal_id}`);
      const proposal = await proposalOf(view, name);
      if (typeof proposal === 'string') return deny('gatos.governance.unknown-proposal', proposal);
      // A revocation disables a grant but does not make the record malformed: verify it as granted.
      const unrevoked: GovernanceStore = { objects: view.objects, refs: { ...view.refs, read: async (ref) => (ref.startsWith(revocationRef('')) ? null : view.refs.read(ref)) } };
      const verdict = await checkGrant(unrevoked, name, clock);
      return verdict.valid ? null : deny('gatos.governance.quorum', `grant ${g.grant_id} does not verify: ${verdict.reasons.join('; ')}`);
    }
    case 'revocation': {
      const r = record.envelope as RevocationEnvelope;
      if (r.grant_id !== `blake3:${name}`) return deny('gatos.governance.malformed', `${u.ref} holds a revocation of ${r.grant_id}`);
      const granted = await grantById(view, r.grant_id);
      if (granted === null) return deny('gatos.governance.unknown-grant', `revocation ${r.revocation_id} names grant ${r.grant_id}, which is neither on the server nor in this push`);
      const proposal = await proposalOf(view, granted);
      if (typeof proposal === 'string') return deny('gatos.governance.unknown-grant', proposal);
      const group = proposal.envelope.required_quorum.split('@')[1]!;
      if (!(proposal.trust.groups[group] ?? []).includes(r.revoked_by) || !isActorKey(proposal.trust, r.revoked_by, record.signer!)) {
        return deny('gatos.governance.revoker', `revocation by ${r.revoked_by} (key ${record.signer}) is not by a current key of a member of @${group} in policy ${proposal.envelope.policy_root}`);
      }
      return null;
    }
  }
}

/** A proof ref: a signed root commit whose `poc.json` is a well-formed PoC for the named proposal, matching its grant. */
async function checkProof(view: GovernanceStore, u: PushUpdate, pid: string, deny: (rule: Violation['rule'], reason: string) => Violation): Promise<Violation | null> {
  let poc: unknown;
  try {
    const raw = await view.objects.read(u.new);
    if (raw.type !== 'commit') return deny('gatos.governance.malformed', `${u.new} is a ${raw.type}, not a Proof-of-Consensus commit`);
    const c = decodeCommit(raw.body);
    const files = await readTreeFiles(view.objects, c.tree, 2);
    const text = new TextDecoder('utf-8', { fatal: true }).decode(files.get('poc.json') ?? new Uint8Array());
    poc = JSON.parse(text);
    const trailers = parseMessage(c.message).trailers;
    const problem = c.parents.length > 0 || files.size !== 1 || canonicalJson(poc) !== text ? 'is not a root commit holding only canonical poc.json' : checkProofOfConsensus(poc);
    if (problem !== null) return deny('gatos.governance.malformed', `Proof-of-Consensus ${u.new} ${problem}`);
    if (!verifyStrict(parsePublicKey(trailerValue(trailers, 'Signer')), canonicalJsonBytes(poc), parseSignature(trailerValue(trailers, 'Sig')))) {
      return deny('gatos.governance.malformed', `Proof-of-Consensus ${u.new}: Sig does not verify under its Signer`);
    }
  } catch (err) {
    if (isGatosError(err) || err instanceof SyntaxError || err instanceof TypeError) return deny('gatos.governance.malformed', `Proof-of-Consensus ${u.new}: ${(err as Error).message.split('\n')[0]}`);
    throw err;
  }
  if ((poc as { proposal_id: string }).proposal_id !== `blake3:${pid}`) return deny('gatos.governance.malformed', `${u.ref} holds the Proof-of-Consensus of ${(poc as { proposal_id: string }).proposal_id}`);
  const grantCommit = await view.refs.read(grantRef(pid));
  const grant = grantCommit === null ? null : await readRecord<GrantEnvelope>(view.objects, grantCommit, 'grant');
  if (grant?.envelope?.proof_of_consensus !== pocDigest(poc as Parameters<typeof pocDigest>[0])) {
    return deny('gatos.governance.quorum', `Proof-of-Consensus ${pocDigest(poc as Parameters<typeof pocDigest>[0])} is not the one a grant for blake3:${pid} names (push it with its grant)`);
  }
  return null;
}

/** The proposal `pid` (hex) with its policy's trust graph, or one line saying why it is unusable. */
async function proposalOf(view: GovernanceStore, pid: string): Promise<{ envelope: ProposalEnvelope; trust: TrustGraph } | string> {
  const commit = await view.refs.read(proposalRef(pid));
  if (commit === null) return `proposal blake3:${pid} is neither on the server nor in this push`;
  const record = await readRecord<ProposalEnvelope>(view.objects, commit, 'proposal');
  if (record.envelope === null || record.envelope.proposal_id !== `blake3:${pid}`) return `proposal blake3:${pid} is not a valid proposal (${record.problem ?? 'id mismatch'})`;
  const trust = await trustOf(view.objects, record.envelope.policy_root);
  return trust === null ? `proposal blake3:${pid} names policy ${record.envelope.policy_root}, which does not load` : { envelope: record.envelope, trust };
}

/** The proposal id (hex) of the grant whose `grant_id` is `grantId`, on the server or in the push; else null. */
async function grantById(view: GovernanceStore, grantId: string): Promise<string | null> {
  const prefix = grantRef('');
  for (const { ref, oid } of await view.refs.list(prefix)) {
    const r = await readRecord<GrantEnvelope>(view.objects, oid, 'grant');
    if (r.envelope?.grant_id === grantId) return ref.slice(prefix.length);
  }
  return null;
}

async function trustOf(objects: ObjectStore, policyRoot: Oid): Promise<TrustGraph | null> {
  return loadBundle(objects, policyRoot).then((b) => b.trust, (err: unknown) => (isGatosError(err) ? null : Promise.reject(err)));
}
