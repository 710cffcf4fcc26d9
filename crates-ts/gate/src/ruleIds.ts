import { POLICY_RULES } from '@gatos/policy';

/**
 * The stable rule ids of the Stargate push gate (ADR-0008). A rule id appears in every refusal line
 * (`GATOS DENY <rule-id> <ref>: <reason>`), in the `Policy-Rule` trailer of every audit record and in
 * docs/gate.md; ids are never renamed or reused.
 */
export const GATE_RULES = {
  'gatos.ref.no-delete': 'refs under refs/gatos/ are never deleted',
  'gatos.ref.fast-forward': 'journal/, state/, policies/, audit/, mbus/, mbus-ack/, mbus-commit/ and job claim refs only move forward (the new tip descends from the old one; bus segments and heads: see gatos.mbus.*)',
  'gatos.ref.create-only': 'refs/gatos/jobs/<id>/job and …/result are created once and never moved',
  // The job plane (ADR-0017), checked on every pushed refs/gatos/jobs/<id>/{claim,result}.
  'gatos.jobs.claim-chain': 'a job claim ref moves only along its claim chain: a claim on the job or on a lease expiry, a lease expiry after the deadline or a cancel by a manager, nothing after a cancel',
  'gatos.jobs.result': 'a job result must be a child of the current claim, carry its Worker-Id, and arrive before its lease ends',
  'gatos.ref.bad-name': 'the ref name does not follow the gatos layout (e.g. refs/gatos/journal/<ns>/<kind>/<name>)',
  'gatos.ref.reserved': 'refs/gatos/audit/policy/** is written only by the gate itself',
  'gatos.journal.encoding': 'a new journal commit is not a strictly canonical event commit (decode, Event-CID, type, trailers)',
  'gatos.journal.signature': 'the Ed25519 signature of an event does not verify',
  'gatos.journal.actor-binding': "the event's actor is not the actor the journal ref names",
  'gatos.journal.untrusted-key': "the signing key is not a current key of the actor in the trust graph of the event's policy_root (or is revoked in the active policy)",
  'gatos.journal.policy-root': "the event's policy_root is neither the gate's active policy nor one of its recent ancestors",
  'gatos.journal.ulid-order': 'ULIDs do not strictly increase along the journal (including after the old tip)',
  'gatos.journal.no-merge': 'a journal commit has more than one parent',
  'gatos.journal.future-skew': "an event's ULID or ts lies further in the future than the gate's clock allows",
  'gatos.journal.size': "an event's event.cbor is larger than the per-event cap",
  'gatos.push.size': 'the push brings more new journal and state commits than one push may',
  'gatos.policy.malformed': 'a pushed policy bundle does not load (trailers, digests, publisher signature, ref id, policy files)',
  'gatos.policy.not-descendant': 'a policy bundle is unrelated to the active policy lineage',
  'gatos.policy.genesis': 'a second genesis bundle, or a bundle pushed before any policy is active',
  'gatos.policy.unauthorised': 'the policy update is not authorised (default: each new bundle must be signed by a key its predecessor trusts)',
  'gatos.state.pof-missing': 'a state checkpoint lacks one of the five required Proof-of-Fold trailers',
  'gatos.state.pof-mismatch': 'replaying a state checkpoint does not reproduce what its Proof-of-Fold claims (state, trailers, artefact, window)',
  'gatos.state.pof-unverifiable': 'a state checkpoint was folded by an engine or artefact this gate cannot replay',
  // Governance records (ADR-0012), checked on every pushed refs/gatos/{proposals,approvals,grants,revocations}/ and audit/proofs/governance/ ref.
  'gatos.governance.immutable': 'a proposal, approval, grant, revocation or Proof-of-Consensus ref is created once and never moved',
  'gatos.governance.malformed': 'a governance record does not read (schema, canonical JCS, trailers, id = blake3 of the envelope, Sig) or does not match its ref name',
  'gatos.governance.untrusted-signer': "a proposal is not signed by its creator's key, or an approval not by a member of the quorum group, in the proposal's policy",
  'gatos.governance.unknown-proposal': 'an approval or grant names a proposal that is neither on the server nor in the same push',
  'gatos.governance.unknown-grant': 'a revocation names a grant that is neither on the server nor in the same push',
  'gatos.governance.quorum': 'a grant does not verify (its Proof-of-Consensus does not rebuild from the approvals or misses the quorum), or a PoC matches no grant',
  'gatos.governance.revoker': "a revocation is not signed by a current key of a member of the proposal's quorum group",
  // The policy-language rules (ADR-0011), checked on every new journal event under the active bundle's policies/*.yaml.
  'gatos.policy-rule.ns-writer': POLICY_RULES['gatos.policy-rule.ns-writer'],
  'gatos.policy-rule.missing-cap': POLICY_RULES['gatos.policy-rule.missing-cap'],
  'gatos.policy-rule.size': POLICY_RULES['gatos.policy-rule.size'],
  'gatos.policy-rule.predicate': POLICY_RULES['gatos.policy-rule.predicate'],
  // The message bus (ADR-0010), checked on every pushed refs/gatos/mbus{,-ack,-commit}/ ref.
  'gatos.mbus.prune': "a bus segment ref moves other than forward, and not to a valid signed summary of exactly the messages the server holds on it, or prunes above an active consumer's low-water mark",
  'gatos.mbus.head': "a topic head moves other than forward, and not to the tip of the topic's newest segment",
  'gatos.mbus.ack': "a pushed ack commit does not verify (linear chain, strict ack.cbor of this topic and consumer, increasing ULIDs, trusted signature)",
  'gatos.mbus.commitment': 'a pushed gmb.commit record does not verify (format, trusted signature) or the ack chains do not show its quorum',
} as const;

/** A rule id of the gate itself. */
export type GateRuleId = keyof typeof GATE_RULES;

/**
 * Rule ids a `StateUpdateVerifier` may report: `gatos.state.*` is reserved for state checks
 * (Proof-of-Fold and what comes after it).
 */
export type StateRuleId = `gatos.state.${string}`;

/** Any rule id that can appear in a violation. */
export type RuleId = GateRuleId | StateRuleId;
