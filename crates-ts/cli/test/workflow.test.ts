import { describe, expect, it } from 'vitest';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { okJson, testGitEnv, useCliSandbox, type CliResult } from '@gatos/testkit';

const sb = useCliSandbox();
const gatos = (args: string[], input?: string): CliResult => sb.gatos(args, input);
const json = okJson;


describe('a two-actor ledger through the CLI', () => {
  it('init creates a key (0600), commits gatos/ and activates a policy; a second init changes nothing', () => {
    const first = json<{ keyCreated: boolean; changed: boolean; policyRoot: string; workTreeCommit: string }>(gatos(['init', '--actor', 'user:alice', '--json']));
    expect(first).toMatchObject({ keyCreated: true, changed: true });
    expect(statSync(join(sb.home.dir, 'keys/user/alice.json')).mode & 0o777).toBe(0o600);
    expect(sb.repo.git('config', 'gatos.actor')).toBe('user:alice');
    expect(sb.repo.git('ls-files', 'gatos')).toContain('gatos/trust/graph.json');
    expect(sb.repo.git('rev-parse', 'refs/gatos/policies/active')).toBe(first.policyRoot);
    const second = json<{ keyCreated: boolean; changed: boolean; policyRoot: string; workTreeCommit: string | null }>(gatos(['init', '--json']));
    expect(second).toMatchObject({ keyCreated: false, changed: false, policyRoot: first.policyRoot, workTreeCommit: null });
  });

  it('refuses to overwrite a key', () => {
    const r = gatos(['key', 'new', '--actor', 'user:alice']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('[KEY_EXISTS]');
  });

  it('bob cannot append until his key is trusted and published', () => {
    json(gatos(['key', 'new', '--actor', 'user:bob', '--json']));
    const denied = gatos(['event', 'append', '--ns', 'finance', '--actor', 'user:bob', '--type', 'payment.received', '--payload', '{"amount":1}']);
    expect(denied.code).toBe(2);
    expect(denied.stderr).toContain('[LEDGER_SIGNER_NOT_TRUSTED]');
    json(gatos(['trust', 'add', 'user:bob', '--json']));
    json(gatos(['trust', 'group', '@leads', 'user:alice', 'user:bob', '--json']));
    const published = json<{ activated: boolean; changed: boolean }>(gatos(['policy', 'publish', '--json']));
    expect(published).toMatchObject({ activated: true, changed: true });
  });

  it('appends from both actors, single and batch, and logs, shows and verifies them', () => {
    const inv = json<{ events: Array<{ cid: string; commit: string }> }>(gatos(['event', 'append', '--ns', 'finance', '--type', 'invoice.created', '--payload', '{"invoice":"inv-1","amount":1200}', '--json']));
    writeFileSync(join(sb.repo.dir, 'payments.jsonl'), '{"type":"payment.received","payload":{"invoice":"inv-1","amount":700}}\n\n{"type":"payment.received","payload":{"invoice":"inv-1","amount":500}}\n');
    const batch = json<{ events: unknown[]; ref: string }>(gatos(['event', 'append', '--ns', 'finance', '--actor', 'user:bob', '--batch', 'payments.jsonl', '--json']));
    expect(batch.events).toHaveLength(2);
    expect(batch.ref).toBe('refs/gatos/journal/finance/user/bob');
    const log = json<{ events: Array<{ actor: string; type: string; payload: { amount: number } }> }>(gatos(['event', 'log', '--ns', 'finance', '--json']));
    expect(log.events.map((e) => [e.actor, e.payload.amount])).toEqual([['user:bob', 500], ['user:bob', 700], ['user:alice', 1200]]);
    const byCid = json<{ commit: string; type: string }>(gatos(['event', 'show', inv.events[0]!.cid, '--json']));
    const byCommit = json<{ cid: string }>(gatos(['event', 'show', inv.events[0]!.commit, '--json']));
    expect(byCid).toMatchObject({ commit: inv.events[0]!.commit, type: 'invoice.created' });
    expect(byCommit.cid).toBe(inv.events[0]!.cid);
    const verified = json<{ ok: boolean; events: number; journals: number }>(gatos(['event', 'verify', '--json']));
    expect(verified).toMatchObject({ ok: true, events: 3, journals: 2 });
  });

  it('treats a repeated --ulid as a no-op that reports the same CID', () => {
    const args = ['event', 'append', '--ns', 'ops', '--type', 'deploy', '--payload', '{"v":1}', '--ulid', '01KA0000000000000000000000', '--json'];
    const a = json<{ events: Array<{ cid: string; existed: boolean }> }>(gatos(args));
    const b = json<{ events: Array<{ cid: string; existed: boolean }> }>(gatos(args));
    expect(b.events[0]).toEqual({ ...a.events[0], existed: true });
  });

  it('refuses an event time beyond the allowed future skew, which --max-future-skew widens', () => {
    const inTenMinutes = new Date(Date.now() + 10 * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const args = ['event', 'append', '--ns', 'ops', '--type', 'late', '--payload', '{}', '--ts', inTenMinutes];
    const refused = gatos(args);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('[LEDGER_FUTURE_EVENT]');
    expect(gatos([...args, '--max-future-skew', '3600']).code).toBe(0);
  });

  it('reads the payload from stdin with --payload -', () => {
    const r = gatos(['event', 'append', '--ns', 'ops', '--type', 'note', '--payload', '-'], '{"text":"from stdin"}');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^bafyr4i/);
  });

  it('refuses floats, unsafe integers, bad JSON and bad batch lines with the place named', () => {
    const float = gatos(['event', 'append', '--ns', 'ops', '--type', 'x', '--payload', '{"a":{"b":[1,2.5]}}']);
    expect(float.code).toBe(2);
    expect(float.stderr).toContain('payload.a.b[1] = 2.5 is not an integer');
    const big = gatos(['event', 'append', '--ns', 'ops', '--type', 'x', '--payload', '{"n":9007199254740993}']);
    expect(big.stderr).toContain('[INPUT_UNSAFE_INTEGER]');
    const bad = gatos(['event', 'append', '--ns', 'ops', '--type', 'x', '--payload', '{nope']);
    expect(bad.stderr).toContain('[INPUT_BAD_JSON]');
    writeFileSync(join(sb.repo.dir, 'bad.jsonl'), '{"type":"ok","payload":{}}\n{"type":"ok","payload":[]}\n');
    const line = gatos(['event', 'append', '--ns', 'ops', '--batch', 'bad.jsonl']);
    expect(line.code).toBe(2);
    expect(line.stderr).toContain('bad.jsonl:2');
    const ns = gatos(['event', 'append', '--ns', '../etc', '--type', 'x', '--payload', '{}']);
    expect(ns.stderr).toContain('[BAD_NAMESPACE]');
  });

  it('event verify exits 1 and names ref, commit and reason after tampering', () => {
    // Rewrite alice's tip commit with a different payload but the old trailers (signature, CID).
    const ref = 'refs/gatos/journal/finance/user/alice';
    const tip = sb.repo.git('rev-parse', ref);
    const editedBlob = runGit(['hash-object', '-w', '--stdin'], editPayload(tip));
    const tree = runGit(['mktree'], `100644 blob ${editedBlob}\tevent.cbor\n`);
    const message = sb.repo.git('log', '-1', '--format=%B', tip);
    const forged = runGit(['commit-tree', tree, '-m', message]);
    sb.repo.git('update-ref', ref, forged, tip);
    const r = gatos(['event', 'verify', '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { ok: boolean; failures: Array<{ ref: string; commit: string; code: string }> };
    expect(report.ok).toBe(false);
    expect(report.failures.map((f) => f.code).sort()).toEqual(['EVENT_BAD_SIGNATURE', 'EVENT_CID_MISMATCH']);
    expect(report.failures[0]).toMatchObject({ ref, commit: forged });
    const text = gatos(['event', 'verify']);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(`FAIL EVENT_CID_MISMATCH ${ref} ${forged}`);
  });
});


function runGit(args: string[], input?: string | Buffer): string {
  return execFileSync('git', args, { cwd: sb.repo.dir, env: testGitEnv, input: input ?? '', encoding: 'utf8' }).trim();
}

/** The tip event bytes with the amount 1200 (CBOR 19 04 b0) changed to 1201 (19 04 b1): same length. */
function editPayload(commit: string): Buffer {
  const bytes = execFileSync('git', ['cat-file', 'blob', `${commit}:event.cbor`], { cwd: sb.repo.dir });
  const at = bytes.indexOf(Buffer.from([0x19, 0x04, 0xb0]));
  expect(at).toBeGreaterThan(0);
  bytes[at + 2] = 0xb1;
  return bytes;
}
