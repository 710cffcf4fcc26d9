import type { PolicyBundle } from './loadBundle.js';
import { policyRulesFromFiles } from './policyRulesFromFiles.js';
import type { PolicyRules } from './policyRuleSet.js';

/**
 * The policy-language rules of a loaded bundle, groups resolved against the bundle's own trust graph.
 * Throws `POLICY_FILE_INVALID` naming the file, line and bundle commit when a policy file is invalid.
 *
 * @example
 * const rules = loadPolicyRules(await loadBundle(repo.objects, activeCommit));
 */
export function loadPolicyRules(bundle: PolicyBundle): PolicyRules {
  return policyRulesFromFiles(bundle.files, bundle.trust, { context: `in policy bundle ${bundle.commit}` });
}
