import { describe, expect, it } from 'vitest';

describe('@gatos/policy public surface', () => {
  it('exposes only the intended API (changing it is deliberate: update this list)', async () => {
    expect(Object.keys(await import('../src/index.js')).sort()).toEqual(["ACTIVE_POLICY_REF","BUNDLE_DIRS","GOVERNANCE_POLICY_FILES","POLICY_RULES","PROFILES","PROFILE_NAMES","activateBundle","assertBundlePath","bundleCache","bundleDigests","bundleRef","canonicalBundleBytes","checkEventAgainstRules","checkPredicates","compileBundle","echoPredicateLinter","emptyTrustGraph","isActorKey","isPolicyLanguageFile","isProfileName","loadBundle","loadPolicyRules","parseTrustGraph","policyRulesFromFiles","profileNameOf","profileSettings","profileYaml","publishBundle","readPolicyLog","serializeTrustGraph","showPolicy","withActorKey","withGroup"]);
  });
});
