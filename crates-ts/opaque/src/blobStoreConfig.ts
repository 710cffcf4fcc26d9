/**
 * Which blob store a repository uses: `git config gatos.blobStore` (ADR-0015).
 * - unset, `repo`: the repository itself (`refs/gatos/objects`), the default;
 * - `dir:<path>`: files under `<path>/blake3/` (relative paths from the repository's top directory).
 */
import { isAbsolute, resolve } from 'node:path';
import type { ObjectStore, RefStore } from '@gatos/core';
import type { BlobStore } from './blobStore.js';
import { DirBlobStore } from './dirBlobStore.js';
import { opaqueError } from './errors.js';
import { RepoBlobStore } from './repoBlobStore.js';

export type BlobStoreSetting = { readonly kind: 'repo' } | { readonly kind: 'dir'; readonly path: string };

/** Parses a `gatos.blobStore` value; throws `OPAQUE_BAD_STORE_CONFIG` for anything else. */
export function parseBlobStoreSetting(value: string | undefined): BlobStoreSetting {
  const text = (value ?? '').trim();
  if (text === '' || text === 'repo') return { kind: 'repo' };
  if (text.startsWith('dir:') && text.length > 4) return { kind: 'dir', path: text.slice(4) };
  throw opaqueError('OPAQUE_BAD_STORE_CONFIG', `gatos.blobStore must be "repo" or "dir:<path>", got ${JSON.stringify(text.slice(0, 200))} (set it with: git config gatos.blobStore dir:/srv/gatos-blobs)`, {
    data: { value: text.slice(0, 200) },
  });
}

/**
 * Opens the store a setting names. `baseDir` anchors relative `dir:` paths (the repository's top directory).
 * @example const store = openBlobStore(parseBlobStoreSetting(configValue), repo, repo.workTree ?? repo.gitDir);
 */
export function openBlobStore(setting: BlobStoreSetting, repo: { readonly objects: ObjectStore; readonly refs: RefStore }, baseDir: string): BlobStore {
  if (setting.kind === 'repo') return new RepoBlobStore(repo);
  return new DirBlobStore(isAbsolute(setting.path) ? setting.path : resolve(baseDir, setting.path));
}
