import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blake3Hex, formatPublicKey, type Clock } from '@gatos/core';
import { foldCheckpoint, verifyCheckpoint } from '@gatos/echo';
import { appendEvents } from '@gatos/ledger';
import { emptyTrustGraph, withActorKey, withGroup } from '@gatos/policy';
import {
  abortJob, claimJob, expireLease, isJobManager, jobRef, jobStatus, jobsFold, readClaimTip, runJob, submitJob, verifyJob, type InputSource,
} from '@gatos/compute';
import { readMessages } from '@gatos/mind';
import { makeLedgerFixture, type LedgerFixture } from '@gatos/testkit';

/** A clock the test moves by hand, starting at real time (ULIDs must not lie in the future). */
function manualClock(): Clock & { advance(ms: number): void } {
  let offset = 0;
  return { now: () => Date.now() + offset, advance: (ms) => { offset += ms; } };
}

const clock: Clock = { now: () => Date.now() };
let fx: LedgerFixture;
beforeAll(async () => {
  fx = await makeLedgerFixture(['user:alice', 'user:bob', 'user:carol']);
});
afterAll(async () => fx.cleanup());

const alice = (): LedgerFixture['signers'][string] => fx.signers['user:alice']!;
const bob = (): LedgerFixture['signers'][string] => fx.signers['user:bob']!;
const carol = (): LedgerFixture['signers'][string] => fx.signers['user:carol']!;
let serial = 0;
/** A distinct job each time (the id is the manifest's hash). */
const manifest = (command: string, timeout = 30): string => `command: [sh, -c, ${JSON.stringify(`${command} # ${serial++}`)}]\ntimeout: ${timeout}\n`;
const status = async (jobId: string) => (await jobStatus(fx.repo, jobId, { clock })).jobs[0]!;

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 400 && !(await check()); i++) await new Promise((r) => setTimeout(r, 25));
}

describe('the folded lifecycle', () => {
  it('folds enqueue, claim, start and result into succeeded, and the checkpoint verifies by replay', async () => {
    const job = await submitJob(fx.repo, manifest('echo hi'), alice(), { clock });
    expect(await status(job.jobId)).toMatchObject({ state: 'pending', refState: 'pending', inSync: true, submittedBy: 'user:alice', attempt: 0 });
    const run = await runJob(fx.repo, job.jobId, bob(), { clock });
    expect(await status(job.jobId)).toMatchObject({ state: 'succeeded', refState: 'succeeded', inSync: true, worker: 'user:bob', attempt: 1, result: run.commit });
    const types = fx.tmp.git('log', '--format=%s', 'refs/gatos/journal/jobs/user/bob').split('\n').reverse();
    expect(types.slice(-3)).toEqual(['jobs.claim', 'jobs.start', 'jobs.result']);
    const checkpoint = await foldCheckpoint(fx.repo, jobsFold());
    expect(checkpoint.ref).toBe('refs/gatos/state/jobs');
    const report = await verifyCheckpoint(fx.repo, checkpoint.commit);
    expect(report.verdict).toBe('verified');
    expect((await jobStatus(fx.repo, undefined, { clock })).fold).toMatchObject({ checkpoint: checkpoint.commit, upToDate: true, stateRoot: checkpoint.stateRoot });
  });

  it('ignores lifecycle events that break the rules: a result from someone who does not hold the claim', async () => {
    const job = await submitJob(fx.repo, manifest('echo x'), alice(), { clock });
    await claimJob(fx.repo, job.jobId, bob(), { clock });
    const before = (await jobStatus(fx.repo, undefined, { clock })).fold.rejected;
    // carol forges a result for bob's claimed job, and a second claim of the same attempt
    await appendEvents(fx.repo, 'jobs', carol(), [
      { type: 'jobs.result', payload: { job_id: job.jobId, attempt: 1, status: 'succeeded', result: 'f'.repeat(40), poe: 'blake3:00' } },
      { type: 'jobs.claim', payload: { job_id: job.jobId, attempt: 1, claim: 'e'.repeat(40), claim_ulid: '01J00000000000000000000000', lease_seconds: 60 } },
    ], { clock });
    const after = await jobStatus(fx.repo, job.jobId, { clock });
    expect(after.fold.rejected).toBe(before + 1); // the forged result; the claim is the first the fold sees (bob never journalled his)
    expect(after.jobs[0]).toMatchObject({ state: 'claimed', worker: 'user:carol', refState: 'claimed', workerId: formatPublicKey(bob().publicKey) });
  });
});

