import { formatPublicKey, initHashes, type Signer } from '@gatos/core';
import { openRepository, type Repository } from '@gatos/git';
import { emptyTrustGraph, publishBundle, serializeTrustGraph, withActorKey } from '@gatos/policy';
import { makeTempRepo, type TempRepo } from './tempRepo.js';
import { testSigner } from './testSigner.js';

export interface LedgerFixture {
  readonly tmp: TempRepo;
  readonly repo: Repository;
  readonly signers: Readonly<Record<string, Signer>>;
  readonly policyRoot: string;
  cleanup(): Promise<void>;
}

/**
 * A real temp repository with a published, active policy bundle whose trust graph holds a
 * deterministic test key for each actor (default: user:alice and user:bob).
 */
export async function makeLedgerFixture(actors: readonly string[] = ['user:alice', 'user:bob'], options: { backend?: 'cli' | 'iso' } = {}): Promise<LedgerFixture> {
  await initHashes();
  const tmp = makeTempRepo();
  const repo = await openRepository(tmp.dir, options.backend ? { backend: options.backend } : {});
  const signers: Record<string, Signer> = {};
  let graph = emptyTrustGraph();
  for (const actor of actors) {
    signers[actor] = testSigner(actor);
    graph = withActorKey(graph, actor, formatPublicKey(signers[actor]!.publicKey));
  }
  const files = new Map([
    ['config/profile.yaml', new TextEncoder().encode('profile: default\n')],
    ['trust/graph.json', new TextEncoder().encode(serializeTrustGraph(graph))],
  ]);
  const published = await publishBundle(repo, files, signers[actors[0]!]!);
  return {
    tmp,
    repo,
    signers,
    policyRoot: published.commit,
    cleanup: async () => {
      await repo.close();
      tmp.cleanup();
    },
  };
}
