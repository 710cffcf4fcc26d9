import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliEntry, okJson, runCliAsync, startGitHttpServer, testGitEnv, useCliSandbox, type CliResult, type GitHttpServer } from '@gatos/testkit';

/** A trivial job writing `name`; distinct names give distinct job ids. */
const job = (name: string): string => `command: [sh, -c, "echo hello > ${name}"]\ntimeout: 30s\noutputs: [${name}]\n`;
const ranLines = (stdout: string): string[] => stdout.split('\n').filter((l) => l.startsWith('ran '));

describe('git gatos worker (local)', () => {
  const sb = useCliSandbox();
  beforeAll(() => {
    okJson(sb.gatos(['init', '--actor', 'user:alice', '--json']));
  });

  it('runs every pending job once with --once, then has nothing to do', () => {
    const ids = ['a.txt', 'b.txt', 'c.txt'].map((n) => sb.gatos(['job', 'submit', '-'], job(n)).stdout.trim());
    const first = sb.gatos(['worker', '--once']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toBe('');
    expect(ranLines(first.stdout)).toHaveLength(3);
    for (const id of ids) {
      expect(first.stdout).toMatch(new RegExp(`^ran ${id} succeeded [0-9a-f]{40}$`, 'm'));
      expect(sb.gatos(['job', 'verify', id]).code).toBe(0);
    }
    const second = sb.gatos(['worker', '--once', '--json']);
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ consumer: 'worker-user-alice', ran: [], errors: [] });
  });

  it('polls until SIGTERM, then exits 0', async () => {
    const child = spawn(process.execPath, [cliEntry, 'worker'], { cwd: sb.repo.dir, env: { ...testGitEnv, GATOS_HOME: sb.home.dir }, stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise((resolve) => setTimeout(resolve, 2500));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});

/**
 * The race of issue #5: one gated bare remote behind a real smart-HTTP server, a submitter and four
 * worker clones (each its own GATOS_HOME and actor) running `worker --remote <url> --once` at once.
 */
describe('git gatos worker --remote (four racing workers)', () => {
  const JOBS = 20;
  const WORKERS = 4;
  const MAX_ROUNDS = 6;
  let root: string;
  let server: GitHttpServer;
  const remote = (): string => join(root, 'remote.git');
  // Runs git on a local path only (never through the HTTP server), so a blocking spawn is safe here.
  const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, env: testGitEnv, encoding: 'utf8' }).trim();
  // Async: this process serves the remote over HTTP, so a blocking spawn of a client would deadlock.
  const client = (name: string): { dir: string; run: (args: string[], input?: string) => Promise<CliResult> } => ({
    dir: join(root, name),
    run: (args, input) => runCliAsync(args, { cwd: join(root, name), env: { GATOS_HOME: join(root, `${name}-home`) }, ...(input === undefined ? {} : { input }) }),
  });
  const ok = (r: CliResult): CliResult => {
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    return r;
  };
  const remoteRefs = (kind: 'claim' | 'result'): Map<string, string> =>
    new Map(
      git(remote(), 'for-each-ref', '--format=%(refname) %(objectname)', 'refs/gatos/jobs/')
        .split('\n').filter((l) => l.split(' ')[0]!.endsWith(`/${kind}`)).map((l) => l.split(' ') as [string, string]),
    );

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'gatos-worker-'));
    execFileSync('git', ['init', '-q', '--bare', remote()], { env: testGitEnv });
    ok(await runCliAsync(['hook', 'install', remote()], { cwd: root }));
    server = await startGitHttpServer(root);
    for (const name of ['submitter', ...Array.from({ length: WORKERS }, (_, i) => `w${i}`)]) {
      execFileSync('git', ['init', '-q', '-b', 'main', join(root, name)], { env: testGitEnv });
    }
  });
  afterAll(async () => {
    await server?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('runs each of 20 jobs exactly once, every claim created once and never moved', async () => {
    const url = server.url('remote.git');
    const submitter = client('submitter');
    const workers = Array.from({ length: WORKERS }, (_, i) => client(`w${i}`));
    ok(await submitter.run(['init', '--actor', 'user:submitter']));
    const keys = await Promise.all(workers.map((w, i) => w.run(['key', 'new', '--actor', `user:w${i}`, '--json'])));
    for (const [i, w] of workers.entries()) {
      git(w.dir, 'config', 'gatos.actor', `user:w${i}`);
      ok(await submitter.run(['trust', 'add', `user:w${i}`, (JSON.parse(ok(keys[i]!).stdout) as { publicKey: string }).publicKey]));
    }
    ok(await submitter.run(['policy', 'publish']));
    // Submitted four at a time: concurrent publishers on one topic serialise on its head (ADR-0010).
    const ids: string[] = [];
    for (let i = 0; i < JOBS; i += 4) {
      const batch = await Promise.all([0, 1, 2, 3].map((k) => submitter.run(['job', 'submit', '-'], job(`out-${i + k}.txt`))));
      ids.push(...batch.map((r) => ok(r).stdout.trim()));
    }
    expect(new Set(ids).size).toBe(JOBS);
    ok(await submitter.run(['sync', url, '--no-refold']));

    const firstClaim = new Map<string, string>();
    const ran: string[] = [];
    for (let round = 0; round < MAX_ROUNDS && remoteRefs('result').size < JOBS; round++) {
      const results = await Promise.all(workers.map((w) => w.run(['worker', '--remote', url, '--once'])));
      for (const r of results) {
        ok(r);
        expect(r.stderr).toBe('');
        ran.push(...ranLines(r.stdout).map((l) => l.split(' ')[1]!));
      }
      for (const [ref, oid] of remoteRefs('claim')) {
        if (!firstClaim.has(ref)) firstClaim.set(ref, oid);
        expect(oid, `${ref} moved`).toBe(firstClaim.get(ref));
      }
    }
    const results = remoteRefs('result');
    expect(results.size).toBe(JOBS);
    expect(remoteRefs('claim').size).toBe(JOBS);
    // Every job ran exactly once across all workers and rounds.
    expect(ran.slice().sort()).toEqual(ids.slice().sort());

    const checker = client('submitter');
    ok(await checker.run(['sync', url, '--no-refold']));
    for (let i = 0; i < ids.length; i += 5) {
      const verdicts = await Promise.all(ids.slice(i, i + 5).map((id) => checker.run(['job', 'verify', id])));
      for (const v of verdicts) ok(v);
    }
  }, 600_000); // a hang guard, not a speed check: 4 workers × 20 jobs over HTTP on a shared 2-core machine
});
