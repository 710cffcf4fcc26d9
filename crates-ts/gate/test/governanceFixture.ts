/** Governed bundle files for gate tests: the policy declares `policy.update` with quorum 2-of-3@leads. */
import { formatPublicKey, type Signer } from '@gatos/core';
import { emptyTrustGraph, serializeTrustGraph, withActorKey, withGroup } from '@gatos/policy';

export const GOVERNANCE_YAML = 'governance:\n  policy.update: {quorum: 2-of-3@leads, ttl: PT72H}\n';

/** Every signer trusted, @leads = `leads`, `policies/governance.yaml` = GOVERNANCE_YAML, plus `extra` files. */
export function governedFiles(signers: readonly Signer[], leads: readonly string[], extra: Record<string, string> = {}): Map<string, Uint8Array> {
  let graph = emptyTrustGraph();
  for (const s of signers) graph = withActorKey(graph, s.actor, formatPublicKey(s.publicKey));
  graph = withGroup(graph, 'leads', [...leads]);
  const files: Record<string, string> = { 'config/profile.yaml': 'profile: default\n', 'trust/graph.json': serializeTrustGraph(graph), 'policies/governance.yaml': GOVERNANCE_YAML, ...extra };
  return new Map(Object.entries(files).map(([k, v]) => [k, new TextEncoder().encode(v)]));
}
