import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashObject } from '@gatos/core';
import type { Oid } from '@gatos/core';
import { makeTempRepo } from '@gatos/testkit';
import type { TempRepo } from '@gatos/testkit';
import { openRepository } from '../src/index.js';
import type { Repository } from '../src/index.js';
import { chain, ensureDistBuilt, eventObjects, startChild } from './helpers.js';
import { fsck, gitIn } from './storeContract.js';

describe('interop between the iso adapter, the CLI adapter and git itself', () => {
  let tmp: TempRepo;
  let cli: Repository;
  let iso: Repository;
  beforeEach(async () => {
    tmp = makeTempRepo({ prefix: 'gatos-interop-' });
    cli = await openRepository(tmp.dir, { backend: 'cli' });
    iso = await openRepository(tmp.dir, { backend: 'iso' });
  });
  afterEach(async () => {
    await cli.close();
    await iso.close();
    tmp.cleanup();
  });

  it('objects and refs written by the iso adapter are what git reads', async () => {
    const c = chain(3, null, 'iso');
    await iso.objects.write(c.objects);
    await iso.refs.compareAndSwap('refs/gatos/iso', null, c.tip);
    expect(tmp.git('rev-parse', 'refs/gatos/iso')).toBe(c.tip);
    expect(tmp.git('rev-list', '--count', 'refs/gatos/iso')).toBe('3');
    expect(tmp.git('cat-file', '-p', `${c.tip}:event`)).toBe('event iso-2');
    expect(fsck(tmp)).not.toMatch(/error|dangling|missing/i);
    gitIn(tmp.dir, '', 'update-ref', 'refs/gatos/iso', c.commits[0]!, c.tip); // git moves it back
    expect(await iso.refs.read('refs/gatos/iso')).toBe(c.commits[0]);
  });

  it('objects written by git and the CLI adapter (loose and packed) are read by the iso adapter', async () => {
    const blob = gitIn(tmp.dir, 'from git\n', 'hash-object', '-w', '--stdin');
    const big = chain(100, null, 'packed'); // 300 objects: a pack
    await cli.objects.write(big.objects);
    await cli.refs.compareAndSwap('refs/gatos/cli', null, big.tip);
    expect(Buffer.from((await iso.objects.read(blob)).body).toString()).toBe('from git\n');
    const read = await iso.objects.readMany(big.objects.map((o) => hashObject(o.type, o.body)));
    expect(read.map((o) => o.type)).toEqual(big.objects.map((o) => o.type));
    expect(await iso.refs.read('refs/gatos/cli')).toBe(big.tip);
    expect((await iso.objects.walk(big.tip)).map((w) => w.oid)).toEqual(big.commits);
  });

  it('a lock held by git blocks the iso adapter, and an iso lock blocks git', async () => {
    const c = chain(2, null, 'locks');
    await cli.objects.write(c.objects);
    await iso.refs.compareAndSwap('refs/gatos/l', null, c.commits[0]!);
    // Simulate git holding the ref lock: the iso CAS must not go around it.
    const { writeFileSync, rmSync } = await import('node:fs');
    const lock = `${tmp.dir}/.git/refs/gatos/l.lock`;
    writeFileSync(lock, '');
    await expect(iso.refs.compareAndSwap('refs/gatos/l', c.commits[0]!, c.tip)).rejects.toMatchObject({
      code: 'REF_CAS_MISMATCH',
      data: { ref: 'refs/gatos/l', reason: 'locked', actual: c.commits[0] },
    });
    await expect(cli.refs.compareAndSwap('refs/gatos/l', c.commits[0]!, c.tip)).rejects.toMatchObject({
      code: 'REF_CAS_MISMATCH',
      data: { reason: 'locked' },
    });
    rmSync(lock);
    await iso.refs.compareAndSwap('refs/gatos/l', c.commits[0]!, c.tip);
    expect(tmp.git('rev-parse', 'refs/gatos/l')).toBe(c.tip);
  });

  describe('processes', () => {
    beforeAll(() => ensureDistBuilt());

    it('4 iso and 4 CLI processes racing on one ref: exactly one wins each round', async () => {
      const children = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => startChild('casChild.mjs', [tmp.dir, i % 2 === 0 ? 'iso' : 'cli']));
      try {
        await Promise.all(children.map((c) => c.next()));
        let current: Oid | null = null;
        const winnersByBackend = { iso: 0, cli: 0 };
        for (let round = 0; round < 20; round++) {
          const candidates = children.map((_, i) => eventObjects(current === null ? [] : [current], `mixed-${round}-${i}`));
          await cli.objects.write(candidates.flatMap((c) => c.objects));
          const at = Date.now() + 30;
          children.forEach((c, i) => c.send({ ref: 'refs/gatos/mixed', expected: current, next: candidates[i]!.commit, at }));
          const results = (await Promise.all(children.map((c) => c.next()))) as Array<{ won: boolean }>;
          const winners = results.flatMap((r, i) => (r.won ? [i] : []));
          expect(winners, `round ${round}`).toHaveLength(1);
          winnersByBackend[winners[0]! % 2 === 0 ? 'iso' : 'cli']++;
          current = candidates[winners[0]!]!.commit;
          expect(tmp.git('rev-parse', 'refs/gatos/mixed')).toBe(current);
        }
        expect(winnersByBackend.iso + winnersByBackend.cli).toBe(20);
      } finally {
        for (const c of children) c.proc.kill();
      }
    });
  });
});
