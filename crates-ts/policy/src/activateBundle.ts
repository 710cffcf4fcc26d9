import { GatosError, retryWithJitter, type ObjectStore, type RefStore, type Oid } from '@gatos/core';
import { ACTIVE_POLICY_REF, bundleRef } from './policyRefs.js';
import { loadBundle } from './loadBundle.js';


/**
 * Makes a published bundle (by bundle id or commit) the active one. The new bundle must descend from
 * the currently active bundle (fast-forward only); activation is a compare-and-swap with jittered retry.
 */
export async function activateBundle(store: { objects: ObjectStore; refs: RefStore }, which: string, maxAttempts = 5): Promise<{ commit: Oid; bundleId: string; previous: Oid | null }> {
  const bare = which.replace(/^blake3:/, '');
  const commit = /^[0-9a-f]{64}$/.test(bare) ? await store.refs.read(bundleRef(bare)) : /^[0-9a-f]{40}$/.test(bare) ? bare : null;
  if (!commit) {
    throw new GatosError('POLICY_BUNDLE_NOT_FOUND', `no published bundle ${which} (see \`git gatos policy log\`)`, { data: { bundle: which } });
  }
  const bundle = await loadBundle(store.objects, commit);
  return retryWithJitter(maxAttempts, async () => {
    const active = await store.refs.read(ACTIVE_POLICY_REF);
    if (active === commit) return { commit, bundleId: bundle.bundleId, previous: active };
    if (active && !(await store.objects.isAncestor(active, commit))) {
      throw new GatosError('POLICY_NOT_DESCENDANT', `bundle ${bundle.bundleId} does not descend from the active bundle ${active}; policies only move forward`, {
        data: { bundle: bundle.bundleId, commit, active }, exitClass: 'check',
      });
    }
    await store.refs.compareAndSwap(ACTIVE_POLICY_REF, active, commit);
    return { commit, bundleId: bundle.bundleId, previous: active };
  });
}
