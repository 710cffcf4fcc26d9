/**
 * Governance for policy updates at the push gate. Structurally identical to `@gatos/gate`'s
 * `PolicyUpdateAuthoriser` (and its request and violation types): defined here rather than imported
 * because the gate depends on this package to make it its default, and importing back would be a cycle.
 */
import { isGatosError, type Clock } from '@gatos/core';
import type { PolicyBundle } from '@gatos/policy';
import { checkGrant } from './checkGrant.js';
import { quorumOf } from './countApprovals.js';
import { loadGovernanceRules, type GovernanceRule } from './governanceRules.js';
import { GRANTS_PREFIX } from './governanceRefs.js';
import { loadProposal, type GovernanceStore } from './loadRecords.js';

/** The governed action that authorises moving `refs/gatos/policies/active`. */
export const POLICY_UPDATE_ACTION = 'policy.update';

/** The canonical target of a policy update proposal: `gatos://policy/<bundle-id-hex>`. */
export function policyTarget(bundleId: string): string {
  return `gatos://policy/${bundleId}`;
}

/** The part of the gate's `PolicyUpdateRequest` this authoriser reads. */
export interface PolicyUpdateRequestShape {
  readonly ref: string;
  readonly active: PolicyBundle;
  readonly chain: readonly PolicyBundle[];
}

/** A refusal in the gate's `Violation` shape. */
export interface GrantViolation {
  readonly rule: 'gatos.policy.unauthorised';
  readonly ref: string;
  readonly reason: string;
  readonly commit?: string;
}

/** An authoriser in the gate's shape, returning violations of type `V`. */
export interface PolicyUpdateAuthoriserShape<R extends PolicyUpdateRequestShape, V> {
  authorise(request: R): Promise<V[]>;
}

/**
 * Requires, when the active bundle's `policies/governance.yaml` declares `policy.update`, a valid,
 * unrevoked grant for a proposal with action `policy.update`, target `gatos://policy/<id>` of the
 * bundle becoming active, made under the active bundle (`policy_root`), whose quorum is at least the
 * rule's. The fallback (the gate's publisher check) always runs too: governance adds to it, never
 * replaces it. Grants are read from `store`'s refs, so push them before the policy update.
 * @example evaluatePush(repo, updates, { clock, policyAuthoriser: grantAuthoriser({ store: repo, clock, fallback: publisherTrustedAuthoriser }) })
 */
export function grantAuthoriser<R extends PolicyUpdateRequestShape, V>(options: {
  store: GovernanceStore;
  clock: Clock;
  fallback: PolicyUpdateAuthoriserShape<R, V>;
}): PolicyUpdateAuthoriserShape<R, V | GrantViolation> {
  return {
    async authorise(request) {
      const base: Array<V | GrantViolation> = await options.fallback.authorise(request);
      const target = request.chain[request.chain.length - 1];
      if (target === undefined) return base;
      const deny = (reason: string): Array<V | GrantViolation> => [...base, { rule: 'gatos.policy.unauthorised', ref: request.ref, commit: target.commit, reason }];
      let rule: GovernanceRule | undefined;
      try {
        rule = loadGovernanceRules(request.active).get(POLICY_UPDATE_ACTION);
      } catch (err) {
        // Fail closed: a governed policy whose rules do not parse must not become ungoverned.
        if (isGatosError(err)) return deny(`the active policy's governance rules do not load (${err.message})`);
        throw err;
      }
      if (rule === undefined) return base;
      const problem = await grantProblem(options.store, options.clock, request.active.commit, rule, policyTarget(target.bundleId));
      return problem === null ? base : deny(problem);
    },
  };
}

/** Null when some grant authorises the update, else one line saying why none does. */
async function grantProblem(store: GovernanceStore, clock: Clock, activeCommit: string, rule: GovernanceRule, target: string): Promise<string | null> {
  const reasons: string[] = [];
  for (const { ref } of await store.refs.list(GRANTS_PREFIX)) {
    const proposalId = ref.slice(GRANTS_PREFIX.length);
    const loaded = await loadProposal(store, proposalId).catch((err: unknown) => (isGatosError(err) ? null : Promise.reject(err)));
    if (loaded === null || loaded.proposal.action !== POLICY_UPDATE_ACTION || loaded.proposal.target !== target) continue;
    const p = loaded.proposal;
    const q = quorumOf(p);
    if (p.policy_root !== activeCommit) {
      reasons.push(`grant for ${p.proposal_id} was proposed under policy ${p.policy_root}, not the active ${activeCommit}`);
      continue;
    }
    if (q.group !== rule.quorum.group || q.atLeast < rule.quorum.atLeast) {
      reasons.push(`proposal ${p.proposal_id} asks ${p.required_quorum}, below ${rule.policyRule}'s ${rule.quorum.atLeast} of @${rule.quorum.group}`);
      continue;
    }
    const verdict = await checkGrant(store, proposalId, clock);
    if (verdict.valid) return null;
    reasons.push(...verdict.reasons);
  }
  if (reasons.length > 0) return `no valid grant for ${target}: ${reasons.join('; ')}`;
  return `${rule.policyRule} requires a grant for ${target} (git gatos proposal new --action ${POLICY_UPDATE_ACTION} --target ${target}, then approvals from ${rule.quorum.atLeast} of @${rule.quorum.group})`;
}
