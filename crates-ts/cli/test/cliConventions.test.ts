import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, makeTempRepo, runCli, runGitGatos, checkoutRoot, type TempRepo } from '@gatos/testkit';

const commandIds = (): string[] => {
  const root = join(checkoutRoot, 'crates-ts/cli/src/commands');
  const ids: string[] = [];
  const visit = (dir: string, prefix: string[]): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) visit(p, [...prefix, name]);
      else if (name === 'index.ts') ids.push(prefix.join(' '));
      else if (name.endsWith('.ts')) ids.push([...prefix, name.slice(0, -3)].join(' '));
    }
  };
  visit(root, []);
  return ids;
};

let home: { dir: string; cleanup(): void };
let repo: TempRepo;
beforeAll(() => {
  home = makeTempDir('gatos-home-');
  repo = makeTempRepo();
});
afterAll(() => {
  home.cleanup();
  repo.cleanup();
});

describe('every command', () => {
  it.each(commandIds())('"%s" has -h help with a summary and examples, exit 0', (id) => {
    const r = runCli([...id.split(' '), '-h'], { cwd: repo.dir, env: { GATOS_HOME: home.dir } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('USAGE');
    expect(r.stdout).toContain('--json');
    expect(r.stdout).toContain('EXAMPLES');
  });

  it('is documented in the man page that `git gatos --help` shows', () => {
    const man = readFileSync(join(checkoutRoot, 'crates-ts/cli/man/man1/git-gatos.1'), 'utf8').replace(/\\-/g, '-');
    for (const id of commandIds()) expect(man, `man page lacks "${id}"`).toContain(`.B ${id}`);
  });
});

describe('git gatos', () => {
  it('runs as a git subcommand from PATH', () => {
    const r = runGitGatos(['gatos', 'key', 'list', '--json'], { cwd: repo.dir, env: { GATOS_HOME: home.dir } });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ keys: [] });
  });

  it('shows the manual for `git gatos --help`', () => {
    const r = runGitGatos(['gatos', '--help'], {
      cwd: repo.dir,
      env: { MANPATH: join(checkoutRoot, 'crates-ts/cli/man'), MANPAGER: 'cat', PAGER: 'cat', MANWIDTH: '100' },
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/git-gatos\s+-\s+Git As The Operating Surface/);
  });

  it('shows command help for `git gatos -h`', () => {
    const r = runGitGatos(['gatos', '-h'], { cwd: repo.dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('event');
  });
});

describe('errors and exit codes', () => {
  it('reports bad usage on one stderr line with exit 2 and no stack trace', () => {
    const r = runCli(['event', 'append', '--type', 'x'], { cwd: repo.dir, env: { GATOS_HOME: home.dir } });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^error: missing required flag --ns \(see --help\) \[USAGE\]$/m);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('prints a stack trace only with GATOS_DEBUG=1', () => {
    const r = runCli(['event', 'log', '--ns', 'x'], { cwd: home.dir, env: { GATOS_HOME: home.dir, GATOS_DEBUG: '1' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\n\s+at /);
  });

  it('refuses clearly outside a git repository', () => {
    const r = runCli(['init', '--actor', 'user:alice'], { cwd: home.dir, env: { GATOS_HOME: home.dir } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('[NOT_A_GIT_REPOSITORY]');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('with --json prints exactly one JSON document (the error) on stdout', () => {
    const r = runCli(['event', 'log', '--ns', 'BAD NS', '--json'], { cwd: repo.dir, env: { GATOS_HOME: home.dir } });
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout) as { error: { code: string; message: string } };
    expect(doc.error.code).toBe('BAD_NAMESPACE');
    expect(r.stderr).toContain('[BAD_NAMESPACE]');
  });

  it('names an unknown actor kind precisely', () => {
    const r = runCli(['key', 'new', '--actor', 'robot:x'], { cwd: repo.dir, env: { GATOS_HOME: home.dir } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('[BAD_ACTOR]');
  });
});
