import { join } from 'node:path';
import { parseActor } from '@gatos/core';

/** On-disk shape of one private key file (mode 0600). */
export interface KeyFile {
  readonly version: 1;
  readonly actor: string;
  readonly alg: 'ed25519';
  /** `ed25519:<64 hex>` */
  readonly public_key: string;
  /** 32-byte Ed25519 seed, lowercase hex. */
  readonly seed: string;
}

/** `<home>/keys/<kind>/<name>.json`: one file per actor, named so it is easy to find and back up. */
export function keyFilePath(home: string, actor: string): string {
  const { kind, name } = parseActor(actor);
  return join(home, 'keys', kind, `${name}.json`);
}
