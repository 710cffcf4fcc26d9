/**
 * The directory blob store: bytes in files `<dir>/blake3/<hex>` outside the repository (a shared disk,
 * a mounted bucket). Writes go to a temporary file in the same directory and are renamed into place,
 * so a reader sees no file or a whole one; reads verify the bytes against their name.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { blake3Hex } from '@gatos/core';
import { parseBlobHash } from './blobHash.js';
import type { BlobStore } from './blobStore.js';
import { opaqueError } from './errors.js';

export class DirBlobStore implements BlobStore {
  private readonly blobs: string;

  /** @param dir the store's root; blobs live in `<dir>/blake3/`. */
  constructor(readonly dir: string) {
    this.blobs = join(dir, 'blake3');
  }

  private path(hash: string): string {
    return join(this.blobs, parseBlobHash(hash));
  }

  async has(hash: string): Promise<boolean> {
    return stat(this.path(hash)).then((s) => s.isFile(), () => false);
  }

  async get(hash: string): Promise<Uint8Array | null> {
    const path = this.path(hash);
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw opaqueError('OPAQUE_STORE_CORRUPT', `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { data: { path }, cause: err });
    }
    if (`blake3:${blake3Hex(bytes)}` !== hash) {
      throw opaqueError('OPAQUE_INTEGRITY', `${path} does not hash to ${hash}: the file was altered`, { data: { path, hash } });
    }
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  async put(bytes: Uint8Array): Promise<{ hash: string; size: number }> {
    const hash = `blake3:${blake3Hex(bytes)}`;
    const final = this.path(hash);
    if (await this.has(hash)) return { hash, size: bytes.length };
    await mkdir(this.blobs, { recursive: true });
    const tmp = join(this.blobs, `.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
    try {
      await writeFile(tmp, bytes, { flag: 'wx', mode: 0o444 });
      await rename(tmp, final);
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      throw opaqueError('OPAQUE_STORE_CORRUPT', `cannot write ${final}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { data: { path: final }, cause: err });
    }
    return { hash, size: bytes.length };
  }

  async putMany(list: readonly Uint8Array[]): Promise<Array<{ hash: string; size: number }>> {
    const out: Array<{ hash: string; size: number }> = [];
    for (const bytes of list) out.push(await this.put(bytes));
    return out;
  }
}