describe('cancel (jobs.abort)', () => {
  it('cancels a pending job: no one can claim or run it, and only a manager may cancel', async () => {
    const job = await submitJob(fx.repo, manifest('echo never'), alice(), { clock });
    await expect(abortJob(fx.repo, job.jobId, bob(), { clock })).rejects.toMatchObject({ code: 'JOB_NOT_AUTHORISED' });
    const aborted = await abortJob(fx.repo, job.jobId, alice(), { clock, reason: 'wrong input' });
    expect(await readClaimTip(fx.repo, job.jobId)).toMatchObject({ kind: 'abort', actor: 'user:alice', reason: 'wrong input', signatureValid: true, commit: aborted.commit });
    await expect(claimJob(fx.repo, job.jobId, bob(), { clock })).rejects.toMatchObject({ code: 'JOB_ABORTED' });
    await expect(runJob(fx.repo, job.jobId, bob(), { clock })).rejects.toMatchObject({ code: 'JOB_ABORTED' });
    await expect(abortJob(fx.repo, job.jobId, alice(), { clock })).rejects.toMatchObject({ code: 'JOB_ABORTED' });
    expect(await status(job.jobId)).toMatchObject({ state: 'aborted', refState: 'aborted', chain: 'abort', inSync: true });
  });

  it('stops a running job when it is cancelled: the process group is killed and no result is recorded', async () => {
    const job = await submitJob(fx.repo, manifest('sleep 60', 120), alice(), { clock });
    const running = runJob(fx.repo, job.jobId, bob(), { clock, watchMs: 50 }).catch((err: unknown) => err);
    await waitFor(async () => (await status(job.jobId)).state === 'running');
    await abortJob(fx.repo, job.jobId, alice(), { clock });
    expect(await running).toMatchObject({ code: 'JOB_ABORTED' });
    expect(await fx.repo.refs.read(jobRef(job.jobId, 'result'))).toBeNull();
    expect(await status(job.jobId)).toMatchObject({ state: 'aborted', refState: 'aborted' });
  });

  it('refuses to cancel a finished job', async () => {
    const job = await submitJob(fx.repo, manifest('true'), alice(), { clock });
    await runJob(fx.repo, job.jobId, bob(), { clock });
    await expect(abortJob(fx.repo, job.jobId, alice(), { clock })).rejects.toMatchObject({ code: 'JOB_ALREADY_FINISHED' });
  });
});

describe('stale claims and lease expiry', () => {
  it('lets a manager expire a claim only after its lease, re-announces the job, and the next attempt runs it', async () => {
    const time = manualClock();
    const job = await submitJob(fx.repo, manifest('echo retried > out.txt', 5), alice(), { clock: time });
    const first = await claimJob(fx.repo, job.jobId, bob(), { clock: time, leaseGraceSeconds: 10 });
    expect(first).toMatchObject({ attempt: 1, leaseSeconds: 15 });
    // bob "dies": his claim stays, visibly stale once the lease has passed
    await expect(expireLease(fx.repo, job.jobId, alice(), { clock: time })).rejects.toMatchObject({ code: 'JOB_LEASE_VALID' });
    time.advance(15_000);
    expect((await jobStatus(fx.repo, job.jobId, { clock: time })).jobs[0]).toMatchObject({ stale: true, chain: 'claim' });
    await expect(expireLease(fx.repo, job.jobId, carol(), { clock: time })).rejects.toMatchObject({ code: 'JOB_NOT_AUTHORISED' });
    const expiry = await expireLease(fx.repo, job.jobId, alice(), { clock: time, reason: 'worker lost' });
    expect(await readClaimTip(fx.repo, job.jobId)).toMatchObject({ kind: 'lease-expired', attempt: 1, actor: 'user:alice', signatureValid: true, commit: expiry.commit });
    const announced = (await readMessages(fx.repo, 'gatos.jobs.pending', 'lease-test')).messages.filter((m) => m.payload.job_id === job.jobId);
    expect(announced.map((m) => m.payload.attempt ?? 1)).toEqual([1, 2]);
    // bob comes back: his old claim is gone, so he can only take a new attempt like anyone else
    const run = await runJob(fx.repo, job.jobId, carol(), { clock: time });
    expect(run).toMatchObject({ attempt: 2 });
    expect(run.result.status).toBe('succeeded');
    const verdict = await verifyJob(fx.repo, job.jobId);
    expect(verdict.checks.filter((c) => !c.ok)).toEqual([]);
    expect((await jobStatus(fx.repo, job.jobId, { clock: time })).jobs[0]).toMatchObject({ state: 'succeeded', attempt: 2, worker: 'user:carol', inSync: true, stale: false });
  });

  it('never lets two owners record: an expired owner still running is stopped and its result refused', async () => {
    const time = manualClock();
    const job = await submitJob(fx.repo, manifest('sleep 30', 5), alice(), { clock: time });
    const running = runJob(fx.repo, job.jobId, bob(), { clock: time, leaseGraceSeconds: 1, watchMs: 50 }).catch((err: unknown) => err);
    await waitFor(async () => (await status(job.jobId)).state === 'running');
    time.advance(6_000);
    await expireLease(fx.repo, job.jobId, alice(), { clock: time });
    expect(await running).toMatchObject({ code: 'JOB_LEASE_EXPIRED' });
    expect(await fx.repo.refs.read(jobRef(job.jobId, 'result'))).toBeNull();
    expect(await status(job.jobId)).toMatchObject({ state: 'pending', chain: 'lease-expired' });
  });

  it('stops a job at its own lease deadline even if nobody expires it', async () => {
    const time = manualClock();
    const job = await submitJob(fx.repo, manifest('sleep 30', 5), alice(), { clock: time });
    const running = runJob(fx.repo, job.jobId, bob(), { clock: time, leaseGraceSeconds: 1, watchMs: 50 });
    await waitFor(async () => (await status(job.jobId)).state === 'running');
    time.advance(6_000);
    await expect(running).rejects.toMatchObject({ code: 'JOB_LEASE_EXPIRED' });
    expect(await fx.repo.refs.read(jobRef(job.jobId, 'result'))).toBeNull();
  });

  it('does not resume its own claim after the lease ran out, and journals nothing for it', async () => {
    const time = manualClock();
    const job = await submitJob(fx.repo, manifest('true', 5), alice(), { clock: time });
    await claimJob(fx.repo, job.jobId, bob(), { clock: time, leaseGraceSeconds: 1 });
    time.advance(7_000);
    const journal = 'refs/gatos/journal/jobs/user/bob';
    const before = await fx.repo.refs.read(journal);
    await expect(runJob(fx.repo, job.jobId, bob(), { clock: time })).rejects.toMatchObject({ code: 'JOB_LEASE_EXPIRED' });
    expect(await fx.repo.refs.read(journal)).toBe(before);
    expect((await jobStatus(fx.repo, job.jobId, { clock: time })).jobs[0]).toMatchObject({ stale: true });
  });

  it('decides managers from the submitter key and the @jobs-admins group', () => {
    const key = (a: string): string => formatPublicKey(fx.signers[a]!.publicKey);
    let trust = emptyTrustGraph();
    for (const a of ['user:alice', 'user:bob', 'user:carol']) trust = withActorKey(trust, a, key(a));
    trust = withGroup(trust, '@jobs-admins', ['user:carol']);
    expect(isJobManager(trust, key('user:alice'), 'user:alice', key('user:alice'))).toBe(true);
    expect(isJobManager(trust, key('user:alice'), 'user:carol', key('user:carol'))).toBe(true);
    expect(isJobManager(trust, key('user:alice'), 'user:bob', key('user:bob'))).toBe(false);
    // a key that is not the named actor's does not count, even the submitter's
    expect(isJobManager(trust, key('user:alice'), 'user:bob', key('user:alice'))).toBe(false);
  });
});

