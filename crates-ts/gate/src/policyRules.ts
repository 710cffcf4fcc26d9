import { isGatosError, type GatosError, type ObjectStore, type Oid } from '@gatos/core';
import type { PolicyBundle } from '@gatos/policy';
import type { PolicyUpdateAuthoriser } from './policyUpdateAuthoriser.js';
import type { PushUpdate } from './pushUpdate.js';
import type { Violation } from './violation.js';

/** How far back the gate follows a genesis lineage on first use (a bound on hostile input). */
const MAX_GENESIS_LINEAGE = 1000;

export interface PolicyCheckContext {
  readonly objects: ObjectStore;
  /** The bundle active in the gate before this push, or null in an empty gated repository. */
  readonly active: PolicyBundle | null;
  readonly loadBundle: (commit: Oid) => Promise<PolicyBundle>;
  readonly authoriser: PolicyUpdateAuthoriser;
}

export interface PolicyCheckResult {
  readonly violations: Violation[];
  /** The active bundle commit once this push lands (the pushed one when its update passes), or null. */
  readonly effectiveActive: Oid | null;
  /** Set when this push brings the first policy to an empty gated repository (trust on first use). */
  readonly genesis: Oid | null;
}

/**
 * The `refs/gatos/policies/**` rules, for updates that passed the ref rules:
 * - `active`: the new bundle and every bundle between it and the current one load (`gatos.policy.malformed`),
 *   descend from the active one (`gatos.policy.not-descendant`) and are authorised (`gatos.policy.unauthorised`).
 *   With no active policy yet, one well-formed lineage is accepted: trust on first use.
 * - `<bundle-id>`: the bundle loads, its content id is the ref name, and it lies on the active
 *   lineage (ancestor or descendant); otherwise `gatos.policy.genesis` (a second root) or `gatos.policy.not-descendant`.
 */
export async function checkPolicyUpdates(updates: readonly PushUpdate[], ctx: PolicyCheckContext): Promise<PolicyCheckResult> {
  const violations: Violation[] = [];
  let effectiveActive = ctx.active?.commit ?? null;
  let genesis: Oid | null = null;
  const activeUpdate = updates.find((u) => u.ref.endsWith('/active'));
  if (activeUpdate) {
    const found = await checkActiveUpdate(activeUpdate, ctx);
    violations.push(...found);
    if (found.length === 0) {
      if (ctx.active === null) genesis = activeUpdate.new;
      effectiveActive = activeUpdate.new;
    }
  }
  for (const u of updates) if (u !== activeUpdate) violations.push(...(await checkBundleRef(u, effectiveActive, ctx)));
  return { violations, effectiveActive, genesis };
}

async function checkActiveUpdate(u: PushUpdate, ctx: PolicyCheckContext): Promise<Violation[]> {
  const base = ctx.active?.commit ?? null;
  if (base !== null && !(await isAncestorOrNull(ctx.objects, base, u.new))) {
    return [{ rule: 'gatos.policy.not-descendant', ref: u.ref, commit: u.new, reason: `bundle ${u.new} does not descend from the active policy ${base}; publish on top of the active bundle` }];
  }
  const commits = await ctx.objects.walk(u.new, base === null ? [] : [base]);
  if (base === null && commits.length > MAX_GENESIS_LINEAGE) {
    return [{ rule: 'gatos.policy.genesis', ref: u.ref, commit: u.new, reason: `the genesis lineage has ${commits.length} commits, more than ${MAX_GENESIS_LINEAGE}` }];
  }
  const chain: PolicyBundle[] = [];
  const bad: Violation[] = [];
  for (const c of commits) {
    const loaded = await load(ctx, c.oid);
    if (isGatosError(loaded)) bad.push({ rule: 'gatos.policy.malformed', ref: u.ref, commit: c.oid, reason: loaded.message });
    else chain.push(loaded);
  }
  if (bad.length > 0 || ctx.active === null) return bad;
  return ctx.authoriser.authorise({ ref: u.ref, active: ctx.active, chain, objects: ctx.objects });
}

async function checkBundleRef(u: PushUpdate, effectiveActive: Oid | null, ctx: PolicyCheckContext): Promise<Violation[]> {
  const v = (rule: Violation['rule'], reason: string): Violation[] => [{ rule, ref: u.ref, commit: u.new, reason }];
  const loaded = await load(ctx, u.new);
  if (isGatosError(loaded)) return v('gatos.policy.malformed', loaded.message);
  const id = u.ref.slice(u.ref.lastIndexOf('/') + 1);
  if (loaded.bundleId !== id) return v('gatos.policy.malformed', `${u.ref} names bundle ${id} but the commit holds bundle ${loaded.bundleId}`);
  if (effectiveActive === null) {
    return v('gatos.policy.genesis', 'no policy is active in this repository yet: push refs/gatos/policies/active with the genesis bundle (trust on first use)');
  }
  if ((await isAncestorOrNull(ctx.objects, u.new, effectiveActive)) || (await isAncestorOrNull(ctx.objects, effectiveActive, u.new))) return [];
  if (loaded.parent === null) {
    return v('gatos.policy.genesis', `bundle ${u.new} is a second genesis bundle; this repository already trusts policy ${effectiveActive} (publish on top of it instead)`);
  }
  return v('gatos.policy.not-descendant', `bundle ${u.new} is not on the lineage of the active policy ${effectiveActive}`);
}

async function load(ctx: PolicyCheckContext, commit: Oid): Promise<PolicyBundle | GatosError> {
  return ctx.loadBundle(commit).catch((err: unknown) => {
    if (isGatosError(err)) return err;
    throw err;
  });
}

async function isAncestorOrNull(objects: ObjectStore, a: Oid, b: Oid): Promise<boolean> {
  return objects.isAncestor(a, b).catch((err: unknown) => {
    if (isGatosError(err)) return false;
    throw err;
  });
}
