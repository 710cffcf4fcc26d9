import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blake3Hex, sha256 } from '@gatos/core';
import { cliEntry, makeTempDir, makeTempRepo, runCli, runCliAsync, testGitEnv, type CliResult, type TempRepo } from '@gatos/testkit';

// End to end through the built CLI (`npx tsc -b crates-ts/cli crates-ts/testkit` first): a real
// repository store, a real server process on 127.0.0.1, tokens and fetches from other processes.
let home: { dir: string; cleanup(): void };
let repo: TempRepo;
let server: { child: ChildProcess; url: string; stdout: () => string; exited: Promise<number | null> };
let plain: string;
let scan: string;
let scanPointer: string;

const env = (): NodeJS.ProcessEnv => ({ GATOS_HOME: home.dir });
const gatos = (args: string[], input?: string): Promise<CliResult> => runCliAsync(args, { cwd: repo.dir, env: env(), ...(input ? { input } : {}) });
const ok = (r: CliResult): string => {
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return r.stdout;
};

function startServe(args: string[]): Promise<typeof server> {
  const child = spawn(process.execPath, [cliEntry, 'resolver', 'serve', ...args], { cwd: repo.dir, env: { ...testGitEnv, ...env() }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const nl = out.indexOf('\n');
      if (nl > 0) resolve({ child, url: out.slice(0, nl), stdout: () => out, exited });
    });
    child.stderr!.on('data', (c: Buffer) => (err += c.toString('utf8')));
    void exited.then((code) => reject(new Error(`resolver serve exited ${code} before listening: ${err}`)));
  });
}

beforeAll(async () => {
  home = makeTempDir('gatos-home-');
  repo = makeTempRepo();
  const run = (args: string[]): string => {
    const r = runCli(args, { cwd: repo.dir, env: env() });
    if (r.code !== 0) throw new Error(`${args.join(' ')}: exit ${r.code}: ${r.stderr}`);
    return r.stdout;
  };
  run(['init', '--actor', 'user:alice']);
  run(['key', 'new', '--actor', 'user:bob']);
  run(['trust', 'add', 'user:bob']);
  run(['trust', 'group', '@clinicians', 'user:alice']);
  mkdirSync(join(repo.dir, 'gatos/config'), { recursive: true });
  writeFileSync(join(repo.dir, 'gatos/config/resolver.json'), `${JSON.stringify({ version: 1, classes: { medical: { readers: ['@clinicians'] } } }, null, 2)}\n`);
  run(['policy', 'publish']);
  writeFileSync(join(repo.dir, 'hello.txt'), 'hello from the resolver\n');
  writeFileSync(join(repo.dir, 'scan.bin'), 'a scan nobody outside @clinicians may read');
  plain = (JSON.parse(run(['blob', 'put', 'hello.txt'])) as { hash: string }).hash;
  scanPointer = run(['blob', 'put', 'scan.bin', '--opaque', '--class', 'medical']);
  scan = (JSON.parse(scanPointer) as { ciphertext_hash: string }).ciphertext_hash;
  // `blob put --class` records the class for the resolver itself; classifying again is a no-op.
  expect(repo.git('cat-file', '-p', `refs/gatos/objects:gatos/objects/classes/${scan.slice(7)}`).trim()).toBe('medical');
  ok(await gatos(['resolver', 'classify', '-'], scanPointer));
  server = await startServe(['--port', '0']);
});

