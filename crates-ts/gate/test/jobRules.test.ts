import { afterEach, describe, expect, it } from 'vitest';
import { ZERO_OID, newUlid, type Clock, type Oid, type Signer } from '@gatos/core';
import { buildClaimRecord, buildResult, buildSignedRecord, jobRef, runnerIdentity, submitJob } from '@gatos/compute';
import { makeLedgerFixture, type LedgerFixture } from '@gatos/testkit';
import { evaluatePush, type PushUpdate } from '../src/index.js';

let fx: LedgerFixture;
afterEach(async () => fx?.cleanup());

const T0 = Date.now();
const at = (ms: number): Clock => ({ now: () => T0 + ms });
const create = (ref: string, oid: Oid): PushUpdate => ({ ref, old: ZERO_OID, new: oid });
const move = (ref: string, old: Oid, oid: Oid): PushUpdate => ({ ref, old, new: oid });
const signer = (actor: string): Signer => fx.signers[actor]!;

async function denials(updates: PushUpdate[], clock: Clock): Promise<string[]> {
  const { violations } = await evaluatePush(fx.repo, updates, { clock });
  return violations.map((v) => `${v.rule} ${v.ref.replace(/^refs\/gatos\/jobs\/[0-9a-f]{64}\//, '')}`);
}

/** A submitted job (timeout 10 s) whose claim chain the test builds by hand, as a pusher would. */
async function job(): Promise<{ jobId: string; commit: Oid }> {
  const submitted = await submitJob(fx.repo, `command: ["true"]\ntimeout: 10\nargs: ["${Math.random()}"]\n`, signer('user:alice'), { clock: at(0) });
  return { jobId: submitted.jobId, commit: submitted.commit };
}

async function claim(j: { jobId: string }, parent: Oid, worker: string, attempt: number, ms = 0): Promise<Oid> {
  const built = buildClaimRecord({ jobId: j.jobId, parent, worker: signer(worker), ulid: newUlid(T0 + ms), attempt, leaseSeconds: 20, timeMs: T0 + ms });
  await fx.repo.objects.write(built.objects);
  return built.oid;
}

async function record(kind: 'abort' | 'lease-expired', j: { jobId: string }, parent: Oid, by: string, ms: number, attempt = 1): Promise<Oid> {
  const built = buildSignedRecord({ kind, jobId: j.jobId, parent, signer: signer(by), ulid: newUlid(T0 + ms), reason: 'test', timeMs: T0 + ms, attempt, claim: parent });
  await fx.repo.objects.write(built.objects);
  return built.oid;
}

async function result(j: { jobId: string }, claimCommit: Oid, worker: string): Promise<Oid> {
  const empty = { bytes: new Uint8Array(0), truncated: false };
  const built = buildResult({
    jobId: j.jobId, claimCommit, runner: runnerIdentity(), manifest: { command: ['true'], args: [], timeout: 10 }, startedMs: T0, finishedMs: T0 + 1000, outputs: [],
    execution: { exitCode: 0, signal: null, timedOut: false, spawnError: null, stdout: empty, stderr: empty },
  }, signer(worker));
  await fx.repo.objects.write(built.objects);
  return built.oid;
}

