import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Oid } from '@gatos/core';

/**
 * Local, rebuildable cache of journal commits whose signature verified. A commit id fixes the
 * event bytes and its `Signer`/`Sig` trailers, so a verdict cached by commit id can never apply to
 * different content. Not authoritative: deleting it only costs time, and `--no-cache` bypasses it.
 * Stored as concatenated 20-byte ids in `<git-dir>/gatos/cache/verified-signatures.v1`.
 */
export interface SignatureCache {
  has(commit: Oid): boolean;
  add(commit: Oid): void;
  /** Appends the ids added since loading. */
  save(): Promise<void>;
}

export async function loadSignatureCache(gitDir: string): Promise<SignatureCache> {
  const path = join(gitDir, 'gatos', 'cache', 'verified-signatures.v1');
  const known = new Set<string>();
  try {
    const bytes = await readFile(path);
    // A torn tail (crash while appending) is ignored: only whole 20-byte records count.
    for (let i = 0; i + 20 <= bytes.length; i += 20) known.add(bytes.subarray(i, i + 20).toString('hex'));
  } catch {
    // No cache yet.
  }
  const added: string[] = [];
  return {
    has: (commit) => known.has(commit),
    add: (commit) => {
      if (!known.has(commit)) {
        known.add(commit);
        added.push(commit);
      }
    },
    async save() {
      if (added.length === 0) return;
      await mkdir(dirname(path), { recursive: true });
      const fh = await open(path, 'a');
      try {
        await fh.write(Buffer.from(added.join(''), 'hex'));
      } finally {
        await fh.close();
      }
      added.length = 0;
    },
  };
}
