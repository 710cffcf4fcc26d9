import { GatosError, isGatosError, retryWithJitter, treeFromFiles, decodeCommit, parseMessage, trailerValue, type ObjectStore, type RefStore, type Oid, type Signer } from '@gatos/core';
import { compileBundle } from './compileBundle.js';
import { buildBundleCommit } from './bundleCommit.js';
import { ACTIVE_POLICY_REF, bundleRef } from './policyRefs.js';


export interface PublishResult {
  readonly bundleId: string;
  readonly policyCodeRoot: string;
  readonly commit: Oid;
  /** False when the active bundle already has exactly this content. */
  readonly changed: boolean;
  readonly activated: boolean;
}

export interface PublishOptions {
  /** Publish without activating (the bundle is then reported as published-but-inactive). */
  readonly activate?: boolean;
  readonly maxAttempts?: number;
}

/**
 * Publishes `files` (paths relative to `gatos/`) as a bundle on `refs/gatos/policies/<id>` whose parent
 * is the active bundle, then moves `refs/gatos/policies/active` to it by compare-and-swap.
 * When `active` moves underneath us, the bundle is rebuilt on the new active bundle (lineage stays
 * linear) with jittered backoff (≈25→500 ms, 5 tries). When retries run out the bundle stays published
 * and inactive, and `POLICY_ACTIVATION_FAILED` says so.
 */
export async function publishBundle(
  store: { objects: ObjectStore; refs: RefStore },
  files: ReadonlyMap<string, Uint8Array>,
  signer: Signer,
  options: PublishOptions = {},
): Promise<PublishResult> {
  // Validates the trust graph and every policy file first: an invalid bundle writes nothing (ADR-0011).
  const { bundleId, policyCodeRoot } = compileBundle(files);
  const digests = { bundleId, policyCodeRoot };
  const { root, objects } = treeFromFiles(files);
  await store.objects.write(objects);
  let lastCommit: Oid | null = null;
  try {
    return await retryWithJitter(options.maxAttempts ?? 5, async () => {
      const active = await store.refs.read(ACTIVE_POLICY_REF);
      if (active && (await activeBundleId(store.objects, active)) === digests.bundleId) {
        return { ...digests, commit: active, changed: false, activated: true };
      }
      const { oid, object } = buildBundleCommit(root, active, digests, signer);
      await store.objects.write([object]);
      lastCommit = oid;
      const ref = bundleRef(digests.bundleId);
      const existing = await store.refs.read(ref);
      if (existing !== oid) {
        // FF-only: an existing bundle ref may only advance to a descendant.
        if (existing && !(await store.objects.isAncestor(existing, oid))) {
          throw new GatosError('POLICY_BUNDLE_CONFLICT', `${ref} already points at ${existing}, which ${oid} does not descend from`, {
            data: { ref, existing, commit: oid },
          });
        }
        await store.refs.compareAndSwap(ref, existing, oid);
      }
      if (options.activate === false) return { ...digests, commit: oid, changed: true, activated: false };
      await store.refs.compareAndSwap(ACTIVE_POLICY_REF, active, oid);
      return { ...digests, commit: oid, changed: true, activated: true };
    });
  } catch (err) {
    if (isGatosError(err, 'REF_CAS_MISMATCH')) {
      throw new GatosError('POLICY_ACTIVATION_FAILED', `bundle ${digests.bundleId} was published but could not be activated: ${ACTIVE_POLICY_REF} kept moving (retry \`git gatos policy activate ${digests.bundleId}\`)`, {
        data: { bundle: digests.bundleId, commit: lastCommit }, cause: err, exitClass: 'check',
      });
    }
    throw err;
  }
}

async function activeBundleId(objects: ObjectStore, commit: Oid): Promise<string | null> {
  const raw = await objects.read(commit);
  if (raw.type !== 'commit') return null;
  try {
    return trailerValue(parseMessage(decodeCommit(raw.body).message).trailers, 'Policy-Bundle-Id').replace(/^blake3:/, '');
  } catch {
    return null;
  }
}
