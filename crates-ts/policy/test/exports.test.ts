import { describe, expect, it } from 'vitest';

describe('@gatos/policy public surface', () => {
  it('exposes only the intended API (changing it is deliberate: update this list)', async () => {
    expect(Object.keys(await import('../src/index.js')).sort()).toEqual(["ACTIVE_POLICY_REF","BUNDLE_DIRS","activateBundle","assertBundlePath","bundleCache","bundleDigests","bundleRef","emptyTrustGraph","isActorKey","loadBundle","parseTrustGraph","publishBundle","serializeTrustGraph","withActorKey","withGroup"]);
  });
});
