/**
 * `git gatos blob put|get|rekey` through the built CLI (issue #6, ADR-0015): round trips for one and
 * several recipients and a group, "not a recipient", hostile input, rekey and rotation, the directory
 * store, a fold over events carrying opaque pointers that gives the same State-Root without keys, and a
 * privacy sweep over every object and ref of the repository.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blake3Hex } from '@gatos/core';
import { makeTempDir, makeTempRepo, okJson, runCli, testGitEnv, type CliResult, type TempRepo } from '@gatos/testkit';

let home: { dir: string; cleanup(): void };
let keyless: { dir: string; cleanup(): void };
let files: { dir: string; cleanup(): void };
let tmp: TempRepo;
let clone: TempRepo;
const gatos = (args: string[], env: NodeJS.ProcessEnv = {}): CliResult => runCli(args, { cwd: tmp.dir, env: { GATOS_HOME: home.dir, ...env } });
const as = (actor: string) => ['--actor', actor];
const file = (name: string, content: string | Uint8Array): string => {
  const path = join(files.dir, name);
  writeFileSync(path, content);
  return path;
};
interface Put { pointer: Record<string, any>; stored: string; store: string; recipients?: Array<{ actor: string; key: string }> }

/** A plaintext nothing else in the repository could contain by accident. */
const SECRET = `salary of the CEO: 987654321 (${'confidential '.repeat(20)})`;

beforeAll(() => {
  home = makeTempDir('gatos-home-');
  keyless = makeTempDir('gatos-home-keyless-');
  files = makeTempDir('gatos-blob-files-');
  tmp = makeTempRepo();
  okJson(gatos(['init', '--actor', 'user:alice', '--json']));
  for (const a of ['user:bob', 'user:carol', 'user:mallory']) okJson(gatos(['key', 'new', '--actor', a, '--json']));
  for (const a of ['user:bob', 'user:carol']) okJson(gatos(['trust', 'add', a, '--json']));
  okJson(gatos(['trust', 'group', '@auditors', 'user:bob', 'user:carol', '--json']));
  okJson(gatos(['policy', 'publish', '--json']));
});
afterAll(() => {
  for (const d of [home, keyless, files, tmp, clone]) d?.cleanup();
});