afterAll(async () => {
  if (server && server.child.exitCode === null) {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  repo?.cleanup();
  home?.cleanup();
});

describe('git gatos resolver serve | token | fetch | classify | audit', () => {
  it('prints the listening URL first, and serves bytes with digest headers to a minted token', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const token = ok(await gatos(['resolver', 'token', '--aud', server.url])).trim();
    expect(token.split('.')).toHaveLength(3);
    const res = await fetch(`${server.url}/resolve/blake3/${plain.slice(7)}`, { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const body = new Uint8Array(await res.arrayBuffer());
    expect(new TextDecoder().decode(body)).toBe('hello from the resolver\n');
    expect(res.headers.get('digest')).toBe(`blake3=${blake3Hex(body)}`);
    expect(res.headers.get('x-blake3-digest')).toBe(blake3Hex(body));
    expect(res.headers.get('content-digest')).toBe(`sha-256=:${Buffer.from(sha256(body)).toString('base64')}:`);
  });

  it('fetches with a token it mints, checking the digest, and enforces classes and scopes', async () => {
    const out = join(repo.dir, 'plain.out');
    const fetched = JSON.parse(ok(await gatos(['resolver', 'fetch', server.url, plain, '-o', out, '--json']))) as { digest: string; size: number };
    expect(fetched).toEqual({ digest: plain, size: 24, out });
    expect(readFileSync(out, 'utf8')).toBe('hello from the resolver\n');

    const unscoped = await gatos(['resolver', 'fetch', server.url, scan, '-o', join(repo.dir, 'scan.out')]);
    expect(unscoped.code).toBe(1);
    expect(unscoped.stderr).toBe(`error: the resolver refused ${scan}: 403 scope-excludes-class [RESOLVER_FETCH_REFUSED]\n`);
    const bob = await gatos(['resolver', 'fetch', server.url, scan, '--scope', 'medical', '--actor', 'user:bob', '-o', join(repo.dir, 'scan.out')]);
    expect(bob.stderr).toBe(`error: the resolver refused ${scan}: 403 class-denied [RESOLVER_FETCH_REFUSED]\n`);
    ok(await gatos(['resolver', 'fetch', server.url, scan, '--scope', 'medical', '-o', join(repo.dir, 'scan.out')]));
    // An opaque blob is served as its ciphertext: the client decrypts, the resolver never sees plaintext.
    const served = readFileSync(join(repo.dir, 'scan.out'));
    expect(`blake3:${blake3Hex(served)}`).toBe(scan);
    expect(served.toString('latin1')).not.toContain('a scan nobody');
  });

  it('refuses a token for another audience (exit 1), an over-long --ttl (exit 2) and a change of class (exit 1)', async () => {
    const token = ok(await gatos(['resolver', 'token', '--aud', 'https://elsewhere.example'])).trim();
    const wrong = await gatos(['resolver', 'fetch', server.url, plain, '--token', token]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('403 wrong-audience');
    const long = await gatos(['resolver', 'token', '--aud', server.url, '--ttl', '2h']);
    expect(long.code).toBe(2);
    expect(long.stderr).toBe('error: token lifetime 2h is over the 3600 s the resolver accepts (tokens are short-lived; mint a new one instead) [RESOLVER_BAD_TTL]\n');
    const noOut = await gatos(['resolver', 'fetch', server.url, plain, '--json']);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toContain('give -o <file> for the bytes [USAGE]');
    const classConflict = await gatos(['resolver', 'classify', scan, '--class', 'public']);
    expect(classConflict.code).toBe(1);
    expect(classConflict.stderr).toContain('[RESOLVER_CLASS_CONFLICT]');
  });

  it('stops on SIGTERM after flushing, and the audit chain reads back every decision', async () => {
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.stdout()).toMatch(/\nstopped: 6 requests, 3 allowed, 3 denied, 6 audit records written\n$/);
    const audit = JSON.parse(ok(await gatos(['resolver', 'audit', '--json']))) as { total: number; allowed: number; denied: number; entries: Array<{ decision: string; reason: string; sub: string | null; class: string | null }> };
    expect(audit).toMatchObject({ total: 6, allowed: 3, denied: 3 });
    expect(audit.entries.map((e) => `${e.decision} ${e.reason} ${e.sub} ${e.class}`)).toEqual([
      'DENY wrong-audience null null',
      'ALLOW ok user:alice medical',
      'DENY class-denied user:bob medical',
      'DENY scope-excludes-class user:alice medical',
      'ALLOW ok user:alice null',
      'ALLOW ok user:alice null',
    ]);
    const text = ok(await gatos(['resolver', 'audit', '--limit', '1']));
    expect(text).toMatch(/^DENY  \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ  403 wrong-audience  blake3:[0-9a-f]{64}  \(claimed user:alice\)\n/);
    expect(text).toContain('… 5 older records (use --limit)\n6 requests: 3 allowed, 3 denied\n');
  });

  it('refuses to start without an active policy (exit 2)', async () => {
    const bare = makeTempRepo();
    try {
      const r = await runCliAsync(['resolver', 'serve', '--port', '0'], { cwd: bare.dir, env: env() });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^error: no active policy bundle \(refs\/gatos\/policies\/active\).*\[RESOLVER_NO_POLICY\]\n$/);
    } finally {
      bare.cleanup();
    }
  });
});
