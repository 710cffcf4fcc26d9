import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { ZERO_OID, newUlid } from '@gatos/core';
import { DENY_AUDIT_REF, writeAuditRecords } from '@gatos/gate';
import { makeLedgerFixture, makeTempRepo, runCli, testGitEnv, type CliResult, type LedgerFixture, type TempRepo } from '@gatos/testkit';

let bare: TempRepo;
let fx: LedgerFixture;
const gatos = (args: string[]): CliResult => runCli(args, { cwd: bare.dir });
const json = <T>(r: CliResult): T => {
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as T;
};

beforeAll(async () => {
  bare = makeTempRepo({ bare: true });
  fx = await makeLedgerFixture();
});
afterAll(async () => {
  bare.cleanup();
  await fx.cleanup();
});

describe('git gatos hook', () => {
  it('install --target gitlab --trust-from seeds the policy and writes 0755 wrappers; status says installed and current', () => {
    const r = gatos(['hook', 'install', bare.dir, '--target', 'gitlab', '--trust-from', fx.tmp.dir, '--json']);
    expect(r.code).toBe(0);
    const installed = json<{ installed: boolean; target: string; seededPolicy: string; written: string[] }>(r);
    expect(installed).toMatchObject({ installed: true, target: 'gitlab', seededPolicy: fx.policyRoot });
    expect(installed.written).toEqual([join(bare.dir, 'custom_hooks/pre-receive.d/gatos'), join(bare.dir, 'custom_hooks/post-receive.d/gatos')]);
    expect(statSync(installed.written[0]!).mode & 0o777).toBe(0o755);
    const status = gatos(['hook', 'status']);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('installed: yes (gitlab)');
    expect(status.stdout).toContain(`active policy: ${fx.policyRoot}`);
  });

  it('uninstall removes the files; status then exits 1', () => {
    expect(json<{ removed: string[] }>(gatos(['hook', 'uninstall', '-C', bare.dir, '--json'])).removed).toHaveLength(2);
    const status = gatos(['hook', 'status', bare.dir, '--json']);
    expect(status.code).toBe(1);
    expect(JSON.parse(status.stdout)).toMatchObject({ installed: false, target: null });
  });

  it('refuses a foreign hook with one error line and exit 2', () => {
    mkdirSync(join(bare.dir, 'hooks'), { recursive: true });
    writeFileSync(join(bare.dir, 'hooks/pre-receive'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    const r = gatos(['hook', 'install', bare.dir]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^error: .*hooks\/pre-receive exists and was not written by gatos; .*--force.* \[GATE_HOOK_EXISTS\]$/m);
  });
});

describe('git gatos audit log', () => {
  it('lists DENY records newest first and says which ones are only spooled', () => {
    expect(gatos(['hook', 'install', bare.dir, '--force', '--json']).code).toBe(0);
    const hook = join(bare.dir, 'hooks/pre-receive');
    const deny = (ref: string): number =>
      spawnSync(hook, [], { cwd: bare.dir, env: { ...testGitEnv, GIT_DIR: '.', REMOTE_USER: 'mallory' }, input: `${'a'.repeat(40)} ${ZERO_OID} ${ref}\n` }).status ?? -1;
    expect(deny('refs/gatos/journal/demo/user/alice')).toBe(1);
    expect(deny('refs/gatos/state/demo')).toBe(1);
    mkdirSync(join(bare.dir, 'gatos/audit-spool'), { recursive: true });
    const spooled = { decision: 'DENY', rule: 'gatos.ref.no-delete', reason: 'spooled one', ref: 'refs/gatos/mbus/x', old: ZERO_OID, new: ZERO_OID, commit: null, pusher: {}, policy_root: null, policy_code_root: null, ts: '2030-01-01T00:00:00Z', ulid: newUlid(Date.UTC(2030, 0, 1)) };
    writeFileSync(join(bare.dir, 'gatos/audit-spool/spooled-1-x.json'), JSON.stringify({ auditRef: 'refs/gatos/audit/policy/deny', records: [spooled], error: 'locked' }));
    const log = json<{ total: number; spooled: number; entries: Array<{ ref: string; rule: string; pusher: Record<string, string>; spoolFile: string | null }> }>(gatos(['audit', 'log', '--json']));
    expect(log).toMatchObject({ total: 3, spooled: 1 });
    expect(log.entries.map((e) => [e.ref, e.spoolFile !== null])).toEqual([
      ['refs/gatos/mbus/x', true],
      ['refs/gatos/state/demo', false],
      ['refs/gatos/journal/demo/user/alice', false],
    ]);
    expect(log.entries[1]!.pusher).toEqual({ remote_user: 'mallory' });
    const text = gatos(['audit', 'log', '--limit', '2']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('refs/gatos/mbus/x  [spooled]');
    expect(text.stdout).toContain('1 older records (use --limit)');
    expect(text.stdout).toMatch(/1 records are spooled in .*gatos\/audit-spool and not yet on the audit ref/);
  });
});

describe('git gatos audit flush', () => {
  it('commits a spooled batch once the audit ref is free, removes the file, and never writes a record twice', async () => {
    const repo = makeTempRepo({ bare: true });
    try {
      const lock = join(repo.dir, 'refs/gatos/audit/policy/deny.lock');
      mkdirSync(join(repo.dir, 'refs/gatos/audit/policy'), { recursive: true });
      writeFileSync(lock, ''); // a stuck writer holds the ref lock, so the gate's write goes to the spool
      const record = { decision: 'DENY' as const, rule: 'gatos.ref.no-delete', reason: 'locked out', ref: 'refs/gatos/mbus/x', old: ZERO_OID, new: ZERO_OID, commit: null, pusher: {}, policy_root: null, policy_code_root: null, ts: '2030-01-01T00:00:00Z', ulid: newUlid(Date.UTC(2030, 0, 1)) };
      const spooled = await writeAuditRecords(repo.dir, { auditRef: DENY_AUDIT_REF, records: [record] }, { maxAttempts: 1 });
      expect(spooled.spooled).not.toBeNull();
      const flush = (): CliResult => runCli(['audit', 'flush', repo.dir, '--json'], { cwd: repo.dir });
      const stuck = flush();
      expect(stuck.code).toBe(1);
      expect(JSON.parse(stuck.stdout)).toMatchObject({ flushed: [], remaining: [spooled.spooled] });
      rmSync(lock);
      expect(json(flush())).toEqual({ flushed: [spooled.spooled], written: 1, alreadyCommitted: 0, remaining: [], error: null });
      expect(existsSync(spooled.spooled!)).toBe(false);
      const again = runCli(['audit', 'flush'], { cwd: repo.dir });
      expect(again).toMatchObject({ code: 0, stdout: 'audit spool is empty\n' });
      const log = json<{ total: number; spooled: number; entries: Array<{ reason: string; auditCommit: string | null }> }>(runCli(['audit', 'log', '--json'], { cwd: repo.dir }));
      expect(log).toMatchObject({ total: 1, spooled: 0, entries: [{ reason: 'locked out', auditCommit: expect.stringMatching(/^[0-9a-f]{40}$/) }] });
    } finally {
      repo.cleanup();
    }
  });
});
