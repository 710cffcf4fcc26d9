import { parse } from 'yaml';
import { isGatosError, type ObjectStore, type RefStore } from '@gatos/core';
import { loadBundle, type PolicyBundle } from './loadBundle.js';
import { loadPolicyRules } from './loadPolicyRules.js';
import type { PolicyRules } from './policyRuleSet.js';
import { readPolicyLog, type BundleSummary } from './readPolicyLog.js';

export interface TrustSummary {
  /** Each trusted actor with its number of current and revoked keys, sorted by actor. */
  readonly actors: ReadonlyArray<{ readonly actor: string; readonly keys: number; readonly revokedKeys: number }>;
  readonly groups: Readonly<Record<string, readonly string[]>>;
}

export interface ActivePolicy extends BundleSummary {
  /** `profile:` of `config/profile.yaml` (`default` when absent or unreadable). */
  readonly profile: string;
  readonly trust: TrustSummary;
  /** The parsed policy rules, or null when they do not parse (see `rulesError`). */
  readonly rules: PolicyRules | null;
  readonly rulesError: string | null;
}

export interface PolicyOverview {
  /** The active bundle, or null when none is active. */
  readonly active: ActivePolicy | null;
  /** Published bundles that are not on the active lineage (published but not activated). */
  readonly inactive: readonly BundleSummary[];
}

/**
 * What is in force: the active bundle (commit, ids, publisher, profile, trust graph summary and parsed
 * rules) and the published bundles that are not activated. Read-only.
 *
 * @example
 * const { active } = await showPolicy(repo); // active?.rules?.namespaces
 */
export async function showPolicy(store: { objects: ObjectStore; refs: RefStore }): Promise<PolicyOverview> {
  const log = await readPolicyLog(store);
  const head = log.lineage[0];
  if (!head || head.invalid !== null) return { active: head ? { ...head, profile: 'default', trust: { actors: [], groups: {} }, rules: null, rulesError: head.invalid } : null, inactive: log.inactive };
  const bundle = await loadBundle(store.objects, head.commit);
  let rules: PolicyRules | null = null;
  let rulesError: string | null = null;
  try {
    rules = loadPolicyRules(bundle);
  } catch (err) {
    if (!isGatosError(err)) throw err;
    rulesError = err.message;
  }
  return { active: { ...head, profile: profileOf(bundle), trust: trustSummary(bundle), rules, rulesError }, inactive: log.inactive };
}

function profileOf(bundle: PolicyBundle): string {
  const bytes = bundle.files.get('config/profile.yaml');
  if (!bytes) return 'default';
  try {
    const doc: unknown = parse(new TextDecoder().decode(bytes));
    const p = typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>).profile : undefined;
    return typeof p === 'string' ? p : 'default';
  } catch {
    return 'default';
  }
}

function trustSummary(bundle: PolicyBundle): TrustSummary {
  const actors = Object.keys(bundle.trust.actors).sort().map((actor) => {
    const a = bundle.trust.actors[actor]!;
    return { actor, keys: a.keys.length, revokedKeys: a.revoked_keys.length };
  });
  const groups: Record<string, readonly string[]> = {};
  for (const g of Object.keys(bundle.trust.groups).sort()) groups[g] = bundle.trust.groups[g]!;
  return { actors, groups };
}
