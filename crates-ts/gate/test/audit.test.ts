import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ZERO_OID, canonicalJson, decodeCommit, parseMessage } from '@gatos/core';
import { openRepository, type Repository } from '@gatos/git';
import { makeTempDir, makeTempRepo, type TempRepo } from '@gatos/testkit';
import {
  DENY_AUDIT_REF, buildAuditCommit, denyRecords, readAuditLog, spawnAuditWriter, writeAuditRecords, type AuditRecord, type Violation,
} from '../src/index.js';
import { clock } from './helpers.js';

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
