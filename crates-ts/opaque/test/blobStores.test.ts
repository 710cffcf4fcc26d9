/** The repository and directory blob stores over real git repositories and directories (ADR-0015). */
import { existsSync, readdirSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { blake3, blake3Hex, encodeTree, formatPublicKey, GatosError, hashObject, initHashes, isGatosError, publicKeyFromSeed, type Oid } from '@gatos/core';
import { openRepository, type Repository } from '@gatos/git';
import { makeTempDir, makeTempRepo, withFailure, type TempRepo } from '@gatos/testkit';
import {
  DirBlobStore, OBJECTS_REF, RepoBlobStore, decryptBlob, recordBlobClasses, materializeBlob, mergeObjectTips, openBlobStore, parseBlobStoreSetting,
  putBlob, putOpaqueBlob, recipientKeyFromSeed, rekeyBlob,
} from '../src/index.js';
import { objectsCommit } from '../src/repoBlobStore.js';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const seedOf = (actor: string): Uint8Array => blake3(utf8(`gatos-test-key:${actor}`));
const keyOf = (actor: string): string => formatPublicKey(publicKeyFromSeed(seedOf(actor)));
const me = (actor: string) => recipientKeyFromSeed(seedOf(actor));

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
async function repoFixture(): Promise<{ tmp: TempRepo; repo: Repository }> {
  await initHashes();
  const tmp = makeTempRepo();
  const repo = await openRepository(tmp.dir);
  cleanups.push(() => tmp.cleanup(), () => repo.close());
  return { tmp, repo };
}
async function refused(p: Promise<unknown>, code: string): Promise<GatosError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(isGatosError(err, code), `expected ${code}, got ${String(err)}`).toBe(true);
  return err as GatosError;
}

