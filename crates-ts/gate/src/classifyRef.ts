import { ACTIVE_POLICY_REF } from '@gatos/policy';
import { parseJournalRef } from '@gatos/ledger';

/** What a ref under `refs/gatos/` is, as far as the gate's rules are concerned (SPEC-DIGEST §1). */
export type RefKind =
  | 'journal'
  | 'state'
  | 'policy-active'
  | 'policy-bundle'
  | 'audit'
  | 'audit-reserved'
  | 'mbus'
  | 'job-claim'
  | 'job-once'
  | 'objects'
  | 'other';

/** Kinds whose refs only move forward. */
export const FAST_FORWARD_KINDS: ReadonlySet<RefKind> = new Set(['journal', 'state', 'policy-active', 'policy-bundle', 'audit', 'mbus', 'job-claim', 'objects']);

/** Where the gate writes its own records; pushers may not touch it. */
export const RESERVED_AUDIT_PREFIX = 'refs/gatos/audit/policy/';

/** The blob store's commits (ADR-0015): content-addressed, so a writer rebuilds on the tip instead of forcing. */
const OBJECTS_REF = 'refs/gatos/objects';
const BUNDLE_REF = /^refs\/gatos\/policies\/[0-9a-f]{64}$/;
const JOB_CLAIM = /^refs\/gatos\/jobs\/[^/]+\/claim$/;
/** A job's manifest commit and its result: each written once. */
const JOB_ONCE = /^refs\/gatos\/jobs\/[^/]+\/(job|result)$/;

/** Classifies `ref` (which starts with `refs/gatos/`). */
export function classifyRef(ref: string): RefKind {
  if (ref.startsWith('refs/gatos/journal/')) return 'journal';
  if (ref.startsWith('refs/gatos/state/')) return 'state';
  if (ref === ACTIVE_POLICY_REF) return 'policy-active';
  if (ref.startsWith('refs/gatos/policies/')) return 'policy-bundle';
  if (ref.startsWith(RESERVED_AUDIT_PREFIX)) return 'audit-reserved';
  if (ref.startsWith('refs/gatos/audit/')) return 'audit';
  if (/^refs\/gatos\/mbus(?:-ack|-commit)?\//.test(ref)) return 'mbus'; // messages, acks and commitments (ADR-0010)
  if (JOB_CLAIM.test(ref)) return 'job-claim';
  if (JOB_ONCE.test(ref)) return 'job-once';
  if (ref === OBJECTS_REF || ref.startsWith(`${OBJECTS_REF}/`)) return 'objects';
  return 'other';
}

/** Why `ref` breaks the gatos layout for its kind, or null when it is well named. */
export function refNameProblem(ref: string, kind: RefKind): string | null {
  if (kind === 'journal' && parseJournalRef(ref) === null) {
    return 'is not refs/gatos/journal/<ns>/<kind>/<name> (ns like "finance", actor kind user|agent|service)';
  }
  if (kind === 'policy-bundle' && !BUNDLE_REF.test(ref)) {
    return 'is not refs/gatos/policies/<64-hex bundle id> or refs/gatos/policies/active';
  }
  if ((kind === 'job-claim' || kind === 'job-once') && !/^refs\/gatos\/jobs\/[0-9a-f]{64}\/(job|claim|result)$/.test(ref)) {
    return 'is not refs/gatos/jobs/<64-hex job id>/{job,claim,result}';
  }
  if (kind === 'objects' && ref !== OBJECTS_REF) return 'is not refs/gatos/objects (blobs live in its tree, not in refs below it)';
  if (kind === 'state' && ref.slice('refs/gatos/state/'.length).split('/').length !== 1) {
    return 'is not refs/gatos/state/<ns>';
  }
  return null;
}
