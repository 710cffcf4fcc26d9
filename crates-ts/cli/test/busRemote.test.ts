import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, runCliAsync, runGitAsync, startGitHttpServer, testGitEnv, type CliResult, type GitHttpServer } from '@gatos/testkit';

/**
 * The bus across nodes through a gated bare remote behind a real smart-HTTP server (ADR-0010 "Pruning
 * on shared remotes"): a prune travels by `git gatos sync` (a forced push the gate re-checks), a clone
 * takes the remote's summary in place of the same messages, a tampered summary is refused and audited,
 * and a node holding messages newer than a remote summary keeps them and reports a conflict.
 */
describe('git gatos bus with a gated remote', () => {
  const T = 'gatos.jobs.pending';
  const T2 = 'gatos.audit.events';
  let root: string;
  let server: GitHttpServer;
  const remote = (): string => join(root, 'remote.git');
  const url = (): string => server.url('remote.git');
  // Async: this process serves the remote over HTTP, so a blocking spawn of a client would deadlock.
  const client = (name: string, home = name): { readonly dir: string; run: (args: string[], input?: string) => Promise<CliResult> } => ({
    get dir() {
      return join(root, name);
    },
    run: (args, input) => runCliAsync(args, { cwd: join(root, name), env: { GATOS_HOME: join(root, `${home}-home`) }, ...(input === undefined ? {} : { input }) }),
  });
  const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, env: testGitEnv, encoding: 'utf8' }).trim();
  const ok = (r: CliResult): CliResult => {
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    return r;
  };
  const json = <T>(r: CliResult): T => JSON.parse(ok(r).stdout) as T;
  const alice = client('alice');
  const alice2 = client('alice2', 'alice'); // alice's second machine: same key store, own repository
  const bob = client('bob');
  let segRef = '';

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'gatos-bus-remote-'));
    execFileSync('git', ['init', '-q', '--bare', remote()], { env: testGitEnv });
    ok(runCli(['hook', 'install', remote()], { cwd: root }));
    server = await startGitHttpServer(root);
    for (const c of [alice, alice2, bob]) {
      mkdirSync(c.dir);
      git(c.dir, 'init', '-q', '-b', 'main');
    }
    git(alice2.dir, 'config', 'gatos.actor', 'user:alice');
  });
  afterAll(async () => {
    await server?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('carries a prune through sync: the gate accepts it, and a clone takes the summary and verifies', async () => {
    ok(await alice.run(['init', '--actor', 'user:alice']));
    const published = json<{ messages: Array<{ ulid: string }> }>(await alice.run(['bus', 'publish', T, '--batch', '-', '--json'], '{"payload":{"n":1}}\n{"payload":{"n":2}}\n{"payload":{"n":3}}\n'));
    ok(await alice.run(['bus', 'ack', T, '--consumer', 'w', ...published.messages.map((m) => m.ulid)]));
    ok(await alice.run(['sync', url()]));
    ok(await bob.run(['sync', url()]));
    expect(ok(await bob.run(['bus', 'verify', T])).stdout).toContain('ok: 3 messages in 1 segments');

    const pruned = json<{ pruned: Array<{ ref: string; commit: string; count: number }> }>(await alice.run(['bus', 'prune', T, '--older-than', '0s', '--active-within', '1h', '--json']));
    expect(pruned.pruned).toHaveLength(1);
    segRef = pruned.pruned[0]!.ref;
    const summary = pruned.pruned[0]!.commit;
    const pushed = json<{ ok: boolean; pushed: string[]; denied: string[] }>(await alice.run(['sync', url(), '--json']));
    expect(pushed).toMatchObject({ ok: true, denied: [] });
    expect(pushed.pushed.sort()).toEqual([segRef, `refs/gatos/mbus/${T}/head`].sort());
    expect(git(remote(), 'rev-parse', segRef)).toBe(summary);
    expect(git(remote(), 'rev-parse', `refs/gatos/mbus/${T}/head`)).toBe(summary);

    const fetched = json<{ ok: boolean; fetched: Array<{ ref: string; action: string }> }>(await bob.run(['sync', url(), '--json']));
    expect(fetched.ok).toBe(true);
    expect(fetched.fetched).toEqual(expect.arrayContaining([
      expect.objectContaining({ ref: segRef, action: 'pruned', to: summary }),
      expect.objectContaining({ ref: `refs/gatos/mbus/${T}/head`, action: 'followed', to: summary }),
    ]));
    const done = 'ok: 0 messages in 1 segments (1 pruned windows, 3 pruned messages), 1 consumers and 0 commitments verified\n';
    expect(ok(await bob.run(['bus', 'verify', T])).stdout).toBe(done);
    expect(ok(await runCliAsync(['bus', 'verify', T, '-C', remote()], { cwd: root })).stdout).toBe(done);
  });

  it('refuses and audits a tampered summary pushed to the remote', async () => {
    const summary = git(alice.dir, 'rev-parse', segRef);
    const body = git(alice.dir, 'cat-file', 'commit', summary).replace('Message-Count: 3', 'Message-Count: 2');
    writeFileSync(join(alice.dir, 'forged.txt'), `${body}\n`);
    const forged = git(alice.dir, 'hash-object', '-t', 'commit', '-w', 'forged.txt');
    const r = await runGitAsync(['push', url(), `+${forged}:${segRef}`], { cwd: alice.dir });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`remote: GATOS DENY gatos.mbus.prune ${segRef}: summary ${forged}: Message-Count trailer is "2"; expected "3" [BUS_TRAILER_MISMATCH]`);
    expect(git(remote(), 'rev-parse', segRef)).toBe(summary);
    const log = json<{ entries: Array<{ decision: string; rule: string; ref: string; new: string }> }>(await runCliAsync(['audit', 'log', '-C', remote(), '--limit', '1', '--json'], { cwd: root }));
    expect(log.entries[0]).toMatchObject({ decision: 'DENY', rule: 'gatos.mbus.prune', ref: segRef, new: forged });
  });

  it('keeps messages a remote summary would drop, reporting a conflict instead of taking it', async () => {
    ok(await alice.run(['bus', 'publish', T2, '--batch', '-'], '{"payload":{"n":1}}\n{"payload":{"n":2}}\n'));
    ok(await alice.run(['sync', url()]));
    ok(await alice2.run(['sync', url()]));
    // alice2 publishes a third message into the same segment and does not sync; alice prunes the two she has.
    ok(await alice2.run(['bus', 'publish', T2, '--payload', '{"n":3}']));
    const pruned = json<{ pruned: Array<{ ref: string; commit: string }> }>(await alice.run(['bus', 'prune', T2, '--older-than', '0s', '--json']));
    const ref = pruned.pruned[0]!.ref;
    expect(git(alice2.dir, 'rev-list', '--count', ref)).toBe('3');
    ok(await alice.run(['sync', url()]));
    const r = await alice2.run(['sync', url(), '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { fetched: Array<{ ref: string; action: string; reason?: string }>; denied: string[] };
    expect(report.fetched).toContainEqual({
      ref, from: expect.any(String), to: expect.any(String), action: 'conflict',
      reason: expect.stringContaining(`${ref} holds 3 messages but the summary covers 2`),
    });
    expect(report.denied).toEqual([]);
    expect(git(alice2.dir, 'rev-list', '--count', ref)).toBe('3');
    expect(git(remote(), 'rev-parse', ref)).toBe(pruned.pruned[0]!.commit);
    expect(ok(await alice2.run(['bus', 'verify', T2])).stdout).toContain('ok: 3 messages in 1 segments');
  });
});
