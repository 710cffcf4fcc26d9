/** What the `blob` commands share: the configured store, the caller's recipient key, and reading targets. */
import { readFileSync } from 'node:fs';
import { GatosError, isGatosError } from '@gatos/core';
import { runGit } from '@gatos/git';
import { loadSecretSeed } from '@gatos/keys';
import {
  openBlobStore, parseBlobStoreSetting, parsePointerJson, recipientKeyFromSeed,
  type BlobStore, type BlobStoreSetting, type Pointer, type RecipientKey,
} from '@gatos/opaque';
import { resolveActor, type CliContext } from './context.js';
import { readTextArg } from './readInput.js';

/** The store `git config gatos.blobStore` names (default: the repository, refs/gatos/objects). */
export async function configuredBlobStore(ctx: CliContext): Promise<{ store: BlobStore; setting: BlobStoreSetting }> {
  const setting = parseBlobStoreSetting(await runGit(ctx.repo.gitDir, ['config', '--get', 'gatos.blobStore'], { okExitCodes: [0, 1] }));
  return { store: openBlobStore(setting, ctx.repo, ctx.repo.workTree ?? ctx.repo.gitDir), setting };
}

/**
 * The acting identity's recipient key. Without an actor or a key there is nothing to decrypt with,
 * which the caller reports as "not a recipient" (`OPAQUE_NOT_RECIPIENT`, exit 1).
 */
export async function callerRecipientKey(ctx: CliContext, actorFlag: string | undefined): Promise<{ actor: string; key: RecipientKey }> {
  try {
    const actor = await resolveActor(ctx.repo.workTree ?? ctx.repo.gitDir, actorFlag);
    return { actor, key: recipientKeyFromSeed(loadSecretSeed(ctx.home, actor)) };
  } catch (err) {
    if (isGatosError(err, 'NO_ACTOR') || isGatosError(err, 'KEY_NOT_FOUND')) {
      throw new GatosError('OPAQUE_NOT_RECIPIENT', `not a recipient: ${err.message}`, { data: err.data, cause: err, exitClass: 'check' });
    }
    throw err;
  }
}

const BARE_HASH = /^blake3:[0-9a-f]{64}$/;

/** `blake3:<hex>` as is, or a pointer given as JSON text, `@file` or `-` (stdin). */
export function readBlobTarget(arg: string): { hash: string } | { pointer: Pointer } {
  if (BARE_HASH.test(arg)) return { hash: arg };
  return { pointer: parsePointerJson(readTextArg(arg, 'pointer')) };
}

/** The bytes of `<file>` or of stdin for `-`. */
export function readContent(arg: string): Uint8Array {
  try {
    const bytes = readFileSync(arg === '-' ? 0 : arg);
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } catch (err) {
    throw new GatosError('INPUT_UNREADABLE', `cannot read ${arg === '-' ? 'stdin' : arg}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { data: { path: arg } });
  }
}

/** Writes raw bytes to stdout and waits until they are handed to the OS. */
export function writeStdout(bytes: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => process.stdout.write(bytes, (err) => (err ? reject(err) : resolve())));
}
