import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { okJson, testGitEnv, useCliSandbox } from '@gatos/testkit';

const sb = useCliSandbox();
let id = '';
let ref = '';

/** git in the sandbox repository with bytes on stdin. */
const gitWithInput = (args: string[], input: string): string => execFileSync('git', args, { cwd: sb.repo.dir, env: testGitEnv, input, encoding: 'utf8' }).trim();

beforeAll(() => {
  okJson(sb.gatos(['init', '--actor', 'user:alice', '--json']));
  id = sb.gatos(['job', 'submit', '-'], 'command: [sh, -c, "echo hello > out.txt"]\ntimeout: 30s\noutputs: [out.txt]\n').stdout.trim();
  expect(sb.gatos(['worker', '--once']).code).toBe(0);
  ref = `refs/gatos/jobs/${id.slice('blake3:'.length)}/result`;
});

describe('git gatos job attestation', () => {
  it('prints poe.dsse.json exactly as stored, and job verify reports the dsse check', () => {
    const r = sb.gatos(['job', 'attestation', id]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${sb.repo.git('show', `${ref}:poe.dsse.json`)}\n`);
    const envelope = JSON.parse(r.stdout) as { payloadType: string; payload: string; signatures: Array<{ keyid: string }> };
    expect(envelope.payloadType).toBe('application/vnd.in-toto+json');
    const statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8')) as { subject: Array<{ name: string }>; predicate: { runDetails: { metadata: { invocationId: string } } } };
    expect(statement.subject.map((s) => s.name)).toEqual(['out.txt']);
    expect(statement.predicate.runDetails.metadata.invocationId).toBe(id);
    expect(sb.gatos(['job', 'verify', id]).stdout).toMatch(/^ok {3}dsse$/m);
  });

  it('writes the same bytes with -o, and the envelope and Statement with --json', () => {
    const w = sb.gatos(['job', 'attestation', id.slice('blake3:'.length), '-o', 'poe.intoto.json']);
    expect(w.code).toBe(0);
    expect(w.stdout).toMatch(/^wrote poe\.intoto\.json: DSSE envelope of blake3:[0-9a-f]{64} \(\d+ bytes\)\n$/);
    expect(readFileSync(join(sb.repo.dir, 'poe.intoto.json'), 'utf8')).toBe(sb.repo.git('show', `${ref}:poe.dsse.json`));
    const j = okJson<{ jobId: string; envelope: { signatures: Array<{ keyid: string }> }; statement: { _type: string } }>(sb.gatos(['job', 'attestation', id, '--json']));
    expect(j.jobId).toBe(id);
    expect(j.envelope.signatures[0]!.keyid).toMatch(/^ed25519:[0-9a-f]{64}$/);
    expect(j.statement._type).toBe('https://in-toto.io/Statement/v1');
  });

  it('exits 1 for a job without a result, 2 for an unknown job, and 2 for an unwritable -o', () => {
    const pending = sb.gatos(['job', 'submit', '-'], 'command: [sh, -c, "exit 0"]\ntimeout: 9\n').stdout.trim();
    const none = sb.gatos(['job', 'attestation', pending]);
    expect(none.code).toBe(1);
    expect(none.stdout).toBe('');
    expect(none.stderr).toMatch(/^error: job blake3:[0-9a-f]{64} has no result yet .*\[JOB_NO_RESULT\]\n$/);
    const unknown = sb.gatos(['job', 'attestation', `blake3:${'0'.repeat(64)}`]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/\[JOB_NOT_FOUND\]/);
    const bad = sb.gatos(['job', 'attestation', id, '-o', join(sb.repo.dir, 'no', 'such', 'dir', 'x.json')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/cannot write .* \[OUTPUT_UNWRITABLE\]/);
  });

  it('exits 1, printing nothing, when the stored envelope was tampered with', () => {
    // Rewrite the result with a payloadType the signature does not cover (same parent, same trailers).
    const original = sb.repo.git('rev-parse', ref);
    const envelope = JSON.parse(sb.repo.git('show', `${ref}:poe.dsse.json`)) as Record<string, unknown>;
    const blob = gitWithInput(['hash-object', '-w', '--stdin'], JSON.stringify({ ...envelope, payloadType: 'application/json' }));
    const entries = sb.repo.git('ls-tree', `${ref}^{tree}`).split('\n').filter(Boolean).map((l) => (l.endsWith('\tpoe.dsse.json') ? l.replace(/blob [0-9a-f]{40}/, `blob ${blob}`) : l));
    const tree = gitWithInput(['mktree'], `${entries.join('\n')}\n`);
    const message = sb.repo.git('log', '-1', '--format=%B', ref);
    const commit = gitWithInput(['commit-tree', tree, '-p', `${ref}^`], `${message}\n`);
    sb.repo.git('update-ref', ref, commit, original);
    try {
      const r = sb.gatos(['job', 'attestation', id]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/does not verify: poe\.dsse\.json: payloadType is "application\/json".*\[JOB_RECORD_INVALID\]/);
      expect(sb.gatos(['job', 'verify', id]).stdout).toMatch(/^FAIL dsse: poe\.dsse\.json: payloadType/m);
    } finally {
      sb.repo.git('update-ref', ref, original, commit);
    }
  });
});
