import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blake3Hex, formatPublicKey, type Clock } from '@gatos/core';
import { claimJob, jobStatus, runJob, submitJob, verifyJob } from '@gatos/compute';
import { readMessages } from '@gatos/mind';
import { makeLedgerFixture, testGitEnv, type LedgerFixture } from '@gatos/testkit';

const clock: Clock = { now: () => Date.now() };
const MINIMAL = 'command: [sh, -c, "echo hello > out.txt"]   # argv; no shell unless argv asks for one\ninputs: []\nenv: []\ntimeout: 30s\noutputs: [out.txt]\n';

let fx: LedgerFixture;
beforeAll(async () => {
  fx = await makeLedgerFixture(['user:alice', 'user:bob']);
});
afterAll(async () => fx.cleanup());

const alice = (): LedgerFixture['signers'][string] => fx.signers['user:alice']!;
const bob = (): LedgerFixture['signers'][string] => fx.signers['user:bob']!;

describe('the job plane', () => {
  it('submits, claims, runs and verifies the minimal manifest end to end', async () => {
    // Setup
    const job = await submitJob(fx.repo, MINIMAL, alice(), { clock });
    // Test
    expect(job.existed).toBe(false);
    expect(fx.tmp.git('cat-file', '-p', `${job.ref}:job.yaml`)).toBe(MINIMAL.trim());
    expect((await readMessages(fx.repo, 'gatos.jobs.pending', 'test')).messages.map((m) => m.payload.job_id)).toContain(job.jobId);
    const again = await submitJob(fx.repo, MINIMAL, alice(), { clock });
    expect(again).toMatchObject({ existed: true, commit: job.commit, message: job.message });
    const run = await runJob(fx.repo, job.jobId, bob(), { clock });
    expect(run.result).toMatchObject({ status: 'succeeded', exit_code: 0, timed_out: false });
    expect(run.result.outputs).toEqual([{ path: 'out.txt', content_id: `blake3:${blake3Hex(new TextEncoder().encode('hello\n'))}`, size: 6, blob: expect.any(String) }]);
    expect(fx.tmp.git('cat-file', '-p', `${run.ref}:outputs/out.txt`)).toBe('hello');
    expect(fx.tmp.git('rev-parse', `${run.ref}^`, `${run.ref}^^`)).toBe(`${run.claim}\n${job.commit}`);
    const trailers = fx.tmp.git('log', '-1', '--format=%(trailers)', run.ref);
    expect(trailers).toContain(`Job-Id: ${job.jobId}`);
    expect(trailers).toContain(`Worker-Id: ${formatPublicKey(bob().publicKey)}`);
    expect(trailers).toMatch(/Proof-Of-Execution: blake3:[0-9a-f]{64}/);
    expect(trailers).toMatch(/Attest-Program: blake3:[0-9a-f]{64}/);
    const verdict = await verifyJob(fx.repo, job.jobId);
    expect(verdict.checks.filter((c) => !c.ok)).toEqual([]);
    expect(verdict.ok).toBe(true);
    expect((await jobStatus(fx.repo, job.jobId, { clock })).jobs).toMatchObject([{ state: 'succeeded', refState: 'succeeded', inSync: true, worker: 'user:bob', submittedBy: 'user:alice' }]);
    await expect(runJob(fx.repo, job.jobId, bob(), { clock })).rejects.toMatchObject({ code: 'JOB_ALREADY_FINISHED' });
  });

  it('lets exactly one of 8 racing claimants (real processes) win; the rest get JOB_ALREADY_CLAIMED', async () => {
    const job = await submitJob(fx.repo, 'command: ["true"]\ntimeout: 5\n', alice(), { clock });
    expect((await jobStatus(fx.repo, job.jobId, { clock })).jobs[0]!.refState).toBe('pending');
    const racer = join(import.meta.dirname, 'fixtures/claimRacer.mjs');
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, i) => promisify(execFile)(process.execPath, [racer, fx.tmp.dir, job.jobId, `user:w${i}`], { env: testGitEnv }).then((r) => r.stdout.trim())),
    );
    expect(outcomes.filter((o) => o === 'won')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'JOB_ALREADY_CLAIMED')).toHaveLength(7);
    expect((await jobStatus(fx.repo, job.jobId, { clock })).jobs[0]!.refState).toBe('claimed');
    await expect(claimJob(fx.repo, job.jobId, bob(), { clock })).rejects.toMatchObject({ code: 'JOB_ALREADY_CLAIMED' });
  });
});

