import { readFileSync, statSync } from 'node:fs';
import { GatosError, fromHex, publicKeyFromSeed, formatPublicKey, parseActor } from '@gatos/core';
import { keyFilePath, type KeyFile } from './keyFile.js';

/**
 * The raw 32-byte Ed25519 seed of `actor` from the store at `home`, checked (file mode 0600, right
 * actor, public key matches). For code that must derive other keys from the identity (opaque blobs
 * derive their X25519 recipient key from it); everything else should use `loadSigner`.
 */
export function loadSecretSeed(home: string, actor: string): Uint8Array {
  parseActor(actor);
  const path = keyFilePath(home, actor);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new GatosError('KEY_NOT_FOUND', `no key for ${actor} in ${home} (create one with: git gatos key new --actor ${actor})`, {
      data: { actor, path },
    });
  }
  const mode = statSync(path).mode & 0o077;
  if (mode !== 0) {
    throw new GatosError('KEY_FILE_INSECURE', `key file ${path} is readable by others (chmod 600 it)`, { data: { path } });
  }
  const file = parseKeyFile(text, path);
  if (file.actor !== actor) {
    throw new GatosError('KEY_FILE_INVALID', `key file ${path} belongs to ${file.actor}, not ${actor}`, { data: { path } });
  }
  const seed = fromHex(file.seed, 'seed');
  if (formatPublicKey(publicKeyFromSeed(seed)) !== file.public_key) {
    throw new GatosError('KEY_FILE_INVALID', `key file ${path}: public key does not match its seed`, { data: { path } });
  }
  return seed;
}

function parseKeyFile(text: string, path: string): KeyFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new GatosError('KEY_FILE_INVALID', `key file ${path} is not JSON`, { data: { path } });
  }
  const v = value as Partial<KeyFile> | null;
  if (!v || v.version !== 1 || v.alg !== 'ed25519' || typeof v.actor !== 'string' || typeof v.seed !== 'string' || typeof v.public_key !== 'string' || v.seed.length !== 64) {
    throw new GatosError('KEY_FILE_INVALID', `key file ${path} is not a gatos v1 Ed25519 key`, { data: { path } });
  }
  return v as KeyFile;
}
