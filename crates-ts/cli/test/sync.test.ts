import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { checkoutRoot, runCli, runCliAsync, startGitHttpServer, testGitEnv, type CliResult, type GitHttpServer } from '@gatos/testkit';

/**
 * Three gated nodes (bare repositories behind a real smart-HTTP server on 127.0.0.1), two clients
 * that append to different nodes while apart, then sync with every node: all three end with identical
 * journal heads and identical checkpoint ids (the diverged checkpoint chains reconcile identically).
 */
describe('git gatos sync across three gated nodes', () => {
  let root: string;
  let server: GitHttpServer;
  const node = (i: number): string => join(root, `node${i}.git`);
  const url = (i: number): string => server.url(`node${i}.git`);
  // Async: this process also serves the nodes over HTTP, so a blocking spawn would deadlock.
  const client = (name: string): { dir: string; run: (...args: string[]) => Promise<CliResult> } => {
    const dir = join(root, name);
    return { dir, run: (...args) => runCliAsync(args, { cwd: dir, env: { GATOS_HOME: join(root, `${name}-home`) } }) };
  };
  const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, env: testGitEnv, encoding: 'utf8' }).trim();
  const ok = (r: CliResult): CliResult => {
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    return r;
  };
  const refsOf = (dir: string, prefix: string): string => git(dir, 'for-each-ref', '--format=%(objectname) %(refname)', prefix);

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'gatos-sync-'));
    for (const i of [1, 2, 3]) {
      execFileSync('git', ['init', '-q', '--bare', node(i)], { env: testGitEnv });
      ok(runCli(['hook', 'install', node(i)], { cwd: root }));
    }
    server = await startGitHttpServer(root);
    for (const name of ['alice', 'bob']) {
      execFileSync('git', ['init', '-q', '-b', 'main', join(root, name)], { env: testGitEnv });
      mkdirSync(join(root, name, 'gatos/folds'), { recursive: true });
      cpSync(join(checkoutRoot, 'examples/hello-ops/gatos/folds'), join(root, name, 'gatos/folds'), { recursive: true });
    }
  });
  afterAll(async () => {
    await server?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('converges journals and checkpoints on every node', async () => {
    const alice = client('alice');
    const bob = client('bob');
    // alice sets up the policy (trusting bob's key) and publishes to node 1.
    ok(await alice.run('init', '--actor', 'user:alice'));
    const bobKey = (JSON.parse(ok(await bob.run('key', 'new', '--actor', 'user:bob', '--json')).stdout) as { publicKey: string }).publicKey;
    git(bob.dir, 'config', 'gatos.actor', 'user:bob');
    ok(await alice.run('trust', 'add', 'user:bob', bobKey));
    ok(await alice.run('policy', 'publish'));
    ok(await alice.run('event', 'append', '--ns', 'finance', '--type', 'invoice.created', '--payload', '{"invoice":"a1","customer":"acme","amount":500}'));
    ok(await alice.run('sync', url(1)));
    // bob joins through node 1, appends, and publishes to node 2 (an empty gated node: trust on first use).
    ok(await bob.run('sync', url(1)));
    ok(await bob.run('event', 'append', '--ns', 'finance', '--type', 'payment.received', '--payload', '{"invoice":"a1","amount":200}'));
    writeFileSync(join(bob.dir, 'receipt.txt'), 'receipt from bob');
    const bobBlob = (JSON.parse(ok(await bob.run('blob', 'put', 'receipt.txt', '--json')).stdout) as { stored: string }).stored;
    ok(await bob.run('sync', url(2)));
    // Meanwhile alice, apart from bob, appends and publishes to node 3: the checkpoint chains diverge.
    ok(await alice.run('event', 'append', '--ns', 'finance', '--type', 'invoice.created', '--payload', '{"invoice":"a2","customer":"globex","amount":70}'));
    writeFileSync(join(alice.dir, 'scan.txt'), 'invoice scan from alice');
    const aliceBlob = (JSON.parse(ok(await alice.run('blob', 'put', 'scan.txt', '--json')).stdout) as { stored: string }).stored;
    ok(await alice.run('sync', url(3)));
    // Everyone syncs with everyone.
    const reconciled = JSON.parse(ok(await alice.run('sync', url(2), '--json')).stdout) as { fetched: Array<{ action: string; ref: string }> };
    expect(reconciled.fetched, JSON.stringify(reconciled, null, 1)).toContainEqual(expect.objectContaining({ ref: 'refs/gatos/state/finance', action: 'reconciled' }));
    expect(reconciled.fetched).toContainEqual(expect.objectContaining({ ref: 'refs/gatos/objects', action: 'reconciled' }));
    for (const i of [1, 3]) ok(await alice.run('sync', url(i)));
    for (const i of [3, 1, 2]) ok(await bob.run('sync', url(i)));
    for (const i of [1, 2, 3]) ok(await alice.run('sync', url(i)));
    // Identical journal heads and checkpoint ids everywhere, and the checkpoint verifies on a node.
    const journals = refsOf(node(1), 'refs/gatos/journal/');
    const state = refsOf(node(1), 'refs/gatos/state/');
    expect(journals.split('\n')).toHaveLength(2);
    expect(state).toMatch(/refs\/gatos\/state\/finance$/);
    for (const i of [2, 3]) {
      expect(refsOf(node(i), 'refs/gatos/journal/')).toBe(journals);
      expect(refsOf(node(i), 'refs/gatos/state/')).toBe(state);
    }
    expect(refsOf(alice.dir, 'refs/gatos/state/')).toBe(state);
    // The two blob stores grew apart and merged into their union, the same commit on every node.
    const objects = refsOf(node(1), 'refs/gatos/objects');
    for (const i of [2, 3]) expect(refsOf(node(i), 'refs/gatos/objects')).toBe(objects);
    expect(ok(await bob.run('blob', 'get', aliceBlob)).stdout).toBe('invoice scan from alice');
    expect(ok(await alice.run('blob', 'get', bobBlob)).stdout).toBe('receipt from bob');
    expect(refsOf(bob.dir, 'refs/gatos/state/')).toBe(state);
    const verify = await runCliAsync(['fold', 'verify', 'finance', '-C', node(2), '--json'], { cwd: root });
    expect((JSON.parse(verify.stdout) as { verdict: string }).verdict).toBe('verified');
    expect(JSON.parse(ok(await alice.run('state', 'show', 'finance', '--path', 'customers', '--json')).stdout).state).toEqual({ acme: 300, globex: 70 });
  });

  it('reports the server’s DENY reasons when a push is refused (exit 1)', async () => {
    const alice = client('alice');
    // A forged journal commit: bob's newest event re-committed into alice's journal.
    const bobTip = git(alice.dir, 'rev-parse', 'refs/gatos/journal/finance/user/bob');
    const aliceTip = git(alice.dir, 'rev-parse', 'refs/gatos/journal/finance/user/alice');
    const tree = git(alice.dir, 'rev-parse', `${bobTip}^{tree}`);
    const message = git(alice.dir, 'log', '-1', '--format=%B', bobTip);
    const forged = execFileSync('git', ['commit-tree', tree, '-p', aliceTip, '-m', message], { cwd: alice.dir, env: testGitEnv, encoding: 'utf8' }).trim();
    git(alice.dir, 'update-ref', 'refs/gatos/journal/finance/user/alice', forged, aliceTip);
    const r = await alice.run('sync', url(1), '--no-refold');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^GATOS DENY gatos\.journal\.\S+ refs\/gatos\/journal\/finance\/user\/alice: /m);
    expect(git(node(1), 'rev-parse', 'refs/gatos/journal/finance/user/alice')).toBe(aliceTip);
  });
});
