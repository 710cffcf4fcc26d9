import {
  encodeCanonical, encodeCommit, formatMessage, formatPublicKey, formatSignature, hashObject,
  type Oid, type RawObject, type Signer,
} from '@gatos/core';
import type { BundleDigests } from './bundleDigests.js';

/** Fixed identity and date: the same bundle on the same parent by the same actor is the same commit everywhere. */
const BUNDLE_IDENT = { name: 'gatos-policy', email: 'policy@gatos', timestamp: 0, tzOffset: '+0000' } as const;

/** The statement a publisher signs: binds content, lineage and publisher. */
export function bundleStatement(d: BundleDigests, parent: Oid | null, publishedBy: string): Uint8Array {
  return encodeCanonical({
    type: 'policy.bundle',
    bundle_id: `blake3:${d.bundleId}`,
    policy_code_root: `sha256:${d.policyCodeRoot}`,
    parent,
    published_by: publishedBy,
  });
}

/** Builds the bundle commit object (message + trailers) over an already-built tree. */
export function buildBundleCommit(tree: Oid, parent: Oid | null, d: BundleDigests, signer: Signer): { oid: Oid; object: RawObject } {
  const sig = signer.sign(bundleStatement(d, parent, signer.actor));
  const message = formatMessage('gatos policy bundle', [
    ['Policy-Bundle-Id', `blake3:${d.bundleId}`],
    ['Policy-Code-Root', `sha256:${d.policyCodeRoot}`],
    ['Published-By', signer.actor],
    ['Signer', formatPublicKey(signer.publicKey)],
    ['Sig', formatSignature(sig)],
  ]);
  const body = encodeCommit({
    tree,
    parents: parent ? [parent] : [],
    author: BUNDLE_IDENT,
    committer: BUNDLE_IDENT,
    message,
  });
  return { oid: hashObject('commit', body), object: { type: 'commit', body } };
}
