/**
 * refs/gatos/objects (the blob store, ADR-0015) through a gated remote over file://: created and
 * fast-forwarded like any gatos history, never rewritten or deleted, and no refs below it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { blake3Hex } from '@gatos/core';
import { ACTIVE_POLICY_REF } from '@gatos/policy';
import { OBJECTS_REF, RepoBlobStore, mergeObjectTips } from '@gatos/opaque';
import { makeLedgerFixture, runGitAsync, testGitEnv, type CliResult, type LedgerFixture } from '@gatos/testkit';
import { installHook } from '../src/index.js';
import { writeCommit } from './helpers.js';

describe('refs/gatos/objects through the gate', () => {
  let root: string;
  let remote: string;
  let fx: LedgerFixture;
  const remoteGit = (...args: string[]): string => execFileSync('git', args, { cwd: remote, env: testGitEnv, encoding: 'utf8' }).trim();
  const push = (...refspecs: string[]): Promise<CliResult> => runGitAsync(['push', '--porcelain', `file://${remote}`, ...refspecs], { cwd: fx.tmp.dir });
  const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'gatos-gate-objects-'));
    remote = join(root, 'remote.git');
    execFileSync('git', ['init', '-q', '--bare', remote], { env: testGitEnv });
    await installHook(remote);
    fx = await makeLedgerFixture(['user:alice']);
    const genesis = await push(`${ACTIVE_POLICY_REF}:${ACTIVE_POLICY_REF}`, 'refs/gatos/policies/*:refs/gatos/policies/*');
    expect(genesis.code, genesis.stderr).toBe(0);
  });
  afterAll(async () => {
    await fx?.cleanup();
    rmSync(root, { recursive: true, force: true });
  });

  it('accepts a new objects ref and its fast-forwards, and the blobs arrive with it', async () => {
    const store = new RepoBlobStore(fx.repo);
    await store.put(utf8('first blob'));
    expect((await push(`${OBJECTS_REF}:${OBJECTS_REF}`)).code).toBe(0);
    await store.put(utf8('second blob'));
    const r = await push(`${OBJECTS_REF}:${OBJECTS_REF}`);
    expect(r.code, r.stderr).toBe(0);
    expect(remoteGit('rev-parse', OBJECTS_REF)).toBe(fx.tmp.git('rev-parse', OBJECTS_REF));
    expect(remoteGit('cat-file', 'blob', `${OBJECTS_REF}:gatos/objects/blake3/${blake3Hex(utf8('second blob'))}`)).toBe('second blob');
  });

  it('refuses a rewrite, a delete and a ref below refs/gatos/objects', async () => {
    const tip = fx.tmp.git('rev-parse', OBJECTS_REF);
    const sibling = await writeCommit(fx.repo, 'rewritten objects', [fx.tmp.git('rev-parse', `${OBJECTS_REF}~1`)]);
    const rewrite = await push(`+${sibling}:${OBJECTS_REF}`);
    expect(rewrite.code).not.toBe(0);
    expect(rewrite.stderr).toContain(`remote: GATOS DENY gatos.ref.fast-forward ${OBJECTS_REF}: `);
    const del = await push(`:${OBJECTS_REF}`);
    expect(del.stderr).toContain(`remote: GATOS DENY gatos.ref.no-delete ${OBJECTS_REF}: `);
    const below = await push(`${tip}:${OBJECTS_REF}/x`);
    expect(below.stderr).toContain(`remote: GATOS DENY gatos.ref.bad-name ${OBJECTS_REF}/x: `);
    expect(remoteGit('rev-parse', OBJECTS_REF)).toBe(tip);
  });

  it('accepts the merge of two diverged writers (it fast-forwards the remote tip)', async () => {
    // Setup: the remote moved on (another writer), and so did we.
    const other = mkdtempSync(join(root, 'other-'));
    execFileSync('git', ['clone', '-q', '--bare', remote, other], { env: testGitEnv });
    execFileSync('git', ['fetch', '-q', remote, `${OBJECTS_REF}:${OBJECTS_REF}`], { cwd: other, env: testGitEnv });
    const { openRepository } = await import('@gatos/git');
    const otherRepo = await openRepository(other);
    await new RepoBlobStore(otherRepo).put(utf8('from the other writer'));
    await otherRepo.close();
    execFileSync('git', ['push', '-q', `file://${remote}`, `${OBJECTS_REF}:${OBJECTS_REF}`], { cwd: other, env: testGitEnv });
    await new RepoBlobStore(fx.repo).put(utf8('from us'));
    const diverged = await push(`${OBJECTS_REF}:${OBJECTS_REF}`);
    expect(diverged.code).not.toBe(0);
    // Test: fetch, merge the union, push.
    fx.tmp.git('fetch', '-q', remote, `${OBJECTS_REF}:refs/incoming/objects`);
    const merged = await mergeObjectTips(fx.repo, fx.tmp.git('rev-parse', OBJECTS_REF), fx.tmp.git('rev-parse', 'refs/incoming/objects'));
    fx.tmp.git('update-ref', OBJECTS_REF, merged);
    const r = await push(`${OBJECTS_REF}:${OBJECTS_REF}`);
    expect(r.code, r.stderr).toBe(0);
    const names = remoteGit('ls-tree', '--name-only', `${OBJECTS_REF}:gatos/objects/blake3`).split('\n');
    for (const s of ['first blob', 'second blob', 'from the other writer', 'from us']) expect(names).toContain(blake3Hex(utf8(s)));
  });
});
