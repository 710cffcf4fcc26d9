import { publicKeyFromSeed, signBytes, type Signer } from '@gatos/core';
import { loadSecretSeed } from './loadSecretSeed.js';
import { parallelSigner } from './parallelSign.js';

/** Loads the key of `actor` from the store at `home` as a `Signer`. */
export function loadSigner(home: string, actor: string): Signer {
  const seed = loadSecretSeed(home, actor);
  return {
    actor,
    publicKey: publicKeyFromSeed(seed),
    sign: (message: Uint8Array) => signBytes(seed, message),
    signMany: parallelSigner(seed),
  };
}
