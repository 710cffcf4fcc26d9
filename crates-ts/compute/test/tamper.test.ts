import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCommit, encodeCommit, hashObject, readTreeFiles, treeFromFiles, type Clock } from '@gatos/core';
import { jobRef, runJob, submitJob, verifyJob, type JobCheckName } from '@gatos/compute';
import { makeLedgerFixture, type LedgerFixture } from '@gatos/testkit';

const clock: Clock = { now: () => Date.now() };
let fx: LedgerFixture;
let jobId: string;
let original: string;

beforeAll(async () => {
  fx = await makeLedgerFixture(['user:alice', 'user:bob']);
  const job = await submitJob(fx.repo, 'command: [sh, -c, "echo hello > out.txt"]\ntimeout: 5\noutputs: [out.txt]\n', fx.signers['user:alice']!, { clock });
  jobId = job.jobId;
  original = (await runJob(fx.repo, jobId, fx.signers['user:bob']!, { clock })).commit;
});
afterAll(async () => fx.cleanup());

/** Replaces the result with a copy whose tree (or message) was edited, keeping its parent. */
async function tamper(edit: (files: Map<string, Uint8Array>) => void, message?: (m: string) => string): Promise<JobCheckName[]> {
  const ref = jobRef(jobId, 'result');
  const commit = decodeCommit((await fx.repo.objects.read(original)).body);
  const files = await readTreeFiles(fx.repo.objects, commit.tree);
  edit(files);
  const tree = treeFromFiles(files);
  const body = encodeCommit({ ...commit, tree: tree.root, message: message ? message(commit.message) : commit.message });
  await fx.repo.objects.write([...tree.objects, { type: 'commit', body }]);
  await fx.repo.refs.compareAndSwap(ref, await fx.repo.refs.read(ref), hashObject('commit', body));
  const verdict = await verifyJob(fx.repo, jobId);
  await fx.repo.refs.compareAndSwap(ref, await fx.repo.refs.read(ref), original);
  expect(verdict.ok).toBe(false);
  return verdict.checks.filter((c) => !c.ok).map((c) => c.name);
}

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('job verify on a tampered result', () => {
  it('passes on the untouched result', async () => {
    expect((await verifyJob(fx.repo, jobId)).ok).toBe(true);
  });

  it('fails poe-digest and poe-signature when poe.json is edited', async () => {
    const failed = await tamper((f) => f.set('poe.json', enc(new TextDecoder().decode(f.get('poe.json')).replace('"linux', '"evil'))));
    expect(failed).toEqual(expect.arrayContaining(['poe-digest', 'poe-signature']));
  });

  it('fails poe-signature when the signature is wrong', async () => {
    expect(await tamper((f) => f.set('poe.sig', enc(`ed25519:${'ab'.repeat(64)}`)))).toEqual(['poe-signature']);
  });

  it('fails outputs when an output blob is swapped', async () => {
    expect(await tamper((f) => f.set('outputs/out.txt', enc('goodbye\n')))).toEqual(['outputs']);
  });

  it('fails claimant and poe-signature when another worker is named', async () => {
    const mallory = `ed25519:${'11'.repeat(32)}`;
    const failed = await tamper(() => undefined, (m) => m.replace(/Worker-Id: \S+/, `Worker-Id: ${mallory}`));
    expect(failed).toEqual(expect.arrayContaining(['claimant', 'poe-signature']));
  });
});