describe('RepoBlobStore', () => {
  it('stores bytes at gatos/objects/blake3/<hex> on refs/gatos/objects, one commit per batch, and reads them back verified', async () => {
    const { tmp, repo } = await repoFixture();
    const store = new RepoBlobStore(repo);
    const [a, b] = await store.putMany([utf8('alpha'), utf8('beta')]);
    expect(a).toEqual({ hash: `blake3:${blake3Hex(utf8('alpha'))}`, size: 5 });
    expect(tmp.git('rev-list', '--count', OBJECTS_REF)).toBe('1');
    expect(tmp.git('ls-tree', '-r', '--name-only', OBJECTS_REF).split('\n').sort()).toEqual([a!.hash, b!.hash].map((h) => `gatos/objects/blake3/${h.slice(7)}`).sort());
    expect(tmp.git('show', `${OBJECTS_REF}:gatos/objects/blake3/${a!.hash.slice(7)}`)).toBe('alpha');
    await store.put(utf8('gamma'));
    expect(tmp.git('rev-list', '--count', OBJECTS_REF)).toBe('2');
    await store.put(utf8('gamma')); // already there: no commit
    expect(tmp.git('rev-list', '--count', OBJECTS_REF)).toBe('2');
    // A second store (another process, say) reads what the first wrote.
    const other = new RepoBlobStore(repo);
    expect(new TextDecoder().decode((await other.get(b!.hash))!)).toBe('beta');
    expect(await other.has(a!.hash)).toBe(true);
    expect(await other.get(`blake3:${'0'.repeat(64)}`)).toBeNull();
    await refused(other.get('blake3:../../etc/passwd'), 'OPAQUE_BAD_HASH');
    expect(tmp.git('fsck', '--strict', '--no-dangling')).toBe('');
  });

  it('writes the same commit for the same blobs on every machine (fixed author and date)', async () => {
    const one = await repoFixture();
    const two = await repoFixture();
    await new RepoBlobStore(one.repo).put(utf8('same'));
    await new RepoBlobStore(two.repo).put(utf8('same'));
    expect(await one.repo.refs.read(OBJECTS_REF)).toBe(await two.repo.refs.read(OBJECTS_REF));
    expect(one.tmp.git('log', '-1', '--format=%an <%ae> %at', OBJECTS_REF)).toBe('gatos <objects@gatos> 0');
  });

  it('rebuilds its batch on the new tip when another writer moved the ref (compare-and-swap retry)', async () => {
    const { tmp, repo } = await repoFixture();
    const rival = new RepoBlobStore(repo);
    let raced = false;
    // Setup: just before our first compare-and-swap, a rival writer adds its own blob.
    const refs = withFailure(repo.refs, {
      compareAndSwap: async (ref: string, expected: Oid | null, next: Oid) => {
        if (!raced) {
          raced = true;
          await rival.put(utf8('rival'));
        }
        return repo.refs.compareAndSwap(ref, expected, next);
      },
    });
    const store = new RepoBlobStore({ objects: repo.objects, refs });
    await store.put(utf8('mine'));
    // Test: both blobs are there, history is linear (rival's commit, then ours on top).
    expect(tmp.git('rev-list', '--count', OBJECTS_REF)).toBe('2');
    expect(tmp.git('rev-list', '--merges', OBJECTS_REF)).toBe('');
    for (const s of ['mine', 'rival']) expect(await new RepoBlobStore(repo).has(`blake3:${blake3Hex(utf8(s))}`)).toBe(true);
  });

  it('gives up with OPAQUE_CONTENDED when the ref never stops moving, writing nothing to the ref', async () => {
    const { repo } = await repoFixture();
    const casError = new GatosError('REF_CAS_MISMATCH', 'moved', { data: { ref: OBJECTS_REF } });
    const refs = withFailure(repo.refs, { compareAndSwap: async () => { throw casError; } });
    await refused(new RepoBlobStore({ objects: repo.objects, refs }, { maxAttempts: 2 }).put(utf8('x')), 'OPAQUE_CONTENDED');
    expect(await repo.refs.read(OBJECTS_REF)).toBeNull();
  });

  it('serialises concurrent puts of one process into separate commits', async () => {
    const { tmp, repo } = await repoFixture();
    const store = new RepoBlobStore(repo);
    await Promise.all(['a', 'b', 'c', 'd'].map((s) => store.put(utf8(s))));
    expect(tmp.git('rev-list', '--count', OBJECTS_REF)).toBe('4');
    expect(tmp.git('ls-tree', '-r', '--name-only', OBJECTS_REF).split('\n')).toHaveLength(4);
  });

  it('refuses bytes that do not match their address (OPAQUE_INTEGRITY) and a ref that is not a commit (OPAQUE_STORE_CORRUPT)', async () => {
    const { repo } = await repoFixture();
    // Setup: a commit that files the blob "evil" under the address of "good".
    const good = `blake3:${blake3Hex(utf8('good'))}`;
    const evil = utf8('evil');
    const t3 = encodeTree([{ mode: '100644', name: good.slice(7), oid: hashObject('blob', evil) }]);
    const t2 = encodeTree([{ mode: '040000', name: 'blake3', oid: hashObject('tree', t3) }]);
    const t1 = encodeTree([{ mode: '040000', name: 'objects', oid: hashObject('tree', t2) }]);
    const t0 = encodeTree([{ mode: '040000', name: 'gatos', oid: hashObject('tree', t1) }]);
    const commit = objectsCommit(hashObject('tree', t0), [], 'forged', []);
    await repo.objects.write([{ type: 'blob', body: evil }, ...[t3, t2, t1, t0].map((body) => ({ type: 'tree' as const, body })), { type: 'commit', body: commit.body }]);
    await repo.refs.compareAndSwap(OBJECTS_REF, null, commit.oid);
    // Test
    const err = await refused(new RepoBlobStore(repo).get(good), 'OPAQUE_INTEGRITY');
    expect(err.exitClass).toBe('check');
    const [blob] = await repo.objects.write([{ type: 'blob', body: utf8('not a commit') }]);
    await repo.refs.compareAndSwap(OBJECTS_REF, commit.oid, blob!);
    await refused(new RepoBlobStore(repo).get(good), 'OPAQUE_STORE_CORRUPT');
  });

  it('travels with fetch and push of refs/gatos/*, and diverged tips merge into their union', async () => {
    const origin = await repoFixture();
    await new RepoBlobStore(origin.repo).put(utf8('shared'));
    const clone = await repoFixture();
    clone.tmp.git('fetch', '-q', origin.tmp.dir, 'refs/gatos/*:refs/gatos/*');
    expect(new TextDecoder().decode((await new RepoBlobStore(clone.repo).get(`blake3:${blake3Hex(utf8('shared'))}`))!)).toBe('shared');
    // Setup: both sides add a blob, so the tips diverge.
    await new RepoBlobStore(origin.repo).put(utf8('from origin'));
    await new RepoBlobStore(clone.repo).put(utf8('from clone'));
    clone.tmp.git('fetch', '-q', origin.tmp.dir, `${OBJECTS_REF}:refs/incoming/objects`);
    const local = (await clone.repo.refs.read(OBJECTS_REF))!;
    const remote = (await clone.repo.refs.read('refs/incoming/objects'))!;
    // Test: the merge is the same whichever side computes it, and fast-forwards both.
    const merged = await mergeObjectTips(clone.repo, local, remote);
    expect(await mergeObjectTips(clone.repo, remote, local)).toBe(merged);
    expect(await clone.repo.objects.isAncestor(local, merged)).toBe(true);
    expect(await clone.repo.objects.isAncestor(remote, merged)).toBe(true);
    await clone.repo.refs.compareAndSwap(OBJECTS_REF, local, merged);
    const store = new RepoBlobStore(clone.repo);
    for (const s of ['shared', 'from origin', 'from clone']) expect(await store.has(`blake3:${blake3Hex(utf8(s))}`)).toBe(true);
  });

  it('keeps the resolver classes both sides recorded when diverged tips merge', async () => {
    const origin = await repoFixture();
    const shared = await new RepoBlobStore(origin.repo).put(utf8('classified'));
    const clone = await repoFixture();
    clone.tmp.git('fetch', '-q', origin.tmp.dir, 'refs/gatos/*:refs/gatos/*');
    const a = await new RepoBlobStore(origin.repo).put(utf8('origin blob'));
    const b = await new RepoBlobStore(clone.repo).put(utf8('clone blob'));
    await recordBlobClasses(origin.repo, [{ hash: a.hash, class: 'pii' }, { hash: shared.hash, class: 'finance' }]);
    await recordBlobClasses(clone.repo, [{ hash: b.hash, class: 'telemetry' }]);
    clone.tmp.git('fetch', '-q', origin.tmp.dir, `${OBJECTS_REF}:refs/incoming/objects`);
    const local = (await clone.repo.refs.read(OBJECTS_REF))!;
    const merged = await mergeObjectTips(clone.repo, local, (await clone.repo.refs.read('refs/incoming/objects'))!);
    await clone.repo.refs.compareAndSwap(OBJECTS_REF, local, merged);
    const classes = clone.tmp.git('ls-tree', '-r', '--name-only', OBJECTS_REF, 'gatos/objects/classes').split('\n').sort();
    expect(classes).toEqual([a.hash, b.hash, shared.hash].map((h) => `gatos/objects/classes/${h.slice(7)}`).sort());
    expect(clone.tmp.git('cat-file', '-p', `${OBJECTS_REF}:gatos/objects/classes/${b.hash.slice(7)}`).trim()).toBe('telemetry');
    expect(clone.tmp.git('cat-file', '-p', `${OBJECTS_REF}:gatos/objects/classes/${a.hash.slice(7)}`).trim()).toBe('pii');
  });
});

