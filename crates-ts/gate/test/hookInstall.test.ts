import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { ZERO_OID, isGatosError } from '@gatos/core';
import { ACTIVE_POLICY_REF } from '@gatos/policy';
import { checkoutRoot, makeLedgerFixture, makeTempRepo, testGitEnv, type LedgerFixture, type TempRepo } from '@gatos/testkit';
import { DENY_AUDIT_REF, HOOK_TARGETS, hookPath, hookStatus, installHook, uninstallHook, type HookTarget } from '../src/index.js';

let bare: TempRepo;
let fx: LedgerFixture | null = null;
afterEach(async () => {
  bare?.cleanup();
  await fx?.cleanup();
  fx = null;
});

const entry = join(checkoutRoot, 'crates-ts/gate/dist/hookEntry.js');

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (isGatosError(err)) return err.code;
    throw err;
  }
  throw new Error('expected a GatosError');
}

/** Runs an installed hook file the way a server does: in the repository, GIT_DIR set, updates on stdin. */
function runHook(path: string, input: string): { code: number; stderr: string } {
  const r = spawnSync(path, [], { cwd: bare.dir, env: { ...testGitEnv, GIT_DIR: '.' }, input, encoding: 'utf8' });
  return { code: r.status ?? -1, stderr: r.stderr };
}

describe.each(HOOK_TARGETS)('hook install --target %s', (target: HookTarget) => {
  it('writes 0755 #!/bin/sh wrappers that exec Node by absolute path; status reports them; uninstall removes them', async () => {
    bare = makeTempRepo({ bare: true });
    const installed = await installHook(bare.dir, { target });
    expect(installed).toMatchObject({ installed: true, current: true, target, activePolicy: null, spooled: 0, seededPolicy: null });
    for (const name of ['pre-receive', 'post-receive'] as const) {
      const path = join(bare.dir, hookPath(target, name));
      expect(installed.written).toContain(path);
      expect(statSync(path).mode & 0o777).toBe(0o755);
      const text = readFileSync(path, 'utf8');
      expect(text.startsWith('#!/bin/sh\n# gatos-gate hook v1\n')).toBe(true);
      expect(text).toContain(`exec '${process.execPath}' '${entry}' ${name} --target ${target}\n`);
    }
    expect((await uninstallHook(bare.dir)).removed).toHaveLength(2);
    expect(await hookStatus(bare.dir)).toMatchObject({ installed: false, current: false, target: null, files: [] });
  });

  it('runs: a refused update prints GATOS DENY lines (GL-HOOK-ERR too for gitlab), exits 1 and is audited', async () => {
    bare = makeTempRepo({ bare: true });
    await installHook(bare.dir, { target });
    const ref = 'refs/gatos/journal/demo/user/alice';
    const r = runHook(join(bare.dir, hookPath(target, 'pre-receive')), `${'a'.repeat(40)} ${ZERO_OID} ${ref}\n`);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`GATOS DENY gatos.ref.no-delete ${ref}: `);
    expect(r.stderr.includes(`GL-HOOK-ERR: GATOS DENY gatos.ref.no-delete ${ref}: `)).toBe(target === 'gitlab');
    expect(bare.git('rev-list', '--count', DENY_AUDIT_REF)).toBe('1');
    expect(runHook(join(bare.dir, hookPath(target, 'pre-receive')), `${ZERO_OID} ${'a'.repeat(40)} refs/heads/main\n`)).toEqual({ code: 0, stderr: '' });
  });
});

describe('hook install safety', () => {
  it('refuses to replace a hook it did not write unless --force, and refuses a non-bare repository', async () => {
    bare = makeTempRepo({ bare: true });
    mkdirSync(join(bare.dir, 'hooks'), { recursive: true });
    writeFileSync(join(bare.dir, 'hooks/pre-receive'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    expect(await codeOf(installHook(bare.dir))).toBe('GATE_HOOK_EXISTS');
    expect(readFileSync(join(bare.dir, 'hooks/pre-receive'), 'utf8')).toBe('#!/bin/sh\nexit 0\n');
    expect((await installHook(bare.dir, { force: true })).installed).toBe(true);
    const work = makeTempRepo();
    try {
      expect(await codeOf(installHook(work.dir))).toBe('GATE_NOT_BARE');
    } finally {
      work.cleanup();
    }
    expect(await codeOf(installHook(bare.dir, { target: 'svn' as HookTarget }))).toBe('GATE_BAD_TARGET');
  });

  it('reports a hook installed for another Node binary as not current', async () => {
    bare = makeTempRepo({ bare: true });
    await installHook(bare.dir, { nodePath: '/opt/old-node/bin/node' });
    expect(await hookStatus(bare.dir)).toMatchObject({ installed: true, current: false, target: 'plain' });
    expect(await hookStatus(bare.dir, { nodePath: '/opt/old-node/bin/node' })).toMatchObject({ current: true });
  });
});

describe('hook install --trust-from', () => {
  it('seeds the active policy from a repository or a git bundle file, idempotently, and refuses a conflicting one', async () => {
    fx = await makeLedgerFixture();
    bare = makeTempRepo({ bare: true });
    const seeded = await installHook(bare.dir, { trustFrom: fx.tmp.dir });
    expect(seeded).toMatchObject({ seededPolicy: fx.policyRoot, activePolicy: fx.policyRoot });
    expect(bare.git('rev-parse', ACTIVE_POLICY_REF)).toBe(fx.policyRoot);
    expect(bare.git('for-each-ref', '--format=%(objectname)', 'refs/gatos/policies/')).toBe(`${fx.policyRoot}\n${fx.policyRoot}`);
    expect((await installHook(bare.dir, { trustFrom: fx.tmp.dir })).seededPolicy).toBe(fx.policyRoot);

    const fromBundle = makeTempRepo({ bare: true });
    try {
      const file = join(fromBundle.dir, 'policy.bundle');
      fx.tmp.git('bundle', 'create', file, ACTIVE_POLICY_REF);
      expect((await installHook(fromBundle.dir, { trustFrom: file })).activePolicy).toBe(fx.policyRoot);
    } finally {
      fromBundle.cleanup();
    }
    const other = await makeLedgerFixture(['user:eve']);
    try {
      expect(await codeOf(installHook(bare.dir, { trustFrom: other.tmp.dir }))).toBe('GATE_TRUST_SEED_FAILED');
    } finally {
      await other.cleanup();
    }
    expect(await codeOf(installHook(bare.dir, { trustFrom: join(bare.dir, 'no-such-repo') }))).toBe('GATE_TRUST_SEED_FAILED');
    expect(existsSync(join(bare.dir, 'hooks/pre-receive'))).toBe(true);
  });
});
