import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';

export interface TempRepo {
  /** Work tree (or the bare repository itself when `bare`). */
  readonly dir: string;
  /** Runs git in the repository and returns trimmed stdout. */
  git(...args: string[]): string;
  /** Removes the repository. */
  cleanup(): void;
}

/** Environment for git in tests: no user or system config leaks in, identity fixed. */
export const testGitEnv: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.invalid',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.invalid',
};

/** A fresh repository in a temp dir (`git init -b main`). Call `cleanup()` in `afterEach`. */
export function makeTempRepo(options: { bare?: boolean; prefix?: string } = {}): TempRepo {
  const dir = mkdtempSync(join(tmpdir(), options.prefix ?? 'gatos-test-'));
  const git = (...args: string[]): string =>
    execFileSync('git', args, { cwd: dir, env: testGitEnv, encoding: 'utf8', maxBuffer: 256 << 20 }).trim();
  git('init', '-q', '-b', 'main', ...(options.bare ? ['--bare'] : []));
  return { dir, git, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A fresh empty temp directory. */
export function makeTempDir(prefix = 'gatos-tmp-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
