import { beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { okJson, useCliSandbox } from '@gatos/testkit';

const sb = useCliSandbox();
const MINIMAL = 'command: [sh, -c, "echo hello > out.txt"]   # argv; no shell unless argv asks for one\ninputs: []\nenv: []\ntimeout: 30s\noutputs: [out.txt]\n';

beforeAll(() => {
  okJson(sb.gatos(['init', '--actor', 'user:alice', '--json']));
  writeFileSync(join(sb.repo.dir, 'job.yaml'), MINIMAL);
});

describe('git gatos job', () => {
  it('submits, runs, verifies and reports the minimal manifest', () => {
    const submitted = sb.gatos(['job', 'submit', 'job.yaml']);
    expect(submitted.code).toBe(0);
    const id = submitted.stdout.trim();
    expect(id).toMatch(/^blake3:[0-9a-f]{64}$/);
    expect(okJson<{ jobId: string; existed: boolean }>(sb.gatos(['job', 'submit', '-', '--json'], MINIMAL.replace('30s', '30')))).toMatchObject({ jobId: id, existed: true });
    expect(sb.gatos(['job', 'status']).stdout).toBe(`${id} pending\n`);
    const run = okJson<{ result: { status: string; outputs: Array<{ path: string; content_id: string }> } }>(sb.gatos(['job', 'run', id, '--json']));
    expect(run.result.status).toBe('succeeded');
    expect(run.result.outputs[0]).toMatchObject({ path: 'out.txt', content_id: expect.stringMatching(/^blake3:/) });
    const verify = sb.gatos(['job', 'verify', id.slice('blake3:'.length)]);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toContain(`verified ${id}`);
    expect(okJson<{ jobs: Array<{ state: string }> }>(sb.gatos(['job', 'status', id, '--json'])).jobs).toMatchObject([{ state: 'succeeded' }]);
    const again = sb.gatos(['job', 'run', id]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already has a result .*\[JOB_ALREADY_FINISHED\]/);
  });

  it('exits 1 for a failing job and for a tampered result, naming the check', () => {
    const id = sb.gatos(['job', 'submit', '-'], 'command: [sh, -c, "exit 3"]\ntimeout: 5\n').stdout.trim();
    const run = sb.gatos(['job', 'run', id]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^failed \(exit 3\)/);
    const hex = id.slice('blake3:'.length);
    const ref = `refs/gatos/jobs/${hex}/result`;
    // Re-point the result at the job commit itself: no PoE, wrong ancestry.
    sb.repo.git('update-ref', ref, `${ref}^^`);
    const verify = sb.gatos(['job', 'verify', id]);
    expect(verify.code).toBe(1);
    expect(verify.stdout).toContain('FAIL ancestry');
    expect(verify.stdout).toContain('FAIL poe-signature');
    expect(verify.stdout).toContain(`job ${id} does not verify`);
  });

  it('refuses a manifest with a fractional timeout (exit 2)', () => {
    const r = sb.gatos(['job', 'submit', '-'], 'command: [echo]\ntimeout: 1.5\n');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\[JOB_BAD_TIMEOUT\]/);
  });
});
