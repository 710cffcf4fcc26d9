import { parseDocument } from 'yaml';
import type { PolicyBundle } from '@gatos/policy';
import { govError } from './errors.js';
import { parseDuration } from './parseDuration.js';
import { parseQuorum, type Quorum } from './quorum.js';

/** The bundle file (relative to `gatos/`) that declares governed actions. */
export const GOVERNANCE_RULES_PATH = 'policies/governance.yaml';

/** One governed action: who must agree, and how long a proposal for it stays open by default. */
export interface GovernanceRule {
  readonly action: string;
  /** `governance.<action>`, the `Policy-Rule` of its proposals. */
  readonly policyRule: string;
  readonly quorum: Quorum;
  /** Default proposal lifetime in seconds, or null (then the proposer must give one). */
  readonly ttlSeconds: number | null;
}

/** Governed actions by action id. Empty when the bundle has no `policies/governance.yaml`. */
export type GovernanceRules = ReadonlyMap<string, GovernanceRule>;

/** Action ids and policy rules (SPEC-DIGEST §13 regex). */
export const ACTION_ID = /^[a-z0-9_.-]+$/;

/**
 * Parses `governance.yaml`: `governance: {<action>: {quorum: 2-of-3@leads | {at_least, group}, ttl?}}`.
 * Throws `GOV_RULES_INVALID` naming the file and the field.
 * @example parseGovernanceRules('governance: {policy.update: {quorum: 2-of-3@leads, ttl: PT72H}}')
 */
export function parseGovernanceRules(text: string, where = GOVERNANCE_RULES_PATH): GovernanceRules {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) throw bad(where, doc.errors[0]!.message.split('\n')[0]!);
  const raw: unknown = doc.toJS({ mapAsMap: false });
  if (!isRecord(raw) || !isRecord(raw.governance) || Object.keys(raw).length !== 1) throw bad(where, 'must be a mapping with one key, "governance", holding a mapping of actions');
  const rules = new Map<string, GovernanceRule>();
  for (const [action, entry] of Object.entries(raw.governance)) {
    if (!ACTION_ID.test(action)) throw bad(where, `action ${JSON.stringify(action)} must match ${ACTION_ID.source}`);
    if (!isRecord(entry) || Object.keys(entry).some((k) => k !== 'quorum' && k !== 'ttl')) throw bad(where, `${action} must be {quorum, ttl?}`);
    try {
      const ttlSeconds = entry.ttl === undefined ? null : parseDuration(entry.ttl);
      rules.set(action, { action, policyRule: `governance.${action}`, quorum: parseQuorum(entry.quorum, `${action}.quorum`), ttlSeconds });
    } catch (err) {
      throw bad(where, `${action}: ${(err as Error).message}`, err);
    }
  }
  return rules;
}

/**
 * The governance rules a policy bundle declares (empty when it has no `policies/governance.yaml`).
 * @example loadGovernanceRules(bundle).has('policy.update')
 */
export function loadGovernanceRules(bundle: Pick<PolicyBundle, 'files' | 'commit'>): GovernanceRules {
  const bytes = bundle.files.get(GOVERNANCE_RULES_PATH);
  if (bytes === undefined) return new Map();
  return parseGovernanceRules(new TextDecoder().decode(bytes), `${GOVERNANCE_RULES_PATH} in bundle ${bundle.commit}`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function bad(where: string, what: string, cause?: unknown): Error {
  return govError('GOV_RULES_INVALID', `${where}: ${what}`, { path: where }, cause);
}
