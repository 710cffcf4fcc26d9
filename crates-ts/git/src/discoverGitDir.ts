/**
 * Finds the repository containing a directory without a git binary (for the isomorphic-git
 * backend): walks up looking for a `.git` directory, a `.git` file (`gitdir: <path>`, linked
 * worktrees and submodules) or a bare repository (`HEAD`, `objects/`, `refs/`).
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

export interface GitDirs {
  /** Per-worktree git dir (holds HEAD). */
  readonly gitDir: string;
  /** Common git dir (holds objects, refs, packed-refs); equals gitDir outside linked worktrees. */
  readonly commonDir: string;
  readonly workTree: string | null;
}

async function kind(path: string): Promise<'file' | 'dir' | null> {
  try {
    const s = await stat(path);
    return s.isDirectory() ? 'dir' : s.isFile() ? 'file' : null;
  } catch {
    return null;
  }
}

async function isBare(dir: string): Promise<boolean> {
  return (await kind(join(dir, 'HEAD'))) === 'file' && (await kind(join(dir, 'objects'))) === 'dir' && (await kind(join(dir, 'refs'))) === 'dir';
}

async function withCommonDir(gitDir: string, workTree: string | null): Promise<GitDirs> {
  let commonDir = gitDir;
  try {
    commonDir = resolve(gitDir, (await readFile(join(gitDir, 'commondir'), 'utf8')).trim());
  } catch {
    // no commondir file: not a linked worktree
  }
  return { gitDir, commonDir, workTree };
}

/** The repository around `start`, or null when there is none. */
export async function discoverGitDir(start: string): Promise<GitDirs | null> {
  let dir = resolve(start);
  if ((await kind(dir)) !== 'dir') return null;
  for (;;) {
    const dotGit = join(dir, '.git');
    const k = await kind(dotGit);
    if (k === 'dir' && (await isBare(dotGit))) return withCommonDir(dotGit, dir);
    if (k === 'file') {
      const m = /^gitdir: (.+)$/m.exec(await readFile(dotGit, 'utf8'));
      if (m?.[1] !== undefined) return withCommonDir(resolve(dir, m[1].trim()), dir);
    }
    if (await isBare(dir)) return withCommonDir(dir, null);
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}
