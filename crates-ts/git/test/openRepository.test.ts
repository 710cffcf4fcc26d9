import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir, makeTempRepo } from '@gatos/testkit';
import { openRepository, refNameProblem, runGit } from '../src/index.js';

describe.each(['cli', 'iso'] as const)('openRepository (%s)', (backend) => {
  it('rejects a directory outside any repository with NOT_A_GIT_REPOSITORY, naming it and suggesting git init', async () => {
    const tmp = makeTempDir('gatos-norepo-');
    try {
      const err = await openRepository(tmp.dir, { backend }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toMatchObject({ code: 'NOT_A_GIT_REPOSITORY', exitClass: 'usage', data: { dir: tmp.dir } });
      expect((err as Error).message).toContain(tmp.dir);
      expect((err as Error).message).toContain('git init');
      await expect(openRepository(join(tmp.dir, 'missing'), { backend })).rejects.toMatchObject({ code: 'NOT_A_GIT_REPOSITORY' });
    } finally {
      tmp.cleanup();
    }
  });

  it('finds the repository from a subdirectory and reports its work tree', async () => {
    const tmp = makeTempRepo();
    try {
      mkdirSync(join(tmp.dir, 'a', 'b'), { recursive: true });
      const repo = await openRepository(join(tmp.dir, 'a', 'b'), { backend });
      expect(repo.workTree).toBe(tmp.dir);
      expect(repo.gitDir).toBe(join(tmp.dir, '.git'));
      await repo.close();
      await repo.close(); // idempotent
    } finally {
      tmp.cleanup();
    }
  });

  it('opens a bare repository with no work tree', async () => {
    const tmp = makeTempRepo({ bare: true });
    try {
      const repo = await openRepository(tmp.dir, { backend });
      expect(repo.workTree).toBeNull();
      expect(repo.gitDir).toBe(tmp.dir);
      await repo.close();
    } finally {
      tmp.cleanup();
    }
  });
});

describe('runGit', () => {
  it('returns stdout and rejects with GIT_FAILED carrying stderr', async () => {
    const tmp = makeTempRepo();
    try {
      expect((await runGit(tmp.dir, ['hash-object', '--stdin'], { input: 'x' })).trim()).toBe('c1b0730e0133447badcfd47fd144e254807b06e1');
      await expect(runGit(tmp.dir, ['rev-parse', '--verify', 'nope'])).rejects.toMatchObject({
        code: 'GIT_FAILED',
        data: { exitCode: 128, stderr: expect.stringContaining('fatal') },
      });
    } finally {
      tmp.cleanup();
    }
  });
});

describe('refNameProblem', () => {
  it.each([
    ['refs/gatos/journal/main', null],
    ['refs/heads/x.lock', 'ending with ".lock"'],
    ['refs/a..b', '".."'],
    ['refs/a/.b', 'starting with "."'],
    ['refs/a b', 'space'],
    ['refs/a\x7f', 'control character'],
    ['refs/a@{1}', '"@{"'],
    ['refs/a.', 'ends with "."'],
    ['@', 'empty or "@"'],
  ])('%j -> %s', (name, problem) => {
    const got = refNameProblem(name);
    if (problem === null) expect(got).toBeNull();
    else expect(got).toContain(problem);
  });
});
