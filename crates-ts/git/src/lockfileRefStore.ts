/**
 * `RefStore` for the files ref backend, in-process, using git's own lock protocol so it is atomic
 * against concurrent `git update-ref` and other gatos processes (isomorphic-git's writeRef is not:
 * two racing writers can both "win").
 *
 * Protocol, as in git's refs/files-backend.c: create `<ref>.lock` with O_EXCL (that is the lock),
 * read the current value (loose file, else packed-refs), compare, write `<oid>\n` into the lock
 * file, rename it over the ref. A process killed while holding a lock leaves `<ref>.lock` behind,
 * which blocks that ref until it is removed, exactly as with git.
 */
import { open, readFile, rename, stat, unlink, mkdir } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { GatosError, isOid } from '@gatos/core';
import type { Oid, RefStore, RefUpdate } from '@gatos/core';
import type { GitAdapterErrorCode } from './errorCodes.js';
import { checkUpdates, compareRefNames } from './checkUpdates.js';
import { objectMissing } from './objectMissing.js';
import { readPackedRefs } from './packedRefs.js';
import { assertRefName, assertRefPrefix } from './refName.js';
import { casMismatch } from './casMismatch.js';
import { listLooseRefs } from './listLooseRefs.js';

/** How long to retry a taken lock, like git's `core.filesRefLockTimeout` (100 ms). */
const LOCK_TIMEOUT_MS = 100;

interface HeldLock {
  readonly ref: string;
  readonly lockPath: string;
  readonly handle: FileHandle;
}

function conflict(ref: string, detail: string): GatosError<GitAdapterErrorCode> {
  return new GatosError<GitAdapterErrorCode>('REF_NAME_CONFLICT', `cannot create ${ref}: ${detail}`, { data: { ref } });
}

export class LockfileRefStore implements RefStore {
  /**
   * @param commonDir the repository's common git dir (where `refs/` and `packed-refs` live)
   * @param gitDir the per-worktree git dir (where `HEAD` lives)
   * @param objectExists used to refuse pointing a ref at a missing object, as `git update-ref` does
   */
  constructor(
    private readonly commonDir: string,
    private readonly gitDir: string,
    private readonly objectExists: (oid: Oid) => Promise<boolean>,
  ) {}

  async read(ref: string): Promise<Oid | null> {
    assertRefName(ref, { allowHead: true });
    return this.resolve(ref, 0);
  }

  async compareAndSwap(ref: string, expected: Oid | null, next: Oid): Promise<void> {
    await this.compareAndSwapMany([{ ref, expected, next }]);
  }

  async compareAndSwapMany(updates: readonly RefUpdate[]): Promise<void> {
    checkUpdates(updates);
    for (const u of updates) if (!(await this.objectExists(u.next))) throw objectMissing(u.next);
    const locks: HeldLock[] = [];
    let renamed = false;
    try {
      // Lock in name order so two transactions over the same refs cannot deadlock-retry forever.
      for (const u of [...updates].sort(compareRefNames)) locks.push(await this.lock(u.ref, u.expected));
      const packed = await readPackedRefs(this.commonDir);
      for (const u of updates) {
        const actual = await this.current(u.ref, packed);
        if (actual !== u.expected) throw casMismatch(u.ref, u.expected, actual, false);
        if (actual === null) this.checkPackedConflict(u.ref, packed);
      }
      const byRef = new Map(updates.map((u) => [u.ref, u.next]));
      for (const l of locks) {
        await l.handle.writeFile(`${byRef.get(l.ref)}\n`);
        await l.handle.close();
      }
      renamed = true;
      for (const l of locks) await rename(l.lockPath, this.refPath(l.ref));
    } catch (err) {
      if (!renamed) await Promise.all(locks.map((l) => l.handle.close().catch(() => undefined)));
      await Promise.all(locks.map((l) => unlink(l.lockPath).catch(() => undefined)));
      throw err;
    }
  }

  async list(prefix: string): Promise<Array<{ ref: string; oid: Oid }>> {
    assertRefPrefix(prefix);
    const found = new Map<string, Oid>();
    for (const [ref, oid] of await readPackedRefs(this.commonDir)) if (ref.startsWith(prefix)) found.set(ref, oid);
    const base = prefix.slice(0, prefix.lastIndexOf('/'));
    for (const ref of await listLooseRefs(this.commonDir, base)) {
      if (!ref.startsWith(prefix)) continue;
      const oid = await this.resolve(ref, 0);
      if (oid !== null) found.set(ref, oid);
    }
    return [...found].map(([ref, oid]) => ({ ref, oid })).sort(compareRefNames);
  }

  private refPath(ref: string): string {
    return join(ref === 'HEAD' ? this.gitDir : this.commonDir, ref);
  }

  /** Loose value (following `ref:` links, as git does), else packed value, else null. */
  private async resolve(ref: string, depth: number): Promise<Oid | null> {
    const loose = await this.readLoose(ref);
    if (loose === null) return (await readPackedRefs(this.commonDir)).get(ref) ?? null;
    if (loose.startsWith('ref: ') && depth < 5) return this.resolve(loose.slice(5), depth + 1);
    if (isOid(loose)) return loose;
    throw new GatosError<GitAdapterErrorCode>('GIT_FAILED', `ref file for ${ref} is corrupt: ${JSON.stringify(loose.slice(0, 80))}`, {
      data: { ref },
      exitClass: 'internal',
    });
  }

  private async readLoose(ref: string): Promise<string | null> {
    try {
      return (await readFile(this.refPath(ref), 'utf8')).trim();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return null;
      throw err;
    }
  }

  /** The value a CAS compares against: a symbolic ref is refused rather than followed. */
  private async current(ref: string, packed: ReadonlyMap<string, Oid>): Promise<Oid | null> {
    const loose = await this.readLoose(ref);
    if (loose === null) return packed.get(ref) ?? null;
    if (isOid(loose)) return loose;
    throw new GatosError<GitAdapterErrorCode>('BAD_REF_NAME', `${ref} is a symbolic ref; gatos only moves direct refs`, { data: { ref } });
  }

  private checkPackedConflict(ref: string, packed: ReadonlyMap<string, Oid>): void {
    for (const other of packed.keys()) {
      if (other.startsWith(`${ref}/`) || ref.startsWith(`${other}/`)) throw conflict(ref, `'${other}' exists`);
    }
  }

  private async lock(ref: string, expected: Oid | null): Promise<HeldLock> {
    const refPath = this.refPath(ref);
    const lockPath = `${refPath}.lock`;
    try {
      if ((await stat(refPath)).isDirectory()) throw conflict(ref, `refs exist below ${ref}`);
    } catch (err) {
      if (err instanceof GatosError) throw err;
    }
    const deadline = Date.now() + LOCK_TIMEOUT_MS;
    for (;;) {
      try {
        return { ref, lockPath, handle: await open(lockPath, 'wx', 0o644) };
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') {
          await mkdir(dirname(lockPath), { recursive: true }).catch((e: NodeJS.ErrnoException) => {
            throw e.code === 'ENOTDIR' || e.code === 'EEXIST' ? conflict(ref, 'a ref exists where a directory is needed') : e;
          });
          continue;
        }
        if (code === 'ENOTDIR') throw conflict(ref, 'a ref exists where a directory is needed');
        if (code !== 'EEXIST') throw err;
        if (Date.now() >= deadline) throw casMismatch(ref, expected, await this.resolve(ref, 0), true);
        await sleep(1 + Math.random() * 10);
      }
    }
  }
}
