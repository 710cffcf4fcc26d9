import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliEntry, okJson, testGitEnv, useCliSandbox } from '@gatos/testkit';

const sb = useCliSandbox();

beforeAll(() => {
  okJson(sb.gatos(['init', '--actor', 'user:alice', '--json']));
});

interface StatusJson {
  jobs: Array<{ jobId: string; state: string; refState: string; attempt: number; stale: boolean; chain: string; inSync: boolean; worker: string | null }>;
  fold: { stateRoot: string; checkpoint: string | null; upToDate: boolean };
}
const status = (id: string): StatusJson['jobs'][number] => okJson<StatusJson>(sb.gatos(['job', 'status', id, '--json'])).jobs[0]!;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('git gatos job cancel', () => {
  it('cancels a pending job; status, run and the folded lifecycle agree; fold verify replays it', () => {
    const id = sb.gatos(['job', 'submit', '-'], 'command: ["true"]\ntimeout: 5\nargs: [cancel-me]\n').stdout.trim();
    expect(okJson(sb.gatos(['job', 'cancel', id, '--reason', 'not needed', '--json']))).toMatchObject({ jobId: id, was: 'none' });
    expect(status(id)).toMatchObject({ state: 'aborted', refState: 'aborted', chain: 'abort', inSync: true });
    const run = sb.gatos(['job', 'run', id]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/cancelled by user:alice \(not needed\).*\[JOB_ABORTED\]/);
    const again = sb.gatos(['job', 'cancel', id]);
    expect(again.code).toBe(1);
    expect(sb.gatos(['job', 'cancel', 'blake3:nothex']).code).toBe(2);
    const fold = okJson<{ ref: string; commit: string; stateRoot: string }>(sb.gatos(['fold', '--ns', 'jobs', '--json']));
    expect(fold.ref).toBe('refs/gatos/state/jobs');
    expect(okJson<StatusJson>(sb.gatos(['job', 'status', '--json'])).fold).toMatchObject({ checkpoint: fold.commit, upToDate: true, stateRoot: fold.stateRoot });
    const verify = sb.gatos(['fold', 'verify', 'jobs']);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
  });
});

describe('a worker that dies after claiming', () => {
  it('leaves a visibly stale claim; after the lease a manager expires it and the next worker runs attempt 2', async () => {
    const mark = join(sb.repo.dir, '..', `mark-${process.pid}`);
    // First run: writes its pid to the mark and hangs (until the test kills it). Second run: succeeds.
    const manifest = `command: [sh, -c, 'if [ -e "$MARK" ]; then echo retried > out.txt; else echo $$ > "$MARK"; exec sleep 60; fi']\nenv: {MARK: ${JSON.stringify(mark)}}\ntimeout: 2\noutputs: [out.txt]\n`;
    const id = sb.gatos(['job', 'submit', '-'], manifest).stdout.trim();
    const worker = spawn(process.execPath, [cliEntry, 'worker', '--once', '--lease-grace', '1s'], { cwd: sb.repo.dir, env: { ...testGitEnv, GATOS_HOME: sb.home.dir }, stdio: 'ignore' });
    for (let i = 0; i < 400 && !existsSync(mark); i++) await sleep(25);
    expect(existsSync(mark)).toBe(true);
    worker.kill('SIGKILL');
    await new Promise((r) => worker.once('exit', r));
    process.kill(Number(readFileSync(mark, 'utf8').trim()), 'SIGKILL');
    expect(status(id)).toMatchObject({ state: 'running', chain: 'claim', attempt: 1 });
    const early = sb.gatos(['job', 'expire', id]);
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/runs until .*\[JOB_LEASE_VALID\]/);
    await sleep(3200); // the lease: timeout 2 s + grace 1 s
    expect(status(id)).toMatchObject({ state: 'running', stale: true });
    expect(okJson(sb.gatos(['job', 'expire', id, '--json']))).toMatchObject({ jobId: id, attempt: 1 });
    expect(status(id)).toMatchObject({ state: 'pending', chain: 'lease-expired', stale: false });
    const rerun = okJson<{ ran: Array<{ jobId: string; status: string }> }>(sb.gatos(['worker', '--once', '--json']));
    expect(rerun.ran).toEqual([expect.objectContaining({ jobId: id, status: 'succeeded' })]);
    expect(status(id)).toMatchObject({ state: 'succeeded', attempt: 2, inSync: true });
    expect(sb.gatos(['job', 'verify', id]).code).toBe(0);
  });
});

describe('job inputs from the blob store', () => {
  it('materialises a blob put with `git gatos blob put` into the run', () => {
    const { pointer } = okJson<{ pointer: { hash: string; size: number } }>(sb.gatos(['blob', 'put', '-', '--json'], 'a,b\n1,2\n3,4\n'));
    const manifest = `command: [sh, -c, "wc -l < data.csv > out.txt"]\ninputs:\n  - {kind: blobptr, algo: blake3, hash: "${pointer.hash}", size: ${pointer.size}, path: data.csv}\ntimeout: 10\noutputs: [out.txt]\n`;
    const id = okJson<{ jobId: string }>(sb.gatos(['job', 'submit', '-', '--json'], manifest)).jobId;
    const run = okJson<{ result: { status: string } }>(sb.gatos(['job', 'run', id, '--json']));
    expect(run.result.status).toBe('succeeded');
    expect(sb.repo.git('cat-file', '-p', `refs/gatos/jobs/${id.slice(7)}/result:outputs/out.txt`).trim()).toBe('3');
  });
});
