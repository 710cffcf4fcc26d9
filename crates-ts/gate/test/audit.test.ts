import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ZERO_OID, canonicalJson, decodeCommit, parseMessage } from '@gatos/core';
import { openRepository, type Repository } from '@gatos/git';
import { makeTempDir, makeTempRepo, type TempRepo } from '@gatos/testkit';
import {
  DENY_AUDIT_REF, appendAuditRecords, buildAuditCommit, denyRecords, flushSpool, readAuditLog, runPostReceive, spawnAuditWriter, writeAuditRecords,
  type AuditRecord, type Violation,
} from '../src/index.js';
import { clock, ulidAt } from './helpers.js';

let bare: TempRepo;
let repo: Repository | null = null;
afterEach(async () => {
  await repo?.close();
  repo = null;
  bare?.cleanup();
});

const ref = 'refs/gatos/journal/demo/user/alice';
const violation = (i: number): Violation => ({ rule: 'gatos.journal.signature', ref, commit: 'c'.repeat(40), actor: 'user:alice', reason: `bad signature ${i}` });
const records = (n: number, tag = ''): AuditRecord[] =>
  denyRecords(Array.from({ length: n }, (_, i) => ({ ...violation(i), reason: `bad signature ${tag}${i}` })), [{ ref, old: ZERO_OID, new: 'd'.repeat(40) }], {
    clock, pusher: { remote_user: 'alice' }, policyRoot: 'e'.repeat(40), policyCodeRoot: `sha256:${'f'.repeat(64)}`,
  });

describe('DENY records', () => {
  it('carry rule, reason, ref, old/new, pusher with the event actor, policy roots, ts and increasing ULIDs', () => {
    const [a, b] = records(2);
    expect(a).toEqual({
      decision: 'DENY', rule: 'gatos.journal.signature', reason: 'bad signature 0', ref, old: ZERO_OID, new: 'd'.repeat(40), commit: 'c'.repeat(40),
      pusher: { remote_user: 'alice', event_actor: 'user:alice' }, policy_root: 'e'.repeat(40), policy_code_root: `sha256:${'f'.repeat(64)}`,
      ts: '2026-11-01T12:00:00Z', ulid: expect.stringMatching(/^[0-9A-Z]{26}$/),
    });
    expect(b!.ulid > a!.ulid).toBe(true);
  });

  it('are commits with decision.json (JCS) and the Audit-Decision, Policy-Rule, Policy-Root and Ref trailers', async () => {
    const [r] = records(1);
    const built = buildAuditCommit(r!, null);
    const commit = decodeCommit(built.objects[2]!.body);
    expect(parseMessage(commit.message)).toEqual({
      subject: 'gatos audit: DENY gatos.journal.signature',
      body: '',
      trailers: [['Audit-Decision', 'DENY'], ['Policy-Rule', 'gatos.journal.signature'], ['Policy-Root', 'e'.repeat(40)], ['Ref', ref]],
    });
    expect(new TextDecoder().decode(built.objects[0]!.body)).toBe(canonicalJson(r));
    expect(commit.author).toMatchObject({ name: 'gatos-gate', email: 'gate@gatos', timestamp: Date.UTC(2026, 10, 1, 12) / 1000 });
  });

  it('keep quoted attacker text on one NFC line', () => {
    const [r] = denyRecords([{ ...violation(0), reason: 'bad\n\x1b[31mred\u0065\u0301' }], [], { clock, pusher: {}, policyRoot: null, policyCodeRoot: null });
    expect(r!.reason).toBe('bad [31mred\u00e9');
  });
});

describe('writeAuditRecords', () => {
  it('loses nothing when several writers append at once (compare-and-swap with retry keeps one linear chain)', async () => {
    bare = makeTempRepo({ bare: true });
    const writers = Array.from({ length: 6 }, (_, w) => writeAuditRecords(bare.dir, { auditRef: DENY_AUDIT_REF, records: records(3, `w${w}-`) }));
    const results = await Promise.all(writers);
    expect(results.every((r) => r.written === 3 && r.spooled === null)).toBe(true);
    expect(bare.git('rev-list', '--count', DENY_AUDIT_REF)).toBe('18');
    expect(bare.git('rev-list', '--min-parents=2', DENY_AUDIT_REF)).toBe('');
    repo = await openRepository(bare.dir);
    const log = await readAuditLog(repo, repo.gitDir);
    expect(new Set(log.entries.map((e) => e.reason)).size).toBe(18);
    expect(log.spooled).toBe(0);
  });

  it('spools a batch it cannot commit, and the audit log shows it as spooled', async () => {
    bare = makeTempRepo({ bare: true });
    mkdirSync(join(bare.dir, 'refs/gatos/audit/policy'), { recursive: true });
    writeFileSync(join(bare.dir, 'refs/gatos/audit/policy/deny.lock'), ''); // a stuck writer holds the ref lock
    const result = await writeAuditRecords(bare.dir, { auditRef: DENY_AUDIT_REF, records: records(2) }, { maxAttempts: 2 });
    expect(result).toMatchObject({ written: 0, tip: null, spooled: expect.stringContaining(join(bare.dir, 'gatos/audit-spool/')) });
    repo = await openRepository(bare.dir);
    const log = await readAuditLog(repo, repo.gitDir);
    expect(log).toMatchObject({ spooled: 2, total: 2 });
    expect(log.entries.map((e) => [e.reason, e.auditCommit, e.spoolFile])).toEqual([
      ['bad signature 1', null, result.spooled],
      ['bad signature 0', null, result.spooled],
    ]);
  });
});

