/** `@gatos/policy`: the trust graph and policy bundles (publish, activate, load). The push gate builds on this. */
export { emptyTrustGraph, parseTrustGraph, serializeTrustGraph, withActorKey, withGroup, isActorKey } from './trustGraph.js';
export type { TrustGraph } from './trustGraph.js';
export { bundleDigests, assertBundlePath, BUNDLE_DIRS } from './bundleDigests.js';
export type { BundleDigests } from './bundleDigests.js';
export { ACTIVE_POLICY_REF, bundleRef } from './policyRefs.js';
export { loadBundle, bundleCache } from './loadBundle.js';
export type { PolicyBundle } from './loadBundle.js';
export { publishBundle } from './publishBundle.js';
export type { PublishResult, PublishOptions } from './publishBundle.js';
export { activateBundle } from './activateBundle.js';