describe('hostile manifests', () => {
  it('passes shell metacharacters literally: no shell runs, no file is created', async () => {
    const job = await submitJob(fx.repo, 'command: [echo, "$(touch pwned)", ";", "rm -rf /"]\nargs: ["`touch pwned2`"]\ntimeout: 5\noutputs: [pwned]\n', alice(), { clock });
    const run = await runJob(fx.repo, job.jobId, bob(), { clock });
    expect(fx.tmp.git('cat-file', '-p', run.result.stdout.blob)).toBe('$(touch pwned) ; rm -rf / `touch pwned2`');
    expect(run.result.outputs).toEqual([{ path: 'pwned', error: 'MISSING' }]);
    expect(existsSync(join(fx.tmp.dir, 'pwned'))).toBe(false);
  });

  it('refuses output paths that leave the work directory and records them as failed outputs', async () => {
    const job = await submitJob(fx.repo, 'command: [sh, -c, "ln -s /etc/passwd link; ln -s .. up; echo ok > fine"]\ntimeout: 5\noutputs: [../../etc/passwd, /etc/passwd, link, up/x, fine]\n', alice(), { clock });
    const run = await runJob(fx.repo, job.jobId, bob(), { clock });
    expect(run.result.outputs.map((o) => ('error' in o ? o.error : 'ok'))).toEqual(['PATH_ESCAPES', 'PATH_NOT_RELATIVE', 'PATH_ESCAPES', 'PATH_ESCAPES', 'ok']);
    expect(run.result.status).toBe('failed');
    expect(fx.tmp.git('ls-tree', '-r', '--name-only', run.ref).split('\n').filter((p) => p.startsWith('outputs/'))).toEqual(['outputs/fine']);
    expect((await verifyJob(fx.repo, job.jobId)).ok).toBe(true);
  });

  it('kills a job that never exits at its timeout and records it as timed out', async () => {
    const job = await submitJob(fx.repo, 'command: [sh, -c, "sleep 1000 & sleep 1000"]\ntimeout: 1\n', alice(), { clock });
    const started = Date.now();
    const run = await runJob(fx.repo, job.jobId, bob(), { clock });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(run.result).toMatchObject({ status: 'failed', timed_out: true, exit_code: null, signal: 'SIGKILL' });
  });

  it('caps a flood on stdout and marks it truncated', async () => {
    const job = await submitJob(fx.repo, 'command: [yes]\ntimeout: 1\n', alice(), { clock });
    const run = await runJob(fx.repo, job.jobId, bob(), { clock });
    expect(run.result.stdout).toMatchObject({ size: 1024 * 1024, truncated: true });
    expect(run.result.stderr).toMatchObject({ size: 0, truncated: false });
    expect(run.result.timed_out).toBe(true);
  });

  it('passes only whitelisted variables and a fixed PATH', async () => {
    process.env.GATOS_JOB_SECRET = 'leak';
    process.env.GATOS_JOB_SHARED = 'shared';
    const job = await submitJob(fx.repo, 'command: [env]\nenv: [GATOS_JOB_SHARED]\ntimeout: 5\n', alice(), { clock });
    const run = await runJob(fx.repo, job.jobId, bob(), { clock });
    expect(fx.tmp.git('cat-file', '-p', run.result.stdout.blob).split('\n').sort()).toEqual(['GATOS_JOB_SHARED=shared', 'PATH=/usr/local/bin:/usr/bin:/bin']);
  });

  it('records a program that does not exist as a failed run', async () => {
    const job = await submitJob(fx.repo, 'command: [/nonexistent/program]\ntimeout: 5\n', alice(), { clock });
    const run = await runJob(fx.repo, job.jobId, bob(), { clock });
    expect(run.result).toMatchObject({ status: 'failed', spawn_error: 'ENOENT', exit_code: null });
  });
});
