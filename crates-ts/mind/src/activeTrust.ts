import { formatPublicKey, type ObjectStore, type Oid, type RefStore, type Signer } from '@gatos/core';
import { ACTIVE_POLICY_REF, isActorKey, loadBundle, type TrustGraph } from '@gatos/policy';
import { busError } from './errors.js';

/**
 * The trust graph of the active policy bundle (`refs/gatos/policies/active`), which decides whose
 * messages, acks and summaries are authentic. Throws `BUS_NO_POLICY` when no bundle is active.
 */
export async function loadActiveTrust(store: { objects: ObjectStore; refs: RefStore }): Promise<{ policyRoot: Oid; trust: TrustGraph }> {
  const policyRoot = await store.refs.read(ACTIVE_POLICY_REF);
  if (!policyRoot) {
    throw busError('BUS_NO_POLICY', `no active policy bundle (${ACTIVE_POLICY_REF}); run \`git gatos init\` first`, { data: { ref: ACTIVE_POLICY_REF } });
  }
  return { policyRoot, trust: (await loadBundle(store.objects, policyRoot)).trust };
}

/** Throws `BUS_SIGNER_NOT_TRUSTED` unless the signer's key speaks for its actor in `trust`. */
export function assertTrustedSigner(trust: TrustGraph, signer: Signer, policyRoot: Oid): void {
  const key = formatPublicKey(signer.publicKey);
  if (!isActorKey(trust, signer.actor, key)) {
    throw busError('BUS_SIGNER_NOT_TRUSTED', `key ${key} of ${signer.actor} is not in the trust graph of the active policy ${policyRoot} (run \`git gatos trust add ${signer.actor}\` and \`git gatos policy publish\`)`, {
      data: { actor: signer.actor, key, policy_root: policyRoot },
    });
  }
}
