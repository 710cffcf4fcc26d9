import { execFileSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeLedgerFixture, testGitEnv, type LedgerFixture } from '@gatos/testkit';
import { OBJECTS_REF, RepoBlobStore, RepoClassIndex, recordBlobClasses } from '../src/index.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
let fx: LedgerFixture;
beforeEach(async () => {
  fx = await makeLedgerFixture(['user:alice']);
});
afterEach(async () => fx.cleanup());

describe('class registry: gatos/objects/classes/<hex> on refs/gatos/objects', () => {
  it('records classes beside the blob store\'s blobs, and both survive each other\'s commits', async () => {
    // Setup
    const store = new RepoBlobStore(fx.repo);
    const index = new RepoClassIndex(fx.repo);
    const a = await store.put(enc('scan A'));
    // Test
    expect(await index.classOf(a.hash)).toBeNull();
    const r = await recordBlobClasses(fx.repo, [{ hash: a.hash, class: 'medical' }]);
    expect(r.added).toEqual([{ hash: a.hash, class: 'medical' }]);
    expect(await index.classOf(a.hash)).toBe('medical');
    const b = await new RepoBlobStore(fx.repo).put(enc('scan B'));
    expect(await index.classOf(a.hash)).toBe('medical');
    expect(new Uint8Array((await store.get(a.hash))!)).toEqual(enc('scan A'));
    expect(new Uint8Array((await new RepoBlobStore(fx.repo).get(b.hash))!)).toEqual(enc('scan B'));
    expect(fx.tmp.git('show', `${OBJECTS_REF}:gatos/objects/classes/${a.hash.slice(7)}`)).toBe('medical');
    expect(fx.tmp.git('log', '-1', '--format=%an <%ae> %at%n%B', r.tip!)).toBe(`gatos <objects@gatos> 0\ngatos objects: classify 1 blob\n\nBlob-Class: ${a.hash} medical`);
    expect(fx.tmp.git('fsck', '--strict', '--no-dangling')).toBe('');
  });

  it('is idempotent, and refuses to change a class or take a bad one, writing nothing', async () => {
    const hash = `blake3:${'cd'.repeat(32)}`;
    const first = await recordBlobClasses(fx.repo, [{ hash, class: 'medical' }]);
    expect(await recordBlobClasses(fx.repo, [{ hash, class: 'medical' }])).toEqual({ added: [], tip: first.tip });
    await expect(recordBlobClasses(fx.repo, [{ hash, class: 'public' }])).rejects.toMatchObject({ code: 'RESOLVER_CLASS_CONFLICT', data: { class: 'medical' } });
    await expect(recordBlobClasses(fx.repo, [{ hash: `blake3:${'ef'.repeat(32)}`, class: 'a' }, { hash: `blake3:${'ef'.repeat(32)}`, class: 'b' }])).rejects.toMatchObject({ code: 'RESOLVER_CLASS_CONFLICT' });
    await expect(recordBlobClasses(fx.repo, [{ hash, class: 'Medical' }])).rejects.toMatchObject({ code: 'RESOLVER_BAD_CLASS' });
    await expect(recordBlobClasses(fx.repo, [{ hash: 'blake3:../../etc', class: 'x' }])).rejects.toMatchObject({ code: 'RESOLVER_BAD_HASH' });
    expect(await fx.repo.refs.read(OBJECTS_REF)).toBe(first.tip);
  });

  it('fails closed on a damaged entry instead of reading it as unclassed', async () => {
    const hash = `blake3:${'ab'.repeat(32)}`;
    await recordBlobClasses(fx.repo, [{ hash, class: 'medical' }]);
    // Replace the entry's content with something that is not a class name.
    const tip = fx.tmp.git('rev-parse', OBJECTS_REF);
    fx.tmp.git('read-tree', tip);
    const blob = execGit(fx, ['hash-object', '-w', '--stdin'], 'MEDICAL; rm -rf /\n');
    execGit(fx, ['update-index', '--cacheinfo', `100644,${blob},gatos/objects/classes/${'ab'.repeat(32)}`], '');
    const tree = execGit(fx, ['write-tree'], '');
    const commit = execGit(fx, ['commit-tree', tree, '-p', tip, '-m', 'tamper'], '');
    fx.tmp.git('update-ref', OBJECTS_REF, commit, tip);
    await expect(new RepoClassIndex(fx.repo).classOf(hash)).rejects.toMatchObject({ code: 'RESOLVER_CLASSES_CORRUPT' });
  });
});

function execGit(f: LedgerFixture, args: string[], input: string): string {
  return execFileSync('git', args, { cwd: f.tmp.dir, input, encoding: 'utf8', env: testGitEnv }).trim();
}
