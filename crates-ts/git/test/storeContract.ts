/**
 * The contract every `Repository` adapter must pass (ports in `@gatos/core/src/ports.ts`).
 * Real temporary repositories and real git only; failures are injected by wrapping real stores.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GatosError, encodeTree, hashObject } from '@gatos/core';
import type { Oid, RawObject } from '@gatos/core';
import { makeTempRepo, testGitEnv, withFailure } from '@gatos/testkit';
import type { TempRepo } from '@gatos/testkit';
import type { GitBackend, Repository } from '../src/index.js';
import { chain, ensureDistBuilt, eventObjects, startChild } from './helpers.js';

const enc = new TextEncoder();

/** git with stdin, in `dir`; trimmed stdout. */
export function gitIn(dir: string, input: string | Uint8Array, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, env: testGitEnv, input, encoding: 'utf8', maxBuffer: 256 << 20 }).trim();
}

/** `git fsck --strict` output; throws (with the output) when fsck reports errors. */
export function fsck(repo: TempRepo): string {
  return execFileSync('git', ['fsck', '--strict', '--no-progress'], { cwd: repo.dir, env: testGitEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

async function rejection(p: Promise<unknown>): Promise<GatosError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof GatosError) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

export function describeStoreContract(name: string, open: (dir: string) => Promise<Repository>, backend: GitBackend): void {
  describe(`store contract: ${name}`, () => {
    let tmp: TempRepo;
    let repo: Repository;
    beforeEach(async () => {
      tmp = makeTempRepo({ prefix: `gatos-${backend}-` });
      repo = await open(tmp.dir);
    });
    afterEach(async () => {
      await repo.close();
      tmp.cleanup();
    });

    describe('objects', () => {
      it('round-trips every object type with the ids git hash-object gives', async () => {
        // Setup
        const blob: RawObject = { type: 'blob', body: Uint8Array.from([0, 1, 2, 10, 255, 0, 10]) };
        const empty: RawObject = { type: 'blob', body: new Uint8Array() };
        const tree: RawObject = { type: 'tree', body: encodeTree([{ mode: '100644', name: 'b', oid: hashObject('blob', blob.body) }]) };
        const { objects: event } = eventObjects([], 'one');
        const commit = event[2]!;
        const tag: RawObject = {
          type: 'tag',
          body: enc.encode(`object ${hashObject('commit', commit.body)}\ntype commit\ntag v1\ntagger T <t@example.invalid> 1700000000 +0000\n\nv1\n`),
        };
        const all = [blob, empty, tree, ...event, tag];
        // Test
        const oids = await repo.objects.write(all);
        expect(oids).toEqual(all.map((o) => gitIn(tmp.dir, o.body, 'hash-object', '-t', o.type, '--stdin', '--literally')));
        const back = await repo.objects.readMany(oids);
        expect(back.map((o) => o.type)).toEqual(all.map((o) => o.type));
        back.forEach((o, i) => expect(Buffer.from(o.body).equals(Buffer.from(all[i]!.body))).toBe(true));
        for (const o of all) expect(gitIn(tmp.dir, '', 'cat-file', '-t', hashObject(o.type, o.body))).toBe(o.type);
        expect(await repo.objects.write(all)).toEqual(oids); // rewriting is a no-op
      });

      it('reads a multi-megabyte binary blob intact', async () => {
        const body = randomBytes(3 << 20);
        const [oid] = await repo.objects.write([{ type: 'blob', body }]);
        const [small] = await repo.objects.write([{ type: 'blob', body: enc.encode('after') }]);
        const [big, after] = await repo.objects.readMany([oid!, small!]);
        expect(Buffer.from(big!.body).equals(body)).toBe(true);
        expect(Buffer.from(after!.body).toString()).toBe('after');
        // git itself reads it back byte for byte (large loose objects use stored deflate blocks)
        expect(execFileSync('git', ['cat-file', 'blob', oid!], { cwd: tmp.dir, maxBuffer: 8 << 20 }).equals(body)).toBe(true);
        expect(tmp.git('fsck', '--strict', '--no-dangling')).toBe('');
      });

      it('reads in the order asked, resolves <oid>:<path>, and names the missing object', async () => {
        // Setup
        const e = eventObjects([], 'paths');
        const [blobOid, treeOid, commitOid] = await repo.objects.write(e.objects);
        // Test
        const got = await repo.objects.readMany([commitOid!, `${commitOid}:event`, blobOid!, `${treeOid}:event`, treeOid!]);
        expect(got.map((o) => o.type)).toEqual(['commit', 'blob', 'blob', 'blob', 'tree']);
        expect(Buffer.from(got[1]!.body).toString()).toBe('event paths\n');
        const absent = 'deadbeef'.repeat(5);
        const err = await rejection(repo.objects.readMany([blobOid!, absent]));
        expect(err.toJSON()).toMatchObject({ code: 'GIT_OBJECT_MISSING', data: { name: absent } });
        expect((await rejection(repo.objects.read(`${commitOid}:nope`))).code).toBe('GIT_OBJECT_MISSING');
        expect((await rejection(repo.objects.read('HEAD'))).code).toBe('BAD_OBJECT_NAME');
        expect((await rejection(repo.objects.read(`${commitOid}:a\nb`))).code).toBe('BAD_OBJECT_NAME');
        // the reader is still in step after a miss
        expect((await repo.objects.read(blobOid!)).type).toBe('blob');
        expect(await repo.objects.has(blobOid!)).toBe(true);
        expect(await repo.objects.has(absent)).toBe(false);
      });

      it('leaves git fsck --strict clean after small and large writes', async () => {
        const small = chain(5, null, 'small');
        await repo.objects.write(small.objects);
        const large = chain(1000, small.tip, 'large'); // 3,000 objects: the pack path on the CLI
        const oids = await repo.objects.write(large.objects);
        expect(oids).toEqual(large.objects.map((o) => hashObject(o.type, o.body)));
        await repo.refs.compareAndSwap('refs/gatos/test', null, large.tip);
        expect(fsck(tmp)).not.toMatch(/error|missing|broken/i);
        const read = await repo.objects.readMany(oids);
        expect(read.every((o, i) => Buffer.from(o.body).equals(Buffer.from(large.objects[i]!.body)))).toBe(true);
        expect((await repo.objects.walk(large.tip)).length).toBe(1005);
      });
    });

    describe('history', () => {
      // A <- B <- C, A <- D, M = merge(C, D)
      let A: Oid, B: Oid, C: Oid, D: Oid, M: Oid;
      beforeEach(async () => {
        const mk = async (parents: Oid[], label: string): Promise<Oid> => {
          const e = eventObjects(parents, label);
          await repo.objects.write(e.objects);
          return e.commit;
        };
        A = await mk([], 'A');
        B = await mk([A], 'B');
        C = await mk([B], 'C');
        D = await mk([A], 'D');
        M = await mk([C, D], 'M');
      });

      it('walks parents before children, with parent ids, like git rev-list', async () => {
        const walked = await repo.objects.walk(M);
        const gitOrder = tmp.git('rev-list', '--topo-order', '--reverse', '--parents', M).split('\n').map((l) => l.split(' '));
        expect(new Set(walked.map((w) => w.oid))).toEqual(new Set([A, B, C, D, M]));
        for (const [oid, ...parents] of gitOrder) expect(walked.find((w) => w.oid === oid)?.parents).toEqual(parents);
        const pos = new Map(walked.map((w, i) => [w.oid, i]));
        for (const w of walked) for (const p of w.parents) expect(pos.get(p)!).toBeLessThan(pos.get(w.oid)!);
        expect((await repo.objects.walk(C)).map((w) => w.oid)).toEqual([A, B, C]);
      });

      it('excludes everything reachable from the excluded commits', async () => {
        expect((await repo.objects.walk(M, [C])).map((w) => w.oid).sort()).toEqual([D, M].sort());
        expect((await repo.objects.walk(M, [C, D])).map((w) => w.oid)).toEqual([M]);
        expect(await repo.objects.walk(C, [M])).toEqual([]);
        expect((await rejection(repo.objects.walk('ab'.repeat(20)))).code).toBe('GIT_OBJECT_MISSING');
      });

      it('answers isAncestor, a commit being its own ancestor', async () => {
        expect(await repo.objects.isAncestor(A, M)).toBe(true);
        expect(await repo.objects.isAncestor(D, M)).toBe(true);
        expect(await repo.objects.isAncestor(D, C)).toBe(false);
        expect(await repo.objects.isAncestor(M, A)).toBe(false);
        expect(await repo.objects.isAncestor(C, C)).toBe(true);
        expect((await rejection(repo.objects.isAncestor('ab'.repeat(20), M))).code).toBe('GIT_OBJECT_MISSING');
      });
    });

    describe('refs', () => {
      let c1: Oid, c2: Oid, c3: Oid;
      beforeEach(async () => {
        const ch = chain(3, null, 'refs');
        await repo.objects.write(ch.objects);
        [c1, c2, c3] = ch.commits as [Oid, Oid, Oid];
      });

      it('creates with expected null, then updates from the current value', async () => {
        expect(await repo.refs.read('refs/gatos/x')).toBeNull();
        await repo.refs.compareAndSwap('refs/gatos/x', null, c1);
        expect(await repo.refs.read('refs/gatos/x')).toBe(c1);
        await repo.refs.compareAndSwap('refs/gatos/x', c1, c2);
        expect(tmp.git('rev-parse', 'refs/gatos/x')).toBe(c2);
      });

      it('rejects a stale expected value with REF_CAS_MISMATCH and leaves the ref unchanged', async () => {
        await repo.refs.compareAndSwap('refs/gatos/x', null, c1);
        await repo.refs.compareAndSwap('refs/gatos/x', c1, c2);
        const stale = await rejection(repo.refs.compareAndSwap('refs/gatos/x', c1, c3));
        expect(stale.toJSON()).toMatchObject({ code: 'REF_CAS_MISMATCH', data: { ref: 'refs/gatos/x', expected: c1, actual: c2 } });
        const exists = await rejection(repo.refs.compareAndSwap('refs/gatos/x', null, c3));
        expect(exists.toJSON()).toMatchObject({ code: 'REF_CAS_MISMATCH', data: { ref: 'refs/gatos/x', expected: null, actual: c2 } });
        const absent = await rejection(repo.refs.compareAndSwap('refs/gatos/y', c1, c3));
        expect(absent.toJSON()).toMatchObject({ code: 'REF_CAS_MISMATCH', data: { ref: 'refs/gatos/y', expected: c1, actual: null } });
        expect(await repo.refs.read('refs/gatos/x')).toBe(c2);
        expect(await repo.refs.read('refs/gatos/y')).toBeNull();
      });

      it('refuses to point a ref at a missing object, and bad names before touching git', async () => {
        const err = await rejection(repo.refs.compareAndSwap('refs/gatos/x', null, 'ab'.repeat(20)));
        expect(err.code).toBe('GIT_OBJECT_MISSING');
        for (const bad of ['gatos/x', 'refs/gatos/x.lock', 'refs/gatos/../x', 'refs/gatos/a b', 'refs/gatos/x~1', 'refs//x', 'refs/x/', 'refs/.x', 'refs/x@{1}']) {
          const e = await rejection(repo.refs.compareAndSwap(bad, null, c1));
          expect(e.toJSON(), bad).toMatchObject({ code: 'BAD_REF_NAME', data: { ref: bad } });
        }
        expect((await rejection(repo.refs.read('refs/gatos/*'))).code).toBe('BAD_REF_NAME');
      });

      it('reports a directory/file name clash as REF_NAME_CONFLICT', async () => {
        await repo.refs.compareAndSwap('refs/gatos/d', null, c1);
        expect((await rejection(repo.refs.compareAndSwap('refs/gatos/d/e', null, c1))).code).toBe('REF_NAME_CONFLICT');
      });

      it('applies compareAndSwapMany all or nothing', async () => {
        await repo.refs.compareAndSwapMany([
          { ref: 'refs/gatos/a', expected: null, next: c1 },
          { ref: 'refs/gatos/b', expected: null, next: c1 },
        ]);
        const err = await rejection(
          repo.refs.compareAndSwapMany([
            { ref: 'refs/gatos/a', expected: c1, next: c2 },
            { ref: 'refs/gatos/b', expected: c2, next: c3 },
            { ref: 'refs/gatos/c', expected: null, next: c3 },
          ]),
        );
        expect(err.toJSON()).toMatchObject({ code: 'REF_CAS_MISMATCH', data: { ref: 'refs/gatos/b', expected: c2, actual: c1 } });
        expect(await repo.refs.list('refs/gatos/')).toEqual([
          { ref: 'refs/gatos/a', oid: c1 },
          { ref: 'refs/gatos/b', oid: c1 },
        ]);
        await repo.refs.compareAndSwapMany([
          { ref: 'refs/gatos/b', expected: c1, next: c3 },
          { ref: 'refs/gatos/a', expected: c1, next: c2 },
        ]);
        expect([await repo.refs.read('refs/gatos/a'), await repo.refs.read('refs/gatos/b')]).toEqual([c2, c3]);
        const dup = await rejection(
          repo.refs.compareAndSwapMany([
            { ref: 'refs/gatos/a', expected: c2, next: c1 },
            { ref: 'refs/gatos/a', expected: c2, next: c3 },
          ]),
        );
        expect(dup.toJSON()).toMatchObject({ code: 'REF_UPDATE_DUPLICATE', data: { ref: 'refs/gatos/a' } });
      });

      it('lists refs under a prefix, sorted by name, loose and packed alike', async () => {
        for (const [ref, oid] of [['refs/gatos/j/b', c2], ['refs/gatos/jx/a', c1], ['refs/gatos/j/a/deep', c3], ['refs/gatos/j/A', c1]] as const) {
          await repo.refs.compareAndSwap(ref, null, oid);
        }
        tmp.git('pack-refs', '--all');
        await repo.refs.compareAndSwap('refs/gatos/j/c', null, c1);
        await repo.refs.compareAndSwap('refs/gatos/j/b', c2, c3); // loose now overrides packed
        expect(await repo.refs.list('refs/gatos/j/')).toEqual([
          { ref: 'refs/gatos/j/A', oid: c1 },
          { ref: 'refs/gatos/j/a/deep', oid: c3 },
          { ref: 'refs/gatos/j/b', oid: c3 },
          { ref: 'refs/gatos/j/c', oid: c1 },
        ]);
        expect((await repo.refs.list('refs/gatos/j')).map((r) => r.ref)).toContain('refs/gatos/jx/a');
        expect(await repo.refs.list('refs/gatos/none/')).toEqual([]);
        expect(await repo.refs.read('refs/gatos/j/A')).toBe(c1); // packed only
        expect(await repo.refs.read('refs/gatos/j/b')).toBe(c3);
      });

      it('reads packed refs again after git repacks or deletes them, and leaves symbolic refs to git', async () => {
        await repo.refs.compareAndSwap('refs/gatos/p/a', null, c1);
        tmp.git('pack-refs', '--all');
        expect(await repo.refs.read('refs/gatos/p/a')).toBe(c1);
        await repo.refs.compareAndSwap('refs/gatos/p/a', c1, c2);
        tmp.git('pack-refs', '--all');
        expect(await repo.refs.read('refs/gatos/p/a')).toBe(c2);
        tmp.git('update-ref', '-d', 'refs/gatos/p/a');
        expect(await repo.refs.read('refs/gatos/p/a')).toBeNull();
        tmp.git('symbolic-ref', 'refs/gatos/p/link', 'refs/gatos/p/b');
        await repo.refs.compareAndSwap('refs/gatos/p/b', null, c3);
        expect(await repo.refs.read('refs/gatos/p/link')).toBe(c3);
      });

      it('reads HEAD through its symbolic ref', async () => {
        expect(await repo.refs.read('HEAD')).toBeNull();
        await repo.refs.compareAndSwap('refs/heads/main', null, c1);
        expect(await repo.refs.read('HEAD')).toBe(c1);
      });

      it('leaves only harmless dangling objects when the ref update fails after a write', async () => {
        // Setup: the real stores, with compareAndSwap failing as if another writer won.
        const refs = withFailure(repo.refs, {
          compareAndSwap: async (ref: string, expected: Oid | null) => {
            throw new GatosError('REF_CAS_MISMATCH', 'injected', { data: { ref, expected, actual: null } });
          },
        });
        const e = chain(2, null, 'orphan');
        // Test
        await repo.objects.write(e.objects);
        expect((await rejection(refs.compareAndSwap('refs/gatos/o', null, e.tip))).code).toBe('REF_CAS_MISMATCH');
        expect(await refs.read('refs/gatos/o')).toBeNull(); // other methods still reach the real store
        expect(fsck(tmp)).not.toMatch(/error|broken/i);
      });
    });

    describe('processes', () => {
      beforeAll(() => ensureDistBuilt());

      it('lets exactly one of 8 racing processes win each of 20 rounds', async () => {
        // Setup: 8 long-lived children, each with its own candidate commit per round.
        const children = Array.from({ length: 8 }, () => startChild('casChild.mjs', [tmp.dir, backend]));
        try {
          await Promise.all(children.map((c) => c.next()));
          let current: Oid | null = null;
          for (let round = 0; round < 20; round++) {
            const candidates = children.map((_, i) => eventObjects(current === null ? [] : [current], `race-${round}-${i}`));
            await repo.objects.write(candidates.flatMap((c) => c.objects));
            // Test
            const at = Date.now() + 30;
            children.forEach((c, i) => c.send({ ref: 'refs/gatos/race', expected: current, next: candidates[i]!.commit, at }));
            const results = (await Promise.all(children.map((c) => c.next()))) as Array<{ won: boolean; code?: string }>;
            const winners = results.flatMap((r, i) => (r.won ? [i] : []));
            expect(winners, `round ${round}: ${JSON.stringify(results)}`).toHaveLength(1);
            expect(results.filter((r) => !r.won).every((r) => r.code === 'REF_CAS_MISMATCH')).toBe(true);
            current = candidates[winners[0]!]!.commit;
            expect(await repo.refs.read('refs/gatos/race')).toBe(current);
          }
        } finally {
          for (const c of children) c.proc.kill();
        }
      });

      it('survives kill -9 in the middle of write-then-CAS loops', async () => {
        const ref = 'refs/gatos/crash';
        let seed = 12345;
        const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
        for (let kill = 0; kill < 5; kill++) {
          const child = startChild('crashChild.mjs', [tmp.dir, backend, ref]);
          await child.next(); // at least one full round, so the kill lands in steady state
          await sleep(20 + rand() * 300);
          child.proc.kill('SIGKILL');
          await new Promise((r) => child.proc.once('exit', r));
          await sleep(100); // let orphaned git children (update-ref, index-pack) finish or die
          // A writer killed while holding `<ref>.lock` leaves it behind, as git does; removing a
          // stale lock is the operator's documented recovery step.
          rmSync(join(tmp.dir, '.git', `${ref}.lock`), { force: true });
          expect(fsck(tmp)).not.toMatch(/error|missing|broken|corrupt/i);
          const tip = tmp.git('rev-parse', ref);
          expect(tmp.git('cat-file', '-t', tip)).toBe('commit');
          expect((await repo.objects.walk(tip)).length).toBeGreaterThan(0);
        }
        const leftovers = readdirSync(join(tmp.dir, '.git', 'refs', 'gatos')).filter((f) => f.endsWith('.lock'));
        expect(leftovers).toEqual([]);
      });
    });
  });
}
