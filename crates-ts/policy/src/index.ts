/** `@gatos/policy`: the trust graph, policy bundles (publish, activate, load) and the policy language (ADR-0011). The push gate builds on this. */
export { emptyTrustGraph, parseTrustGraph, serializeTrustGraph, withActorKey, withGroup, isActorKey } from './trustGraph.js';
export type { TrustGraph } from './trustGraph.js';
export { bundleDigests, canonicalBundleBytes, assertBundlePath, BUNDLE_DIRS } from './bundleDigests.js';
export type { BundleDigests } from './bundleDigests.js';
export { ACTIVE_POLICY_REF, bundleRef } from './policyRefs.js';
export { loadBundle, bundleCache } from './loadBundle.js';
export type { PolicyBundle } from './loadBundle.js';
export { publishBundle } from './publishBundle.js';
export type { PublishResult, PublishOptions } from './publishBundle.js';
export { activateBundle } from './activateBundle.js';

// policy language (ADR-0011)
export { POLICY_RULES } from './policyRuleIds.js';
export type { PolicyRuleId } from './policyRuleIds.js';
export type { PolicyRules, NamespaceRule, WriterRule, TypeRule } from './policyRuleSet.js';
export { policyRulesFromFiles, isPolicyLanguageFile, GOVERNANCE_POLICY_FILES } from './policyRulesFromFiles.js';
export type { PolicyRulesOptions } from './policyRulesFromFiles.js';
export { loadPolicyRules } from './loadPolicyRules.js';
export { checkEventAgainstRules } from './checkEventAgainstRules.js';
export type { EventFacts, RuleViolation } from './checkEventAgainstRules.js';
export { compileBundle } from './compileBundle.js';
export { checkPredicates, echoPredicateLinter } from './checkPredicates.js';
export type { PredicateLinter, PredicateLintFinding } from './checkPredicates.js';
export type { CompiledBundle } from './compileBundle.js';
export { readPolicyLog } from './readPolicyLog.js';
export type { PolicyLog, BundleSummary } from './readPolicyLog.js';
export { showPolicy } from './showPolicy.js';
export type { PolicyOverview, ActivePolicy, TrustSummary } from './showPolicy.js';

// profiles (SPEC-DIGEST §10, ADR-0021)
export { PROFILE_NAMES, PROFILES, isProfileName, profileSettings, profileNameOf, profileYaml } from './profiles.js';
export type { ProfileName, ProfileSettings } from './profiles.js';
