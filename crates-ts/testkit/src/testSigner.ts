import { blake3, publicKeyFromSeed, signBytes, type Signer } from '@gatos/core';
import { parallelSigner } from '@gatos/keys';

/** A deterministic signer for tests: seed = blake3("gatos-test-key:<actor>"). */
export function testSigner(actor: string): Signer {
  const seed = blake3(new TextEncoder().encode(`gatos-test-key:${actor}`));
  return { actor, publicKey: publicKeyFromSeed(seed), sign: (m) => signBytes(seed, m), signMany: parallelSigner(seed) };
}