describe('git gatos blob put / get (public)', () => {
  it('prints the canonical pointer, stores the bytes on refs/gatos/objects and reads them back', () => {
    const r = gatos(['blob', 'put', file('hello.txt', 'hello world')]);
    expect(r.code).toBe(0);
    const hash = `blake3:${blake3Hex(new TextEncoder().encode('hello world'))}`;
    expect(r.stdout).toBe(`{"algo":"blake3","hash":"${hash}","kind":"blobptr","size":11}\n`);
    expect(tmp.git('show', `refs/gatos/objects:gatos/objects/blake3/${hash.slice(7)}`)).toBe('hello world');
    const got = gatos(['blob', 'get', r.stdout.trim()]);
    expect(got).toMatchObject({ code: 0, stdout: 'hello world' });
    expect(okJson<{ kind: string; content_base64: string }>(gatos(['blob', 'get', hash, '--json']))).toMatchObject({ kind: 'stored', content_base64: Buffer.from('hello world').toString('base64') });
    const out = join(files.dir, 'hello.out');
    expect(gatos(['blob', 'get', `@${file('hello.ptr', r.stdout)}`, '-o', out]).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe('hello world');
  });

  it('refuses hostile pointers with the field named (exit 2) and a missing blob (exit 1)', () => {
    const cases: Array<[string, RegExp]> = [
      ['{"kind":"nope"}', /pointer field kind must be "blobptr" or "opaque".*\[OPAQUE_BAD_POINTER\]/],
      ['{"kind":"blobptr","algo":"blake3","hash":"blake3:1234","size":1}', /pointer field hash .*\[OPAQUE_BAD_POINTER\]/],
      [`{"kind":"blobptr","algo":"blake3","hash":"blake3:${'a'.repeat(64)}","size":1e300}`, /pointer field size .*\[OPAQUE_BAD_POINTER\]/],
      [`{"kind":"opaque","algo":"aes-256-gcm","ciphertext_hash":"blake3:${'a'.repeat(64)}","size":1024,"encrypted_meta":{"v":1,"wrap":"hpke-base-x25519-sha256-aes256gcm","iv":"@@@@","key_commitment":"x","recipients":[]}}`, /encrypted_meta.iv is not unpadded base64url.*\[OPAQUE_BAD_POINTER\]/],
      ['not json', /pointer is not valid JSON.*\[OPAQUE_BAD_POINTER\]/],
    ];
    for (const [input, message] of cases) {
      const r = gatos(['blob', 'get', input]);
      expect(r.code, input).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    const missing = gatos(['blob', 'get', `{"kind":"blobptr","algo":"blake3","hash":"blake3:${'a'.repeat(64)}","size":1}`]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('[OPAQUE_BLOB_MISSING]');
    expect(gatos(['blob', 'put', join(files.dir, 'does-not-exist')]).code).toBe(2);
    expect(gatos(['blob', 'put', file('x.txt', 'x'), '--to', 'user:bob']).code).toBe(2); // --to needs --opaque
  });
});

describe('git gatos blob put --opaque / get', () => {
  it('encrypts for yourself by default; another actor is "not a recipient" (exit 1)', () => {
    const put = okJson<Put>(gatos(['blob', 'put', file('mine.txt', 'only mine'), '--opaque', '--json']));
    expect(put.pointer).toMatchObject({ kind: 'opaque', algo: 'aes-256-gcm', size: 1024 });
    expect(put.pointer.hash).toBeUndefined();
    expect(put.recipients!.map((r) => r.actor)).toEqual(['user:alice']);
    const ptr = `@${file('mine.ptr', JSON.stringify(put.pointer))}`;
    expect(gatos(['blob', 'get', ptr])).toMatchObject({ code: 0, stdout: 'only mine' });
    const bob = gatos(['blob', 'get', ptr, ...as('user:bob')]);
    expect(bob.code).toBe(1);
    expect(bob.stderr).toMatch(/^error: not a recipient: key ed25519:[0-9a-f]{64} is not among the 1 recipient\(s\).*\[OPAQUE_NOT_RECIPIENT\]$/m);
    const nokey = gatos(['blob', 'get', ptr], { GATOS_HOME: keyless.dir });
    expect(nokey.code).toBe(1);
    expect(nokey.stderr).toMatch(/^error: not a recipient: no key for user:alice.*\[OPAQUE_NOT_RECIPIENT\]$/m);
  });

  it('round-trips for several recipients and a group, with a class; the writer is warned when not included', () => {
    const r = gatos(['blob', 'put', file('team.txt', 'team notes'), '--opaque', '--to', 'user:bob', '@auditors', '--class', 'pii']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('note: user:alice is not a recipient and will not be able to read or rekey this blob\n');
    const pointer = JSON.parse(r.stdout) as Record<string, any>;
    expect(pointer.class).toBe('pii');
    expect(pointer.encrypted_meta.recipients).toHaveLength(2);
    const ptr = `@${file('team.ptr', r.stdout)}`;
    for (const a of ['user:bob', 'user:carol']) expect(gatos(['blob', 'get', ptr, ...as(a)])).toMatchObject({ code: 0, stdout: 'team notes' });
    expect(gatos(['blob', 'get', ptr]).code).toBe(1);
    const comma = okJson<Put>(gatos(['blob', 'put', file('c.txt', 'c'), '--opaque', '--to', 'user:alice,user:carol', '--json']));
    expect(comma.recipients!.map((x) => x.actor).sort()).toEqual(['user:alice', 'user:carol']);
  });

  it('refuses unknown recipients (exit 2) and tampered pointers (exit 1)', () => {
    const unknown = gatos(['blob', 'put', file('u.txt', 'u'), '--opaque', '--to', 'user:mallory']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('user:mallory has no current key in the trust graph of the active policy');
    expect(gatos(['blob', 'put', file('u.txt', 'u'), '--opaque', '--to', '@nobody']).stderr).toContain('[OPAQUE_UNKNOWN_RECIPIENT]');
    const put = okJson<Put>(gatos(['blob', 'put', file('t.txt', 'tamper me'), '--opaque', '--json']));
    const iv = put.pointer.encrypted_meta.iv as string;
    const tampered = { ...put.pointer, encrypted_meta: { ...put.pointer.encrypted_meta, iv: (iv[0] === 'A' ? 'B' : 'A') + iv.slice(1) } };
    const r = gatos(['blob', 'get', JSON.stringify(tampered)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[OPAQUE_TAMPERED]');
    const resized = gatos(['blob', 'get', JSON.stringify({ ...put.pointer, size: 4096 })]);
    expect(resized.code).toBe(1);
    expect(resized.stderr).toContain('[OPAQUE_INTEGRITY]');
  });
});

describe('git gatos blob rekey', () => {
  it('re-wraps for a new set; --rotate re-encrypts so a removed recipient cannot read the new blob', () => {
    const v1 = gatos(['blob', 'put', file('board.txt', 'board minutes'), '--opaque', '--to', 'user:alice', 'user:bob']).stdout;
    const v1ptr = `@${file('board.v1', v1)}`;
    const v2 = okJson<{ pointer: Record<string, any>; rotated: boolean }>(gatos(['blob', 'rekey', v1ptr, '--to', 'user:alice', 'user:carol', '--json']));
    expect(v2.rotated).toBe(false);
    expect(v2.pointer.ciphertext_hash).toBe(JSON.parse(v1).ciphertext_hash);
    const v2ptr = `@${file('board.v2', JSON.stringify(v2.pointer))}`;
    expect(gatos(['blob', 'get', v2ptr, ...as('user:carol')]).stdout).toBe('board minutes');
    expect(gatos(['blob', 'get', v2ptr, ...as('user:bob')]).code).toBe(1);
    // bob is no longer a recipient: he cannot rekey v2 back to himself
    const steal = gatos(['blob', 'rekey', v2ptr, '--to', 'user:bob', ...as('user:bob')]);
    expect(steal.code).toBe(1);
    expect(steal.stderr).toContain('[OPAQUE_NOT_RECIPIENT]');
    const v3 = gatos(['blob', 'rekey', v1ptr, '--to', 'user:alice', 'user:carol', '--rotate']);
    expect(v3.code).toBe(0);
    const p3 = JSON.parse(v3.stdout) as Record<string, any>;
    expect(p3.ciphertext_hash).not.toBe(JSON.parse(v1).ciphertext_hash);
    const v3ptr = `@${file('board.v3', v3.stdout)}`;
    expect(gatos(['blob', 'get', v3ptr, ...as('user:carol')]).stdout).toBe('board minutes');
    expect(gatos(['blob', 'get', v3ptr, ...as('user:bob')]).code).toBe(1);
    expect(gatos(['blob', 'rekey', p3.ciphertext_hash, '--to', 'user:bob']).stderr).toContain('[OPAQUE_NOT_OPAQUE]');
    expect(gatos(['blob', 'rekey', v1ptr]).code).toBe(2); // --to is required
  });
});

describe('gatos.blobStore dir:<path>', () => {
  it('puts into <dir>/blake3/<hex> instead of the repository, and refuses a bad setting', () => {
    const store = join(files.dir, 'blobstore');
    const tipBefore = tmp.git('rev-parse', 'refs/gatos/objects');
    const r = okJson<Put>(gatos(['blob', 'put', file('d.txt', 'in a directory'), '--json', '-C', tmp.dir], {
      GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'gatos.blobStore', GIT_CONFIG_VALUE_0: `dir:${store}`,
    }));
    expect(r.store).toBe(`dir:${store}`);
    expect(readdirSync(join(store, 'blake3'))).toEqual([r.pointer.hash.slice(7)]);
    expect(tmp.git('rev-parse', 'refs/gatos/objects')).toBe(tipBefore);
    const got = gatos(['blob', 'get', JSON.stringify(r.pointer)], { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'gatos.blobStore', GIT_CONFIG_VALUE_0: `dir:${store}` });
    expect(got.stdout).toBe('in a directory');
    const bad = gatos(['blob', 'put', file('d.txt', 'x')], { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'gatos.blobStore', GIT_CONFIG_VALUE_0: 's3://bucket' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('[OPAQUE_BAD_STORE_CONFIG]');
  });
});

const DOCS_FOLD = `// Folds filed documents by their pointer only: it never sees plaintext.
export function init() {
  return { docs: 0, bucket_bytes: 0, by_class: {}, last: null };
}
export function step(state, event) {
  const d = event.payload.doc;
  if (event.type === 'doc.filed' && d && d.kind === 'opaque') {
    state.docs += 1;
    state.bucket_bytes += d.size;
    const c = d.class ?? 'none';
    state.by_class[c] = (state.by_class[c] ?? 0) + 1;
    state.last = d.ciphertext_hash;
  }
  return state;
}
`;

describe('a fold over events carrying opaque pointers', () => {
  it('gives the same State-Root in a clone without keys as with them', () => {
    // Setup: the fold, committed so clones get it; three documents filed as opaque pointers.
    mkdirSync(join(tmp.dir, 'gatos/folds'), { recursive: true });
    writeFileSync(join(tmp.dir, 'gatos/folds/docs.yaml'), 'name: docs\ninputs: [docs]\nentry: docs.js\nversion: 1\n');
    writeFileSync(join(tmp.dir, 'gatos/folds/docs.js'), DOCS_FOLD);
    tmp.git('add', 'gatos/folds');
    tmp.git('commit', '-q', '-m', 'docs fold');
    const pointers = [
      gatos(['blob', 'put', file('secret.txt', SECRET), '--opaque', '--to', 'user:alice', '@auditors', '--class', 'pii']).stdout.trim(),
      gatos(['blob', 'put', file('memo.txt', 'memo'), '--opaque', '--class', 'internal']).stdout.trim(),
      gatos(['blob', 'put', file('big.bin', new Uint8Array(5000).fill(7)), '--opaque']).stdout.trim(),
    ];
    for (const p of pointers) okJson(gatos(['event', 'append', '--ns', 'docs', '--type', 'doc.filed', '--payload', `{"doc":${p}}`, '--json']));
    const withKeys = okJson<{ stateRoot: string }>(gatos(['fold', '--ns', 'docs', '--json']));
    expect(okJson<{ state: unknown }>(gatos(['state', 'show', 'docs', '--json'])).state).toEqual({
      docs: 3, bucket_bytes: 1024 + 1024 + 16384, by_class: { internal: 1, none: 1, pii: 1 }, last: JSON.parse(pointers[2]!).ciphertext_hash,
    });

    // Test: a clone with no keys at all folds the journals itself and reaches the same State-Root.
    clone = makeTempRepo({ prefix: 'gatos-clone-' });
    clone.git('pull', '-q', tmp.dir, 'main');
    for (const ns of ['journal', 'policies', 'objects']) clone.git('fetch', '-q', tmp.dir, `+refs/gatos/${ns}*:refs/gatos/${ns}*`);
    const inClone = (args: string[]): CliResult => runCli(args, { cwd: clone.dir, env: { GATOS_HOME: keyless.dir } });
    expect(readdirSync(keyless.dir)).toEqual([]);
    const withoutKeys = okJson<{ stateRoot: string; signed: boolean }>(inClone(['fold', '--ns', 'docs', '--no-sign', '--json']));
    expect(withoutKeys.signed).toBe(false);
    expect(withoutKeys.stateRoot).toBe(withKeys.stateRoot);
    // The checkpoint written with keys verifies there too, and the content stays closed.
    clone.git('fetch', '-q', tmp.dir, '+refs/gatos/state/docs:refs/gatos/state/docs');
    expect(okJson<{ verdict: string }>(inClone(['fold', 'verify', 'docs', '--json'])).verdict).toBe('verified');
    const closed = inClone(['blob', 'get', pointers[0]!, '--actor', 'user:alice']);
    expect(closed.code).toBe(1);
    expect(closed.stderr).toContain('[OPAQUE_NOT_RECIPIENT]');
    // ...while with keys, the pointer fetched in the clone opens (the ciphertext travelled in refs/gatos/objects).
    expect(runCli(['blob', 'get', pointers[0]!, '--actor', 'user:bob'], { cwd: clone.dir, env: { GATOS_HOME: home.dir } }).stdout).toBe(SECRET);
  });
});

describe('privacy', () => {
  it('no object and no ref of the repository contains the plaintext, its BLAKE3 or its SHA-256', () => {
    // Runs after the fold test: journals, checkpoints, policy and objects all hold pointers to SECRET.
    const plain = Buffer.from(SECRET, 'utf8');
    const needles = [plain, Buffer.from(blake3Hex(plain)), Buffer.from(createHash('sha256').update(plain).digest('hex'))];
    const needlesB64 = [plain.toString('base64'), Buffer.from(blake3Hex(plain), 'hex').toString('base64url'), createHash('sha256').update(plain).digest('base64url')];
    for (const repo of [tmp, clone]) {
      // Every object, decompressed, reachable or not.
      const all = execFileSync('git', ['cat-file', '--batch-all-objects', '--batch'], { cwd: repo.dir, env: testGitEnv, maxBuffer: 1 << 30 });
      expect(all.length).toBeGreaterThan(10_000);
      for (const n of needles) expect(all.includes(n), `object store of ${repo.dir} holds ${n.toString().slice(0, 20)}`).toBe(false);
      for (const n of needlesB64) expect(all.includes(Buffer.from(n))).toBe(false);
      const refs = execFileSync('git', ['for-each-ref', '--format=%(refname) %(objectname)'], { cwd: repo.dir, env: testGitEnv });
      expect(refs.toString()).toContain('refs/gatos/objects');
      for (const n of needles) expect(refs.includes(n)).toBe(false);
    }
    // Sizes reveal the bucket only: every opaque blob on refs/gatos/objects is a bucket + 16 bytes or a public blob.
    const sizes = tmp.git('ls-tree', '-r', '-l', 'refs/gatos/objects').split('\n').map((l) => Number(l.split(/\s+/)[3]));
    expect(sizes).toContain(1024 + 16);
    expect(existsSync(join(tmp.dir, 'gatos/objects'))).toBe(false); // nothing checked out into the work tree
  });
});