describe('DirBlobStore', () => {
  it('writes <dir>/blake3/<hex> atomically, reads verified, and refuses an altered file', async () => {
    await initHashes();
    const tmp = makeTempDir();
    cleanups.push(() => tmp.cleanup());
    const store = new DirBlobStore(join(tmp.dir, 'blobs'));
    const { hash, size } = await store.put(utf8('file content'));
    expect(size).toBe(12);
    const path = join(tmp.dir, 'blobs', 'blake3', hash.slice(7));
    expect(existsSync(path)).toBe(true);
    expect(readdirSync(join(tmp.dir, 'blobs', 'blake3'))).toEqual([hash.slice(7)]); // no temporary files left
    expect(await store.put(utf8('file content'))).toEqual({ hash, size });
    expect(new TextDecoder().decode((await store.get(hash))!)).toBe('file content');
    expect(await store.get(`blake3:${'1'.repeat(64)}`)).toBeNull();
    expect(await store.has(`blake3:${'1'.repeat(64)}`)).toBe(false);
    await refused(store.has('blake3:/etc/passwd'), 'OPAQUE_BAD_HASH');
    chmodSync(path, 0o644);
    writeFileSync(path, 'altered');
    await refused(store.get(hash), 'OPAQUE_INTEGRITY');
  });
});