describe('inputs', () => {
  const bytes = new TextEncoder().encode('input data\n');
  const hash = `blake3:${blake3Hex(bytes)}`;
  const source = (map: Record<string, Uint8Array>): InputSource => ({ fetch: async (p) => map[p.hash] ?? null });

  it('materialises inputs at their path (default inputs/<hex>) before the run', async () => {
    const text = `command: [sh, -c, "cat data.txt inputs/${hash.slice(7)} > out.txt"]\ninputs:\n  - {kind: blobptr, algo: blake3, hash: "${hash}", size: ${bytes.length}, path: data.txt}\n  - {kind: blobptr, algo: blake3, hash: "${hash}"}\ntimeout: 10\noutputs: [out.txt]\n`;
    const job = await submitJob(fx.repo, text, alice(), { clock });
    await expect(runJob(fx.repo, job.jobId, bob(), { clock })).rejects.toMatchObject({ code: 'JOB_INPUTS_UNSUPPORTED' });
    const run = await runJob(fx.repo, job.jobId, bob(), { clock, inputSource: source({ [hash]: bytes }) });
    expect(run.result.status).toBe('succeeded');
    expect(fx.tmp.git('cat-file', '-p', `${run.ref}:outputs/out.txt`)).toBe('input data\ninput data');
  });

  it('records a failed result, without running, when an input is missing or does not match its pointer', async () => {
    for (const [name, map] of [['missing', {}], ['tampered', { [hash]: new TextEncoder().encode('other') }]] as const) {
      const job = await submitJob(fx.repo, `command: [touch, ran-${name}]\ninputs: [{kind: blobptr, algo: blake3, hash: "${hash}"}]\ntimeout: 10\noutputs: [ran-${name}]\n`, alice(), { clock });
      const run = await runJob(fx.repo, job.jobId, bob(), { clock, inputSource: source(map) });
      expect(run.result).toMatchObject({ status: 'failed', exit_code: null, outputs: [] });
      expect(run.result.spawn_error).toMatch(name === 'missing' ? /input unavailable: inputs\[0\].*not available/ : /do not hash to the pointer/);
    }
  });

  it('refuses input paths that leave the work directory or collide', async () => {
    for (const path of ['../x', '/etc/passwd', 'a/../../b', '']) {
      await expect(submitJob(fx.repo, `command: ["true"]\ninputs: [{kind: blobptr, algo: blake3, hash: "${hash}", path: ${JSON.stringify(path)}}]\ntimeout: 5\n`, alice(), { clock }))
        .rejects.toMatchObject({ code: 'JOB_BAD_MANIFEST' });
    }
    await expect(submitJob(fx.repo, `command: ["true"]\ninputs: [{kind: blobptr, algo: blake3, hash: "${hash}", path: a}, {kind: blobptr, algo: blake3, hash: "${hash}", path: a}]\ntimeout: 5\n`, alice(), { clock }))
      .rejects.toMatchObject({ code: 'JOB_BAD_MANIFEST' });
  });
});
