import { GatosError, createVerifyPool, isGatosError, type Clock, type ObjectStore, type Oid, type RefStore } from '@gatos/core';
import { ACTIVE_POLICY_REF, bundleCache, type PolicyBundle } from '@gatos/policy';
import { classifyRef, type RefKind } from './classifyRef.js';
import { CommitBudget } from './commitBudget.js';
import { DEFAULT_GATE_LIMITS, limitsForProfile, type GateLimits } from './gateLimits.js';
import { bundleProfile, gatePolicy, type GatePolicy } from './gatePolicy.js';
import { checkJobUpdates } from './jobRules.js';
import { checkJournalUpdate } from './journalRules.js';
import { checkGovernanceUpdates } from './governanceRules.js';
import { checkBusUpdates } from './busRules.js';
import { checkPolicyUpdates } from './policyRules.js';
import { publisherTrustedAuthoriser, type PolicyUpdateAuthoriser } from './policyUpdateAuthoriser.js';
import { gatosUpdates } from './readPushUpdates.js';
import { checkRefUpdate } from './refRules.js';
import { checkStateUpdate } from './stateRules.js';
import { requiredTrailersVerifier, type StateUpdateVerifier } from './stateUpdateVerifier.js';
import { proofOfFoldVerifier } from './proofOfFoldVerifier.js';
import type { PushUpdate } from './pushUpdate.js';
import type { Violation } from './violation.js';
import { grantAuthoriser } from '@gatos/governance';

/** What `evaluatePush` needs besides the store: the gate's clock, limits and the injected verifiers. */
export interface PushContext {
  readonly clock: Clock;
  /** Overrides of `DEFAULT_GATE_LIMITS` (see `readGateConfig`). */
  readonly limits?: Partial<GateLimits>;
  /** Checks `refs/gatos/state/**` updates (default: `proofOfFoldVerifier`, or `requiredTrailersVerifier` when `replayProofOfFold` is 0). */
  readonly stateVerifier?: StateUpdateVerifier;
  /** Authorises moving `refs/gatos/policies/active` (default: `publisherTrustedAuthoriser`). */
  readonly policyAuthoriser?: PolicyUpdateAuthoriser;
}

export interface PushEvaluation {
  /** Every reason to refuse the push, in the order of the updates; empty = accept. */
  readonly violations: Violation[];
  /** Violations found beyond `limits.maxViolations` and left out of `violations`. */
  readonly omitted: number;
  /** The policy in force before the push (recorded in audit records), or null. */
  readonly policyRoot: Oid | null;
  readonly policyCodeRoot: string | null;
  /** The genesis bundle this push brings to an empty gated repository (trust on first use), or null. */
  readonly genesis: Oid | null;
}

interface Store {
  readonly objects: ObjectStore;
  readonly refs: RefStore;
}

/**
 * Evaluates a push against the Stargate rules (ADR-0008) and returns every violation; it never
 * writes. Refs outside `refs/gatos/` pass untouched. Order: ref rules for every update, then policy
 * updates (which decide the active policy after the push), then journal and state updates under it.
 * The store must see the pushed objects: in pre-receive that is the git-CLI adapter inside the
 * quarantine, never isomorphic-git (FIELD-NOTES, pre-receive).
 *
 * @example
 * const { violations } = await evaluatePush(repo, readPushUpdates(stdin), { clock: systemClock });
 * for (const v of violations) console.error(`GATOS DENY ${v.rule} ${v.ref}: ${v.reason}`);
 */