describe('gatos.blobStore setting', () => {
  it('defaults to the repository, accepts dir:<path>, and refuses anything else', async () => {
    const { tmp, repo } = await repoFixture();
    expect(parseBlobStoreSetting(undefined)).toEqual({ kind: 'repo' });
    expect(parseBlobStoreSetting('repo')).toEqual({ kind: 'repo' });
    expect(openBlobStore(parseBlobStoreSetting('dir:blobs'), repo, tmp.dir)).toMatchObject({ dir: join(tmp.dir, 'blobs') });
    expect(openBlobStore(parseBlobStoreSetting('dir:/srv/x'), repo, tmp.dir)).toMatchObject({ dir: '/srv/x' });
    expect(openBlobStore(parseBlobStoreSetting(''), repo, tmp.dir)).toBeInstanceOf(RepoBlobStore);
    for (const bad of ['s3://bucket', 'dir:', 'directory:/x']) {
      expect(() => parseBlobStoreSetting(bad)).toThrow(expect.objectContaining({ code: 'OPAQUE_BAD_STORE_CONFIG' }));
    }
  });
});

describe('putBlob / putOpaqueBlob / materializeBlob / rekeyBlob over a store', () => {
  it('materialises public and opaque pointers, and says why when it cannot', async () => {
    const { repo } = await repoFixture();
    const store = new RepoBlobStore(repo);
    const pub = await putBlob(store, utf8('public notes'), { class: 'high-entropy' });
    expect(pub).toMatchObject({ kind: 'blobptr', size: 12, class: 'high-entropy' });
    expect(new TextDecoder().decode(await materializeBlob(store, pub))).toBe('public notes');
    await refused(materializeBlob(store, { ...pub, size: 13 }), 'OPAQUE_INTEGRITY');
    await refused(materializeBlob(store, { ...pub, hash: `blake3:${'2'.repeat(64)}` }), 'OPAQUE_BLOB_MISSING');
    await refused(materializeBlob(store, { kind: 'nope' }), 'OPAQUE_BAD_POINTER');

    const secret = await putOpaqueBlob(store, utf8('private notes'), [keyOf('user:alice')]);
    expect(new TextDecoder().decode(await materializeBlob(store, secret, { signer: me('user:alice') }))).toBe('private notes');
    await refused(materializeBlob(store, secret), 'OPAQUE_NOT_RECIPIENT');
    await refused(materializeBlob(store, secret, { signer: me('user:bob') }), 'OPAQUE_NOT_RECIPIENT');
    await refused(putOpaqueBlob(store, utf8('x'), [keyOf('user:alice')], { class: 'Bad Class' }), 'OPAQUE_BAD_POINTER');
  });

  it('rekey --rotate re-encrypts under a new key: removed recipients cannot read the new blob', async () => {
    const { repo } = await repoFixture();
    const store = new RepoBlobStore(repo);
    const v1 = await putOpaqueBlob(store, utf8('board minutes'), [keyOf('user:alice'), keyOf('user:bob')], { class: 'pii' });
    // bob keeps the content key he could unwrap from v1
    const { unwrapContentKey } = await import('../src/index.js');
    const bobsOldKey = await unwrapContentKey(v1, me('user:bob'));
    const v2 = await rekeyBlob(store, v1, me('user:alice'), [keyOf('user:alice'), keyOf('user:carol')], { rotate: true });
    expect(v2.ciphertext_hash).not.toBe(v1.ciphertext_hash);
    expect(v2.class).toBe('pii');
    expect(await store.has(v2.ciphertext_hash)).toBe(true);
    expect(new TextDecoder().decode(await materializeBlob(store, v2, { signer: me('user:carol') }))).toBe('board minutes');
    await refused(materializeBlob(store, v2, { signer: me('user:bob') }), 'OPAQUE_NOT_RECIPIENT');
    // Bob's old key does not open the new ciphertext.
    const { openContent } = await import('../src/contentCipher.js');
    const { contentAad } = await import('../src/associatedData.js');
    const iv = Buffer.from(v2.encrypted_meta.iv, 'base64url');
    const ct2 = (await store.get(v2.ciphertext_hash))!;
    expect(() => openContent(bobsOldKey, iv, ct2, contentAad(v2.size))).toThrow(expect.objectContaining({ code: 'OPAQUE_TAMPERED' }));
    // Only a current recipient may rekey; a public pointer has nothing to rekey.
    await refused(rekeyBlob(store, v2, me('user:bob'), [keyOf('user:bob')], { rotate: true }), 'OPAQUE_NOT_RECIPIENT');
    await refused(rekeyBlob(store, await putBlob(store, utf8('p')), me('user:alice'), [keyOf('user:bob')]), 'OPAQUE_NOT_OPAQUE');
    // What rotation does not undo: the old version stays readable to its old recipients.
    expect(await decryptBlob(v1, (await store.get(v1.ciphertext_hash))!, me('user:bob'))).toEqual(utf8('board minutes'));
  });
});
