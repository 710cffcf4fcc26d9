import { mkdirSync, openSync, writeSync, closeSync, renameSync, existsSync, fsyncSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { GatosError, generateSeed, publicKeyFromSeed, formatPublicKey, toHex, parseActor } from '@gatos/core';
import { keyFilePath, type KeyFile } from './keyFile.js';

export interface CreatedKey {
  readonly actor: string;
  readonly publicKey: string;
  readonly path: string;
}

/**
 * Creates a new Ed25519 key for `actor` in the key store at `home`.
 * Refuses to overwrite an existing key (`KEY_EXISTS`): losing a key means losing the identity.
 * The file is written to a temp name with mode 0600 and renamed, so a crash never leaves half a key.
 */
export function createKey(home: string, actor: string, seed: Uint8Array = generateSeed()): CreatedKey {
  parseActor(actor);
  const path = keyFilePath(home, actor);
  if (existsSync(path)) {
    throw new GatosError('KEY_EXISTS', `a key for ${actor} already exists at ${path}`, { data: { actor, path } });
  }
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const publicKey = formatPublicKey(publicKeyFromSeed(seed));
  const file: KeyFile = { version: 1, actor, alg: 'ed25519', public_key: publicKey, seed: toHex(seed) };
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(file, null, 2)}\n`);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
  closeSync(fd);
  renameSync(tmp, path);
  return { actor, publicKey, path };
}