export async function evaluatePush(store: Store, updates: readonly PushUpdate[], context: PushContext): Promise<PushEvaluation> {
  const gatos = gatosUpdates(updates);
  const base = { violations: [], omitted: 0, policyRoot: null, policyCodeRoot: null, genesis: null };
  if (gatos.length === 0) return base;
  const loadBundle = bundleCache(store.objects);
  const activeCommit = await store.refs.read(ACTIVE_POLICY_REF);
  const active = activeCommit === null ? null : await loadBundle(activeCommit).catch((err: unknown) => (isGatosError(err) ? err : Promise.reject(err)));
  const limits0: GateLimits = { ...DEFAULT_GATE_LIMITS, ...context.limits };
  if (active instanceof GatosError) return { ...failClosed(gatos, activeCommit!, active, limits0), policyRoot: activeCommit };
  const audited = { policyRoot: active?.commit ?? null, policyCodeRoot: active ? `sha256:${active.policyCodeRoot}` : null };

  const kinds = new Map(gatos.map((u) => [u, classifyRef(u.ref)] as const));
  const byUpdate = new Map<PushUpdate, Violation[]>(gatos.map((u) => [u, []]));
  const refViolations = await mapLimited(gatos, 8, (u) => checkRefUpdate(store.objects, u, kinds.get(u)!));
  const passed = gatos.filter((u, i) => {
    const v = refViolations[i];
    if (v) byUpdate.get(u)!.push(v);
    return !v;
  });
  const ofKind = (...k: RefKind[]): PushUpdate[] => passed.filter((u) => k.includes(kinds.get(u)!));

  const policyUpdates = ofKind('policy-active', 'policy-bundle');
  const policyResult = await checkPolicyUpdates(policyUpdates, {
    objects: store.objects, active, loadBundle, authoriser: context.policyAuthoriser ?? grantAuthoriser({ store, clock: context.clock, fallback: publisherTrustedAuthoriser }),
  });
  for (const v of policyResult.violations) byUpdate.get(policyUpdates.find((u) => u.ref === v.ref)!)!.push(v);
  const effective = await effectivePolicy(store.objects, policyResult.effectiveActive, limits0, loadBundle);
  // A bundle whose policy files do not parse may not become active (journal updates fail closed under it too).
  const activated = policyUpdates.find((u) => kinds.get(u) === 'policy-active' && u.new === effective?.bundle.commit);
  if (activated && effective && isGatosError(effective.rules)) {
    byUpdate.get(activated)!.push({ rule: 'gatos.policy.malformed', ref: activated.ref, commit: activated.new, reason: effective.rules.message });
  }
  const limits = effective ? limitsForProfile(limits0, effective.profile) : limits0;
  const budget = new CommitBudget(limits.maxCommitsPerPush);

  // The main thread also reads and decodes, so it takes a smaller share of the signatures (as verifyJournals does).
  const pool = createVerifyPool({ callerShare: 0.3 });
  try {
    for (const u of ofKind('journal')) {
      byUpdate.get(u)!.push(...(await checkJournalUpdate(u, {
        objects: store.objects, policy: effective, limits, clock: context.clock, pool, budget,
        trustOf: (c) => loadBundle(c).then((b) => b.trust, (err: unknown) => (isGatosError(err) ? err : Promise.reject(err))),
      })));
    }
  } finally {
    await pool.close();
  }
  for (const u of ofKind('state')) {
    byUpdate.get(u)!.push(...(await checkStateUpdate(u, {
      objects: store.objects, verifier: context.stateVerifier ?? (limits.replayProofOfFold ? proofOfFoldVerifier : requiredTrailersVerifier), budget, limits, policyRoot: policyResult.effectiveActive,
    })));
  }
  for (const v of await checkGovernanceUpdates(store, passed, context.clock)) byUpdate.get(passed.find((u) => u.ref === v.ref)!)!.push(v);
  const jobs = ofKind('job-claim', 'job-once');
  for (const v of await checkJobUpdates(jobs, { ...store, clock: context.clock, trust: effective?.bundle.trust ?? null })) byUpdate.get(jobs.find((u) => u.ref === v.ref)!)!.push(v);
  const busContext = { trust: effective?.bundle.trust ?? null, clock: context.clock, activeWithinMs: limits.busActiveWithinMs };
  for (const v of await checkBusUpdates(store, ofKind('mbus'), busContext)) byUpdate.get(passed.find((u) => u.ref === v.ref)!)!.push(v);
  const all = gatos.flatMap((u) => byUpdate.get(u)!);
  const violations = all.slice(0, limits.maxViolations);
  const genesis = violations.length === 0 ? policyResult.genesis : null;
  return { violations, omitted: all.length - violations.length, ...audited, genesis };
}

/** The gate policy after the push: the current active bundle, or the pushed one when its update passed. */
async function effectivePolicy(
  objects: ObjectStore,
  commit: Oid | null,
  limits: GateLimits,
  loadBundle: (c: Oid) => Promise<PolicyBundle>,
): Promise<GatePolicy | null> {
  if (commit === null) return null;
  const bundle = await loadBundle(commit);
  return gatePolicy(objects, bundle, limitsForProfile(limits, bundleProfile(bundle)).maxPolicyDepth, loadBundle);
}

/** When the gate cannot load its own active policy it refuses every gatos update rather than guess. */
function failClosed(updates: readonly PushUpdate[], commit: Oid, err: GatosError, limits: GateLimits): Omit<PushEvaluation, 'policyRoot'> {
  const all: Violation[] = updates.map((u) => ({
    rule: 'gatos.policy.malformed',
    ref: u.ref,
    reason: `the gate's own active policy ${commit} does not load (${err.message}); an administrator must repair ${ACTIVE_POLICY_REF} on the server`,
  }));
  return { violations: all.slice(0, limits.maxViolations), omitted: Math.max(0, all.length - limits.maxViolations), policyCodeRoot: null, genesis: null };
}

/** `items.map(fn)` with at most `limit` calls in flight (each ref check may spawn a git process). */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