describe('gate: job claim chains and results (ADR-0017)', () => {
  it('accepts a first claim on the job and a result from the claimant within the lease', async () => {
    fx = await makeLedgerFixture(['user:alice', 'user:bob', 'user:carol']);
    const j = await job();
    const c = await claim(j, j.commit, 'user:bob', 1);
    expect(await denials([create(jobRef(j.jobId, 'claim'), c)], at(1000))).toEqual([]);
    await fx.repo.refs.compareAndSwap(jobRef(j.jobId, 'claim'), null, c);
    expect(await denials([create(jobRef(j.jobId, 'result'), await result(j, c, 'user:bob'))], at(5000))).toEqual([]);
  });

  it('refuses a second claim on a live claim, a wrong attempt, a claim for another job, and a non-record', async () => {
    fx = await makeLedgerFixture(['user:alice', 'user:bob', 'user:carol']);
    const j = await job();
    const other = await job();
    const ref = jobRef(j.jobId, 'claim');
    expect(await denials([create(ref, await claim(j, j.commit, 'user:bob', 2))], at(0))).toEqual(['gatos.jobs.claim-chain claim']);
    expect(await denials([create(ref, await claim(other, j.commit, 'user:bob', 1))], at(0))).toEqual(['gatos.jobs.claim-chain claim']);
    const first = await claim(j, j.commit, 'user:bob', 1);
    await fx.repo.refs.compareAndSwap(ref, null, first);
    expect(await denials([move(ref, first, await claim(j, first, 'user:carol', 2))], at(1000))).toEqual(['gatos.jobs.claim-chain claim']);
    expect(await denials([move(ref, first, await claim(j, j.commit, 'user:carol', 1))], at(1000))).toEqual(['gatos.ref.fast-forward claim']);
    expect(await denials([create(jobRef(other.jobId, 'claim'), await claim(other, other.commit, 'user:bob', 1, 10 * 60_000))], at(0))).toEqual(['gatos.jobs.claim-chain claim']);
  });

  it('accepts a lease expiry only after the deadline by the gate clock, only from a manager, then the next attempt', async () => {
    fx = await makeLedgerFixture(['user:alice', 'user:bob', 'user:carol']);
    const j = await job();
    const ref = jobRef(j.jobId, 'claim');
    const first = await claim(j, j.commit, 'user:bob', 1);
    await fx.repo.refs.compareAndSwap(ref, null, first);
    const early = await record('lease-expired', j, first, 'user:alice', 19_000);
    expect(await denials([move(ref, first, early)], at(19_000))).toEqual(['gatos.jobs.claim-chain claim']); // the lease is 20 s
    const byCarol = await record('lease-expired', j, first, 'user:carol', 31_000);
    expect(await denials([move(ref, first, byCarol)], at(31_000))).toEqual(['gatos.jobs.claim-chain claim']);
    const expiry = await record('lease-expired', j, first, 'user:alice', 31_000);
    const second = await claim(j, expiry, 'user:carol', 2, 32_000);
    // an expiry signed late enough is still refused while the gate's own clock is before the deadline
    expect(await denials([move(ref, first, expiry)], at(19_000))).toEqual(['gatos.jobs.claim-chain claim']);
    // the expiry and the next claim may arrive in one push
    expect(await denials([move(ref, first, second)], at(32_000))).toEqual([]);
    await fx.repo.refs.compareAndSwap(ref, first, second);
    // the expired worker's late result is refused: not on the current claim
    expect(await denials([create(jobRef(j.jobId, 'result'), await result(j, first, 'user:bob'))], at(33_000))).toEqual(['gatos.jobs.result result']);
    expect(await denials([create(jobRef(j.jobId, 'result'), await result(j, second, 'user:carol'))], at(33_000))).toEqual([]);
  });

  it('refuses a result after the lease, from another key, and any expiry or cancel once a result exists', async () => {
    fx = await makeLedgerFixture(['user:alice', 'user:bob', 'user:carol']);
    const j = await job();
    const ref = jobRef(j.jobId, 'claim');
    const c = await claim(j, j.commit, 'user:bob', 1);
    await fx.repo.refs.compareAndSwap(ref, null, c);
    const good = await result(j, c, 'user:bob');
    expect(await denials([create(jobRef(j.jobId, 'result'), good)], at(30_000))).toEqual(['gatos.jobs.result result']);
    expect(await denials([create(jobRef(j.jobId, 'result'), await result(j, c, 'user:carol'))], at(1000))).toEqual(['gatos.jobs.result result']);
    const [blob] = await fx.repo.objects.write([{ type: 'blob', body: new TextEncoder().encode('not a result') }]);
    expect(await denials([create(jobRef(j.jobId, 'result'), blob!), create(jobRef(j.jobId, 'claim'), blob!)], at(1000))).toEqual(['gatos.jobs.result result', 'gatos.jobs.claim-chain claim']);
    await fx.repo.refs.compareAndSwap(jobRef(j.jobId, 'result'), null, good);
    expect(await denials([move(ref, c, await record('abort', j, c, 'user:alice', 2000))], at(2000))).toEqual(['gatos.jobs.claim-chain claim']);
    expect(await denials([move(ref, c, await record('lease-expired', j, c, 'user:alice', 31_000))], at(31_000))).toEqual(['gatos.jobs.claim-chain claim']);
  });

  it('accepts a cancel by the submitter, refuses one by anyone else and anything after a cancel', async () => {
    fx = await makeLedgerFixture(['user:alice', 'user:bob', 'user:carol']);
    const j = await job();
    const ref = jobRef(j.jobId, 'claim');
    expect(await denials([create(ref, await record('abort', j, j.commit, 'user:bob', 0))], at(0))).toEqual(['gatos.jobs.claim-chain claim']);
    const abort = await record('abort', j, j.commit, 'user:alice', 0);
    expect(await denials([create(ref, abort)], at(0))).toEqual([]);
    await fx.repo.refs.compareAndSwap(ref, null, abort);
    expect(await denials([move(ref, abort, await claim(j, abort, 'user:bob', 1))], at(0))).toEqual(['gatos.jobs.claim-chain claim']);
  });
});
