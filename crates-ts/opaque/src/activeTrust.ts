import type { ObjectStore, RefStore } from '@gatos/core';
import { ACTIVE_POLICY_REF, loadBundle, type TrustGraph } from '@gatos/policy';
import { opaqueError } from './errors.js';

/**
 * The trust graph of the active policy bundle: who can be a recipient. Throws `OPAQUE_NO_POLICY`
 * when no bundle is active.
 */
export async function loadActiveTrust(store: { readonly objects: ObjectStore; readonly refs: RefStore }): Promise<TrustGraph> {
  const root = await store.refs.read(ACTIVE_POLICY_REF);
  if (root === null) {
    throw opaqueError('OPAQUE_NO_POLICY', `no active policy bundle (${ACTIVE_POLICY_REF}): recipients come from its trust graph; run \`git gatos init\` first`, { data: { ref: ACTIVE_POLICY_REF } });
  }
  return (await loadBundle(store.objects, root)).trust;
}
