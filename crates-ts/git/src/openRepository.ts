/**
 * Opens a repository behind the object/ref store ports, with either backend:
 * - `cli` (default): the git binary; fastest, honours GIT_OBJECT_DIRECTORY (pre-receive quarantine).
 * - `iso`: no git binary needed; isomorphic-git reads plus gatos' own loose writer and lock files.
 */
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { GatosError } from '@gatos/core';
import type { ObjectStore, RefStore } from '@gatos/core';
import { CliObjectStore } from './cliObjectStore.js';
import { CliRefStore } from './cliRefStore.js';
import { FilesRefReader } from './filesRefReader.js';
import { discoverGitDir } from './discoverGitDir.js';
import type { GitAdapterErrorCode } from './errorCodes.js';
import { execGit, gitFailed } from './runGit.js';

export type GitBackend = 'cli' | 'iso';

export interface OpenRepositoryOptions {
  /** `cli` (default) spawns git; `iso` needs no git binary. */
  readonly backend?: GitBackend;
}

export interface Repository {
  /** Absolute git directory (per worktree). */
  readonly gitDir: string;
  /** Absolute work tree, or null for a bare repository. */
  readonly workTree: string | null;
  readonly objects: ObjectStore;
  readonly refs: RefStore;
  /** Stops long-lived git processes. Idempotent. */
  close(): Promise<void>;
}

function notARepository(dir: string, detail?: string): GatosError<GitAdapterErrorCode> {
  return new GatosError<GitAdapterErrorCode>(
    'NOT_A_GIT_REPOSITORY',
    `${dir} is not inside a git repository${detail === undefined ? '' : ` (${detail})`}; run \`git init\` there, or pass the repository's path`,
    { data: { dir }, exitClass: 'usage' },
  );
}

async function openCli(dir: string): Promise<Repository> {
  // Discover from `dir` itself, not from a GIT_DIR the caller's environment may carry.
  const discover = { GIT_DIR: undefined, GIT_WORK_TREE: undefined };
  const args = ['rev-parse', '--path-format=absolute', '--git-dir', '--git-path', 'objects', '--is-bare-repository', '--git-common-dir'];
  const result = await execGit(dir, args, { env: discover });
  if (result.exitCode !== 0) {
    if (/not a git repository/i.test(result.stderr)) throw notARepository(dir);
    throw gitFailed(args, result);
  }
  const [gitDir = '', objectsDir = '', bare, commonDir = gitDir] = result.stdout.toString('utf8').split('\n');
  let workTree: string | null = null;
  if (bare !== 'true') {
    const top = await execGit(dir, ['rev-parse', '--show-toplevel'], { env: discover });
    workTree = top.exitCode === 0 ? top.stdout.toString('utf8').trim() || null : null;
  }
  const ctx = { gitDir, env: { GIT_DIR: gitDir, GIT_WORK_TREE: undefined } };
  const objects = new CliObjectStore(ctx, objectsDir);
  return { gitDir, workTree, objects, refs: new CliRefStore(ctx, FilesRefReader.open(commonDir)), close: () => objects.close() };
}

async function openIso(dir: string): Promise<Repository> {
  const dirs = await discoverGitDir(dir);
  if (dirs === null) throw notARepository(dir);
  // Loaded on demand: isomorphic-git costs ~50 ms of start-up that CLI-backed commands never need.
  const { IsoObjectStore } = await import('./isoObjectStore.js');
  const { LockfileRefStore } = await import('./lockfileRefStore.js');
  const objects = new IsoObjectStore(dirs.commonDir, join(dirs.commonDir, 'objects'));
  const refs = new LockfileRefStore(dirs.commonDir, dirs.gitDir, (oid) => objects.has(oid));
  return { gitDir: dirs.gitDir, workTree: dirs.workTree, objects, refs, close: () => objects.close() };
}

/**
 * Opens the repository containing `dir`. Rejects with `NOT_A_GIT_REPOSITORY` (exit class
 * `usage`, data.dir) when there is none.
 *
 * @example
 * const repo = await openRepository(process.cwd());
 * try {
 *   const [oid] = await repo.objects.write([{ type: 'blob', body: bytes }]);
 *   await repo.refs.compareAndSwap('refs/gatos/demo', null, oid!);
 * } finally {
 *   await repo.close();
 * }
 */
export async function openRepository(dir: string, options: OpenRepositoryOptions = {}): Promise<Repository> {
  const abs = resolve(dir);
  const isDir = await stat(abs).then((s) => s.isDirectory(), () => false);
  if (!isDir) throw notARepository(abs, 'no such directory');
  return (options.backend ?? 'cli') === 'iso' ? openIso(abs) : openCli(abs);
}
