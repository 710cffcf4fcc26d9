import { isGatosError, type GatosError, type ObjectStore, type Oid } from '@gatos/core';
import { loadPolicyRules, profileNameOf, type PolicyBundle, type PolicyRules } from '@gatos/policy';

/**
 * The policy the gate enforces: the active bundle, the recent lineage events may still name, and the
 * profile it declares. Loaded once per push from material already in the object store.
 */
export interface GatePolicy {
  readonly bundle: PolicyBundle;
  /** The active bundle commit first, then its ancestors, at most `maxPolicyDepth` of them. */
  readonly lineage: readonly Oid[];
  /** `default` or `research`, from `config/profile.yaml` in the bundle (default when absent). */
  readonly profile: string;
  /** The bundle's policy-language rules (ADR-0011), or why they do not parse (the gate then fails closed). */
  readonly rules: PolicyRules | GatosError;
}

/** The `profile:` value of a bundle's `config/profile.yaml` (default when absent), read as the CLI reads it. */
export function bundleProfile(bundle: PolicyBundle): string {
  return profileNameOf(bundle.files.get('config/profile.yaml'));
}

/**
 * Builds the gate policy for `bundle`: walks parent links of bundle commits up to `maxDepth` steps
 * (the bundle lineage is linear, ADR-0005), stopping early at the genesis bundle.
 */
export async function gatePolicy(
  objects: ObjectStore,
  bundle: PolicyBundle,
  maxDepth: number,
  loadBundle: (commit: Oid) => Promise<PolicyBundle>,
): Promise<GatePolicy> {
  const lineage: Oid[] = [bundle.commit];
  let parent = bundle.parent;
  while (parent !== null && lineage.length <= maxDepth) {
    lineage.push(parent);
    const next = await loadBundle(parent).catch((err: unknown) => {
      // An unloadable ancestor ends the usable lineage; events naming it fail policy-root or untrusted-key.
      if (isGatosError(err)) return null;
      throw err;
    });
    parent = next?.parent ?? null;
  }
  return { bundle, lineage, profile: bundleProfile(bundle), rules: bundleRules(bundle) };
}

function bundleRules(bundle: PolicyBundle): PolicyRules | GatosError {
  try {
    return loadPolicyRules(bundle);
  } catch (err) {
    if (isGatosError(err)) return err;
    throw err;
  }
}