describe('spawnAuditWriter', () => {
  it('writes to the real object store and ref even when called with quarantine variables set', async () => {
    bare = makeTempRepo({ bare: true });
    const quarantine = makeTempDir('gatos-quarantine-');
    try {
      const env = { ...process.env, GIT_QUARANTINE_PATH: quarantine.dir, GIT_OBJECT_DIRECTORY: quarantine.dir, GIT_ALTERNATE_OBJECT_DIRECTORIES: join(bare.dir, 'objects') };
      const [result] = await spawnAuditWriter(bare.dir, [{ auditRef: DENY_AUDIT_REF, records: records(2) }], env);
      expect(result).toMatchObject({ written: 2, spooled: null });
      quarantine.cleanup(); // as git does when it refuses a push
      expect(bare.git('rev-parse', DENY_AUDIT_REF)).toBe(result!.tip);
      bare.git('fsck', '--strict', '--no-dangling');
    } finally {
      quarantine.cleanup();
    }
  });
});

describe('flushSpool', () => {
  const lock = (): string => {
    mkdirSync(join(bare.dir, 'refs/gatos/audit/policy'), { recursive: true });
    const path = join(bare.dir, 'refs/gatos/audit/policy/deny.lock');
    writeFileSync(path, ''); // a stuck writer holds the ref lock
    return path;
  };
  // Spool file names start with the first ULID; `laterMs` keeps the order of two batches of one test fixed.
  const spool = async (n: number, tag: string, laterMs = 0): Promise<{ path: string; records: AuditRecord[] }> => {
    const batch = records(n, tag).map((r, i) => (laterMs === 0 ? r : { ...r, ulid: ulidAt(laterMs + i) }));
    const r = await writeAuditRecords(bare.dir, { auditRef: DENY_AUDIT_REF, records: batch }, { maxAttempts: 2 });
    expect(r.spooled).not.toBeNull();
    return { path: r.spooled!, records: batch };
  };
  const reasons = (): string[] => bare.git('log', '--format=%H', DENY_AUDIT_REF).split('\n').map((c) => JSON.parse(bare.git('show', `${c}:decision.json`)).reason as string).reverse();

  it('commits spooled batches oldest first once the ref is free, removes the files, and a second flush has nothing to do', async () => {
    bare = makeTempRepo({ bare: true });
    const held = lock();
    const first = await spool(2, 'a');
    const second = await spool(1, 'b', 1000);
    expect(await flushSpool(bare.dir, { maxAttempts: 2 })).toMatchObject({ flushed: [], written: 0, remaining: [first.path, second.path], error: expect.any(String) });
    expect(existsSync(first.path) && existsSync(second.path)).toBe(true);
    rmSync(held);
    expect(await flushSpool(bare.dir)).toEqual({ flushed: [first.path, second.path], written: 3, alreadyCommitted: 0, remaining: [], error: null });
    expect(existsSync(first.path) || existsSync(second.path)).toBe(false);
    expect(reasons()).toEqual(['bad signature a0', 'bad signature a1', 'bad signature b0']);
    expect(await flushSpool(bare.dir)).toEqual({ flushed: [], written: 0, alreadyCommitted: 0, remaining: [], error: null });
    repo = await openRepository(bare.dir);
    expect(await readAuditLog(repo, repo.gitDir)).toMatchObject({ spooled: 0, total: 3 });
  });

  it('is idempotent when a flush crashed after committing and before removing the file (nothing duplicated, nothing lost)', async () => {
    bare = makeTempRepo({ bare: true });
    const held = lock();
    const batch = await spool(3, 'c');
    rmSync(held);
    repo = await openRepository(bare.dir);
    // The crashed flush had committed the first two records; a live push appended one more since.
    await appendAuditRecords(repo, { auditRef: DENY_AUDIT_REF, records: batch.records.slice(0, 2) });
    await appendAuditRecords(repo, { auditRef: DENY_AUDIT_REF, records: records(1, 'live') });
    expect(await flushSpool(bare.dir)).toEqual({ flushed: [batch.path], written: 1, alreadyCommitted: 2, remaining: [], error: null });
    expect(reasons()).toEqual(['bad signature c0', 'bad signature c1', 'bad signature live0', 'bad signature c2']);
    expect(existsSync(batch.path)).toBe(false);
  });

  it('runs at the start of every post-receive', async () => {
    bare = makeTempRepo({ bare: true });
    const held = lock();
    const batch = await spool(2, 'p');
    rmSync(held);
    const lines: string[] = [];
    const io = { gitDir: bare.dir, env: {}, target: 'plain' as const, clock, print: (l: string) => void lines.push(l) };
    expect(await runPostReceive(`${ZERO_OID} ${'d'.repeat(40)} refs/gatos/journal/demo/user/alice\n`, io)).toBe(0);
    expect(lines).toEqual(['GATOS: flushed 2 spooled audit records from 1 spool files']);
    expect(existsSync(batch.path)).toBe(false);
    expect(reasons()).toEqual(['bad signature p0', 'bad signature p1']);
  });
});
