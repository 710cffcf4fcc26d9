import { isGatosError, type ObjectStore, type Oid, type RefStore } from '@gatos/core';
import { loadBundle, type PolicyBundle } from './loadBundle.js';
import { ACTIVE_POLICY_REF } from './policyRefs.js';

/** One bundle as the log reports it. Fields read from the bundle are null when it does not load. */
export interface BundleSummary {
  readonly commit: Oid;
  readonly bundleId: string;
  readonly policyCodeRoot: string | null;
  readonly publishedBy: string | null;
  readonly parent: Oid | null;
  /** `refs/gatos/policies/<bundle-id>` naming this commit, or null when no such ref exists. */
  readonly ref: string | null;
  /** Why the bundle does not load, or null. */
  readonly invalid: string | null;
}

export interface PolicyLog {
  /** The commit `refs/gatos/policies/active` names, or null. */
  readonly active: Oid | null;
  /** The active bundle, then each parent back to the genesis bundle. */
  readonly lineage: readonly BundleSummary[];
  /** Published bundles (refs/gatos/policies/<id>) that are not on the active lineage, by ref name. */
  readonly inactive: readonly BundleSummary[];
}

/**
 * Reads the bundle lineage from `active` back to genesis, plus every published bundle that was never
 * activated (or was published beside the lineage). Read-only; a bundle that does not load is reported
 * with `invalid` rather than ending the log.
 *
 * @example
 * const { lineage, inactive } = await readPolicyLog(repo);
 */
export async function readPolicyLog(store: { objects: ObjectStore; refs: RefStore }): Promise<PolicyLog> {
  const published = (await store.refs.list('refs/gatos/policies/')).filter((r) => r.ref !== ACTIVE_POLICY_REF);
  const refOf = new Map(published.map((r) => [r.oid, r.ref] as const));
  const active = await store.refs.read(ACTIVE_POLICY_REF);
  const lineage: BundleSummary[] = [];
  const seen = new Set<Oid>();
  for (let at = active; at !== null && !seen.has(at); ) {
    seen.add(at);
    const summary = await summarise(store.objects, at, refOf.get(at) ?? null);
    lineage.push(summary);
    at = summary.parent;
  }
  const inactive: BundleSummary[] = [];
  for (const r of published) if (!seen.has(r.oid)) inactive.push(await summarise(store.objects, r.oid, r.ref));
  return { active, lineage, inactive };
}

async function summarise(objects: ObjectStore, commit: Oid, ref: string | null): Promise<BundleSummary> {
  const loaded: PolicyBundle | Error = await loadBundle(objects, commit).catch((err: unknown) => {
    if (isGatosError(err)) return err;
    throw err;
  });
  if (loaded instanceof Error) {
    const bundleId = ref ? ref.slice(ref.lastIndexOf('/') + 1) : '';
    return { commit, bundleId, policyCodeRoot: null, publishedBy: null, parent: null, ref, invalid: loaded.message };
  }
  return { commit, bundleId: loaded.bundleId, policyCodeRoot: loaded.policyCodeRoot, publishedBy: loaded.publishedBy, parent: loaded.parent, ref, invalid: null };
}
