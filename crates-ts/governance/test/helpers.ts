/** Shared fixtures for governance tests: a real repository whose active policy has @leads and governance rules. */
import { formatPublicKey, initHashes, type Clock, type Signer } from '@gatos/core';
import { openRepository, type Repository } from '@gatos/git';
import { emptyTrustGraph, publishBundle, serializeTrustGraph, withActorKey, withGroup } from '@gatos/policy';
import { makeTempRepo, testSigner, type TempRepo } from '@gatos/testkit';

/** 2026-11-01T12:00:00Z, in milliseconds. */
export const T0 = Date.UTC(2026, 10, 1, 12, 0, 0);
export const HOUR = 3600_000;

/** A clock tests can move. */
export function testClock(start = T0): Clock & { set(ms: number): void } {
  let now = start;
  return { now: () => now, set: (ms) => void (now = ms) };
}

export const GOVERNANCE_YAML = 'governance:\n  policy.update: {quorum: 2-of-3@leads, ttl: PT72H}\n  publish.artifact:\n    quorum: {at_least: 2, group: leads}\n';

export interface GovFixture {
  readonly tmp: TempRepo;
  readonly repo: Repository;
  readonly alice: Signer;
  readonly bob: Signer;
  readonly carol: Signer;
  /** Trusted, but not in @leads. */
  readonly dave: Signer;
  readonly policyRoot: string;
  readonly clock: Clock & { set(ms: number): void };
  cleanup(): Promise<void>;
}

/** Bundle files: every signer trusted, @leads = alice, bob, carol, and `governance` as policies/governance.yaml. */
export function governedFiles(signers: readonly Signer[], governance: string | null = GOVERNANCE_YAML, extra: Record<string, string> = {}): Map<string, Uint8Array> {
  let graph = emptyTrustGraph();
  for (const s of signers) graph = withActorKey(graph, s.actor, formatPublicKey(s.publicKey));
  graph = withGroup(graph, 'leads', ['user:alice', 'user:bob', 'user:carol']);
  const files = new Map<string, string>([['config/profile.yaml', 'profile: default\n'], ['trust/graph.json', serializeTrustGraph(graph)], ...Object.entries(extra)]);
  if (governance !== null) files.set('policies/governance.yaml', governance);
  return new Map([...files].map(([k, v]) => [k, new TextEncoder().encode(v)]));
}

export async function makeGovFixture(governance: string | null = GOVERNANCE_YAML): Promise<GovFixture> {
  await initHashes();
  const tmp = makeTempRepo();
  const repo = await openRepository(tmp.dir);
  const [alice, bob, carol, dave] = ['user:alice', 'user:bob', 'user:carol', 'user:dave'].map(testSigner) as [Signer, Signer, Signer, Signer];
  const published = await publishBundle(repo, governedFiles([alice, bob, carol, dave], governance), alice);
  return {
    tmp, repo, alice, bob, carol, dave, policyRoot: published.commit, clock: testClock(),
    cleanup: async () => {
      await repo.close();
      tmp.cleanup();
    },
  };
}

/** A signer that claims `claimed`'s actor and key but signs with `actual`'s key (a forgery). */
export function forger(claimed: Signer, actual: Signer): Signer {
  return { actor: claimed.actor, publicKey: claimed.publicKey, sign: (m) => actual.sign(m) };
}
