import {
  GatosError, decodeCommit, parseMessage, trailerValue, readTreeFiles, parsePublicKey, parseSignature,
  verifyStrict, type ObjectStore, type Oid,
} from '@gatos/core';
import { bundleDigests } from './bundleDigests.js';
import { bundleStatement } from './bundleCommit.js';
import { parseTrustGraph, emptyTrustGraph, type TrustGraph } from './trustGraph.js';

export interface PolicyBundle {
  readonly commit: Oid;
  readonly parent: Oid | null;
  readonly bundleId: string;
  readonly policyCodeRoot: string;
  readonly publishedBy: string;
  readonly files: ReadonlyMap<string, Uint8Array>;
  readonly trust: TrustGraph;
}

/**
 * Loads and checks a bundle commit: trailers present, digests recomputed from the tree, publisher
 * signature valid. Throws `POLICY_BUNDLE_INVALID` naming the commit and what is wrong.
 * Attacker-controlled input (a pushed or fetched commit): every field is checked before use.
 */
export async function loadBundle(objects: ObjectStore, commit: Oid): Promise<PolicyBundle> {
  const invalid = (why: string): GatosError =>
    new GatosError('POLICY_BUNDLE_INVALID', `policy bundle ${commit}: ${why}`, { data: { commit }, exitClass: 'check' });
  const raw = await objects.read(commit).catch((err: unknown) => {
    throw new GatosError('POLICY_BUNDLE_MISSING', `policy bundle ${commit} is not in this repository (fetch refs/gatos/policies/*)`, {
      data: { commit }, cause: err, exitClass: 'check',
    });
  });
  if (raw.type !== 'commit') throw invalid(`is a ${raw.type}, not a commit`);
  const c = decodeCommit(raw.body);
  if (c.parents.length > 1) throw invalid('is a merge; bundle lineage must be linear');
  const { trailers } = parseMessage(c.message);
  let bundleId: string, codeRoot: string, publishedBy: string, signer: string, sig: string;
  try {
    bundleId = trailerValue(trailers, 'Policy-Bundle-Id');
    codeRoot = trailerValue(trailers, 'Policy-Code-Root');
    publishedBy = trailerValue(trailers, 'Published-By');
    signer = trailerValue(trailers, 'Signer');
    sig = trailerValue(trailers, 'Sig');
  } catch (err) {
    throw invalid((err as Error).message);
  }
  const files = await readTreeFiles(objects, c.tree);
  const digests = bundleDigests(files);
  if (bundleId !== `blake3:${digests.bundleId}`) throw invalid(`Policy-Bundle-Id ${bundleId} does not match its content (blake3:${digests.bundleId})`);
  if (codeRoot !== `sha256:${digests.policyCodeRoot}`) throw invalid(`Policy-Code-Root ${codeRoot} does not match its content (sha256:${digests.policyCodeRoot})`);
  const parent = c.parents[0] ?? null;
  const ok = verifyStrict(parsePublicKey(signer), bundleStatement(digests, parent, publishedBy), parseSignature(sig));
  if (!ok) throw invalid(`publisher signature by ${publishedBy} does not verify`);
  const graphBytes = files.get('trust/graph.json');
  const trust = graphBytes ? parseTrustGraph(new TextDecoder().decode(graphBytes), `trust/graph.json in bundle ${commit}`) : emptyTrustGraph();
  return { commit, parent, bundleId: digests.bundleId, policyCodeRoot: digests.policyCodeRoot, publishedBy, files, trust };
}

/** Memoises `loadBundle` per commit: verifiers see few distinct bundles across many events. */
export function bundleCache(objects: ObjectStore): (commit: Oid) => Promise<PolicyBundle> {
  const cache = new Map<Oid, Promise<PolicyBundle>>();
  return (commit) => {
    let p = cache.get(commit);
    if (!p) cache.set(commit, (p = loadBundle(objects, commit)));
    return p;
  };
}
