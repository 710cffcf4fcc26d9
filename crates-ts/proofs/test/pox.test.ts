/**
 * Proof-of-Experiment end to end: the examples/pox-research script (create -> verify -> reproduce),
 * then verify/reproduce against a non-deterministic job, tampered envelopes, signatures, linked PoE
 * and PoF, an untrusted signer, and hostile ids. The CLI runs from the built dist.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  blake3, decodeCommit, encodeCommit, formatSignature, hashObject, initHashes, publicKeyFromSeed, readTreeFiles,
  signBytes, treeFromFiles, type Oid,
} from '@gatos/core';
import { openRepository, type Repository } from '@gatos/git';
import { checkoutRoot, makeTempDir, runCli, type CliResult } from '@gatos/testkit';
import { createPox, decodePox, encodePox, poxDigestBytes, reproducePox, verifyPox, type PoxVerdict, type Reproduction } from '../src/index.js';

let work: { dir: string; cleanup(): void };
let repoDir: string;
let home: string;
let pox: string;
let exampleRun: { status: number | null; stdout: string; stderr: string };

const gatos = (args: readonly string[], cwd = repoDir): CliResult => runCli(args, { cwd, env: { GATOS_HOME: home } });
const git = (args: readonly string[], cwd = repoDir): string => {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};
const json = <T>(r: CliResult): T => JSON.parse(r.stdout) as T;
const failed = (v: PoxVerdict): string[] => v.checks.filter((c) => !c.ok).map((c) => c.name);

/** A copy of the example repository to damage; returns its path. */
let copies = 0;
function copyRepo(): string {
  const dir = join(work.dir, `copy-${++copies}`);
  cpSync(repoDir, dir, { recursive: true });
  return dir;
}

async function withRepo<T>(dir: string, body: (repo: Repository) => Promise<T>): Promise<T> {
  const repo = await openRepository(dir);
  try {
    return await body(repo);
  } finally {
    await repo.close();
  }
}

/** Rewrites one commit (same parents) with changed files/message and moves `ref` to it. */
async function rewrite(repo: Repository, ref: string, change: (files: Map<string, Uint8Array>, message: string) => string | void): Promise<Oid> {
  const old = (await repo.refs.read(ref))!;
  const commit = decodeCommit((await repo.objects.read(old)).body);
  const files = await readTreeFiles(repo.objects, commit.tree);
  const message = change(files, commit.message) ?? commit.message;
  const tree = treeFromFiles(files);
  const body = encodeCommit({ tree: tree.root, parents: commit.parents, author: commit.author, committer: commit.committer, message });
  await repo.objects.write([...tree.objects, { type: 'commit', body }]);
  const next = hashObject('commit', body);
  await repo.refs.compareAndSwap(ref, old, next);
  return next;
}

const poxRef = (): string => `refs/gatos/audit/proofs/experiments/${pox}`;

beforeAll(async () => {
  await initHashes();
  work = makeTempDir('gatos-pox-test-');
  const example = join(work.dir, 'example');
  mkdirSync(example);
  const r = spawnSync('bash', [join(checkoutRoot, 'examples/pox-research/run.sh')], { env: { ...process.env, WORK: example, KEEP: '1' }, encoding: 'utf8' });
  exampleRun = { status: r.status, stdout: r.stdout, stderr: r.stderr };
  repoDir = join(example, 'repo');
  home = join(example, 'gatos-home');
  pox = /^POX=(\S+)$/m.exec(r.stdout)?.[1] ?? '';
});

afterAll(() => work?.cleanup());

describe('examples/pox-research', () => {
  it('runs create -> verify -> reproduce end to end and reproduces identically', () => {
    expect(exampleRun.status, exampleRun.stderr).toBe(0);
    expect(exampleRun.stdout).toMatch(/^verified \S+ \(blake3:[0-9a-f]{64}\)$/m);
    expect(exampleRun.stdout).toMatch(/^identical: 2 job\(s\), 2 output\(s\), 1 fold\(s\)/m);
    expect(pox).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  });

  it('verify --json passes every named check, and the PoX commit links the proofs as parents', () => {
    const r = gatos(['pox', 'verify', pox, '--json']);
    expect(r.code).toBe(0);
    const v = json<PoxVerdict>(r);
    expect(v.ok).toBe(true);
    const names = v.checks.map((c) => c.name);
    for (const n of ['envelope', 'digest', 'signature', 'signer-trusted', 'policy', 'links', 'program-id', 'inputs-root', 'outputs-root']) expect(names).toContain(n);
    expect(names.filter((n) => n.startsWith('poe:'))).toHaveLength(2);
    expect(names.filter((n) => n.startsWith('pof:'))).toHaveLength(1);
    expect(git(['rev-list', '--parents', '-n', '1', poxRef()]).trim().split(' ')).toHaveLength(4);
  });

  it('create is deterministic: the same experiment gives the same ULID and commit (a no-op)', () => {
    const env = decodePoxAt(repoDir);
    const jobs = JSON.parse(git(['show', `${poxRef()}:experiment.json`])).jobs.map((j: { job_id: string }) => j.job_id) as string[];
    const r = gatos(['pox', 'create', '--program', ...jobs, '--state', 'research', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = json<{ ulid: string; created: boolean; commit: string }>(r);
    expect(out).toMatchObject({ ulid: pox, created: false, commit: git(['rev-parse', poxRef()]).trim() });
    expect(env.ulid).toBe(pox);
  });

  it('reproduce --json reports identical, with progress on stderr and no new refs', () => {
    const before = git(['for-each-ref']);
    const r = gatos(['reproduce', pox, '--json']);
    expect(r.code).toBe(0);
    const rep = json<Reproduction>(r);
    expect(rep.outcome).toBe('identical');
    expect(rep.divergences).toEqual([]);
    expect(rep.jobs.flatMap((j) => j.outputs).every((o) => o.identical && o.recorded === o.reproduced)).toBe(true);
    expect(rep.folds).toEqual([expect.objectContaining({ ns: 'research', verdict: 'verified' })]);
    expect(r.stderr).toMatch(/re-running job blake3:/);
    expect(r.stderr).toMatch(/refolding research/);
    expect(git(['for-each-ref'])).toBe(before);
  });
});

function decodePoxAt(dir: string) {
  const bytes = spawnSync('git', ['cat-file', 'blob', `${poxRef()}:pox.cbor`], { cwd: dir }).stdout as Buffer;
  return decodePox(new Uint8Array(bytes));
}

describe('library', () => {
  it('verifyPox agrees with the CLI; createPox refuses inputs that are not the jobs\' inputs', async () => {
    await withRepo(repoDir, async (repo) => {
      expect((await verifyPox(repo, pox)).ok).toBe(true);
      const jobs = JSON.parse(git(['show', `${poxRef()}:experiment.json`])).jobs.map((j: { job_id: string }) => j.job_id) as string[];
      const signer = { actor: 'user:x', publicKey: publicKeyFromSeed(blake3(new Uint8Array([1]))), sign: (m: Uint8Array) => signBytes(blake3(new Uint8Array([1])), m) };
      await expect(createPox(repo, signer, { jobs, inputs: [`blake3:${'0'.repeat(64)}`] })).rejects.toMatchObject({ code: 'POX_INPUTS_MISMATCH' });
      await expect(createPox(repo, signer, { jobs, outputs: [`blake3:${'0'.repeat(64)}`] })).rejects.toMatchObject({ code: 'POX_BAD_ARGUMENT' });
      await expect(createPox(repo, signer, { jobs: [] })).rejects.toMatchObject({ code: 'POX_BAD_ARGUMENT' });
    });
  });

  it('reproducePox reports an input the blob store cannot give as a divergence of that job', async () => {
    await withRepo(repoDir, async (repo) => {
      const lines: string[] = [];
      const r = await reproducePox(repo, pox, { inputSource: { fetch: async () => null }, onProgress: (l) => lines.push(l) });
      expect(r.outcome).toBe('diverged');
      const ana = r.divergences.find((d) => d.step === 'job-run');
      expect(ana).toMatchObject({ step: 'job-run', detail: expect.stringMatching(/input unavailable: inputs\[0\] \(blake3:[0-9a-f]{64}\): not available/) });
      expect(lines.length).toBeGreaterThanOrEqual(3);
    });
  });
});

describe('non-deterministic job', () => {
  it('reproduce exits 1 naming the job, the output path and both digests', () => {
    const manifest = join(work.dir, 'noisy.yaml');
    writeFileSync(manifest, 'command: [sh, -c, "date +%N > noise.txt; head -c 16 /dev/urandom >> noise.txt; echo stable > stable.txt"]\ntimeout: 30s\noutputs: [stable.txt, noise.txt]\n');
    const job = gatos(['job', 'submit', manifest]).stdout.trim();
    expect(gatos(['worker', '--once']).code).toBe(0);
    const created = gatos(['pox', 'create', '--program', job, '--json']);
    expect(created.code, created.stderr).toBe(0);
    const id = json<{ ulid: string }>(created).ulid;
    expect(gatos(['pox', 'verify', id]).code).toBe(0);

    const r = gatos(['reproduce', id, '--json']);
    expect(r.code).toBe(1);
    const rep = json<Reproduction>(r);
    expect(rep.outcome).toBe('diverged');
    expect(rep.divergences).toHaveLength(1);
    const d = rep.divergences[0]!;
    expect(d).toMatchObject({ step: 'job', job_id: job, path: 'noise.txt', recorded: expect.stringMatching(/^blake3:[0-9a-f]{64}$/), reproduced: expect.stringMatching(/^blake3:[0-9a-f]{64}$/) });
    if (d.step === 'job') expect(d.recorded).not.toBe(d.reproduced);
    expect(rep.jobs[0]!.outputs.find((o) => o.path === 'stable.txt')!.identical).toBe(true);

    const text = gatos(['reproduce', id]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(`DIVERGED job ${job} output noise.txt`);
    expect(text.stdout).toMatch(/recorded +blake3:[0-9a-f]{64}\n +reproduced blake3:[0-9a-f]{64}/);
  });
});

describe('a fold that does not replay', () => {
  it('verifies (no re-run) but reproduce names the checkpoint, the check and both State-Roots', async () => {
    const dir = copyRepo();
    const cp = git(['rev-parse', 'refs/gatos/state/research'], dir).trim();
    const fake = `blake3:${'f'.repeat(64)}`;
    const forged = await withRepo(dir, async (repo) => {
      const c = decodeCommit((await repo.objects.read(cp)).body);
      const files = await readTreeFiles(repo.objects, c.tree);
      const { decodePof, encodePof, pofDigest } = await import('@gatos/echo');
      const original = files.get('pof.cbor')!;
      const pof = decodePof(original);
      const bytes = encodePof({ ...pof, state_root: fake });
      files.set('pof.cbor', bytes);
      const oldDigest = pofDigest(original);
      const message = c.message.replace(pof.state_root, fake).replace(oldDigest, pofDigest(bytes));
      const tree = treeFromFiles(files);
      const body = encodeCommit({ ...c, tree: tree.root, message });
      await repo.objects.write([...tree.objects, { type: 'commit', body }]);
      return { oid: hashObject('commit', body), recorded: pof.state_root };
    });
    const exp = JSON.parse(git(['show', `${poxRef()}:experiment.json`], dir)) as { jobs: Array<{ job_id: string }> };
    const created = gatos(['pox', 'create', '--program', ...exp.jobs.map((j) => j.job_id), '--state', forged.oid, '--json'], dir);
    expect(created.code, created.stderr).toBe(0);
    const id = json<{ ulid: string }>(created).ulid;
    expect(gatos(['pox', 'verify', id], dir).code).toBe(0);
    const r = gatos(['reproduce', id, '--json'], dir);
    expect(r.code).toBe(1);
    const rep = json<Reproduction>(r);
    expect(rep.outcome).toBe('diverged');
    expect(rep.divergences).toContainEqual(expect.objectContaining({ step: 'fold', checkpoint: forged.oid, ns: 'research', check: 'replay.state-root', recorded: fake, reproduced: forged.recorded }));
    expect(rep.divergences.every((d) => d.step === 'fold')).toBe(true);
    expect(gatos(['reproduce', id], dir).stdout).toContain(`DIVERGED fold research checkpoint ${forged.oid} replay.state-root`);
  });
});

describe('tampering fails verify, naming the check', () => {
  const verifyIn = (dir: string): { code: number; v: PoxVerdict; stderr: string } => {
    const r = gatos(['pox', 'verify', pox, '--json'], dir);
    return { code: r.code, v: json<PoxVerdict>(r), stderr: r.stderr };
  };

  it('an edited envelope field breaks the digest and the signature', async () => {
    const dir = copyRepo();
    await withRepo(dir, (repo) => rewrite(repo, poxRef(), (files) => {
      const env = decodePox(files.get('pox.cbor')!);
      files.set('pox.cbor', encodePox({ ...env, outputs_root: `blake3:${'e'.repeat(64)}` }));
    }));
    const { code, v } = verifyIn(dir);
    expect(code).toBe(1);
    expect(failed(v)).toEqual(expect.arrayContaining(['digest', 'signature', 'outputs-root']));
    expect(failed(v)).not.toContain('envelope');
    expect(gatos(['reproduce', pox, '--json'], dir).code).toBe(1);
    expect(json<Reproduction>(gatos(['reproduce', pox, '--json'], dir)).outcome).toBe('unverified');
  });

  it('a signature by another key over the same digest fails only the signature', async () => {
    const dir = copyRepo();
    await withRepo(dir, (repo) => rewrite(repo, poxRef(), (files) => {
      const env = decodePox(files.get('pox.cbor')!);
      const other = blake3(new TextEncoder().encode('someone else'));
      files.set('pox.cbor', encodePox({ ...env, sig: formatSignature(signBytes(other, poxDigestBytes(env))) }));
    }));
    const { code, v } = verifyIn(dir);
    expect(code).toBe(1);
    expect(failed(v)).toEqual(['signature']);
  });

  it('malformed CBOR at the ref is a failed envelope check, not a crash', async () => {
    const dir = copyRepo();
    await withRepo(dir, (repo) => rewrite(repo, poxRef(), (files) => {
      files.set('pox.cbor', new Uint8Array([0xbf, 0x61, 0x61, 0x01, 0xff]));
    }));
    const { code, v, stderr } = verifyIn(dir);
    expect(code).toBe(1);
    expect(failed(v)).toEqual(['envelope']);
    expect(v.checks[0]!.detail).toMatch(/pox\.cbor: not canonical DAG-CBOR/);
    expect(stderr).not.toMatch(/at .*\.js/);
  });

  it('a ref that holds a blob instead of a commit is a failed envelope check', () => {
    const dir = copyRepo();
    const blob = spawnSync('git', ['hash-object', '-w', '--stdin'], { cwd: dir, input: 'not a pox', encoding: 'utf8' }).stdout.trim();
    git(['update-ref', poxRef(), blob], dir);
    const { code, v } = verifyIn(dir);
    expect(code).toBe(1);
    expect(v.checks).toEqual([expect.objectContaining({ name: 'envelope', ok: false, detail: expect.stringMatching(/not a commit/) })]);
  });

  it('an edited result commit (linked PoE) fails that job\'s poe check', async () => {
    const dir = copyRepo();
    const exp = JSON.parse(git(['show', `${poxRef()}:experiment.json`], dir)) as { jobs: Array<{ job_id: string }> };
    const job = exp.jobs[0]!.job_id;
    await withRepo(dir, (repo) => rewrite(repo, `refs/gatos/jobs/${job.slice(7)}/result`, (files) => {
      const poe = JSON.parse(new TextDecoder().decode(files.get('poe.json')!)) as Record<string, unknown>;
      files.set('poe.json', new TextEncoder().encode(JSON.stringify({ ...poe, finished_at: '2000-01-01T00:00:00Z' })));
    }));
    const { code, v } = verifyIn(dir);
    expect(code).toBe(1);
    expect(failed(v)).toContain(`poe:${job}`);
    expect(v.checks.find((c) => c.name === `poe:${job}`)!.detail).toMatch(/does not verify|differs/);
    expect(failed(v)).not.toContain('signature');
  });

  it('a forged checkpoint (linked PoF) fails its pof check and the links', async () => {
    const dir = copyRepo();
    const cp = git(['rev-parse', 'refs/gatos/state/research'], dir).trim();
    const forged = await withRepo(dir, async (repo) => {
      const c = decodeCommit((await repo.objects.read(cp)).body);
      const files = await readTreeFiles(repo.objects, c.tree);
      const pofBytes = files.get('pof.cbor')!;
      const { decodePof, encodePof } = await import('@gatos/echo');
      files.set('pof.cbor', encodePof({ ...decodePof(pofBytes), state_root: `blake3:${'f'.repeat(64)}` }));
      const tree = treeFromFiles(files);
      const body = encodeCommit({ ...c, tree: tree.root });
      await repo.objects.write([...tree.objects, { type: 'commit', body }]);
      const oid = hashObject('commit', body);
      await rewrite(repo, poxRef(), (pf) => {
        const e = JSON.parse(new TextDecoder().decode(pf.get('experiment.json')!)) as { checkpoints: Array<{ commit: string }> };
        e.checkpoints[0]!.commit = oid;
        pf.set('experiment.json', new TextEncoder().encode(JSON.stringify(e)));
      });
      return oid;
    });
    const { code, v } = verifyIn(dir);
    expect(code).toBe(1);
    expect(failed(v)).toEqual(expect.arrayContaining([`pof:${forged}`, 'links']));
    expect(v.checks.find((c) => c.name === `pof:${forged}`)!.detail).toMatch(/Proof-Of-Fold/);
  });

  it('a PoX signed by a key the active policy does not trust fails signer-trusted', () => {
    const dir = copyRepo();
    expect(gatos(['key', 'new', '--actor', 'user:mallory'], dir).code).toBe(0);
    const exp = JSON.parse(git(['show', `${poxRef()}:experiment.json`], dir)) as { jobs: Array<{ job_id: string }> };
    const r = gatos(['pox', 'create', '--actor', 'user:mallory', '--program', exp.jobs[0]!.job_id, '--json'], dir);
    expect(r.code, r.stderr).toBe(0);
    const id = json<{ ulid: string }>(r).ulid;
    const v = json<PoxVerdict>(gatos(['pox', 'verify', id, '--json'], dir));
    expect(failed(v)).toEqual(['signer-trusted']);
    expect(v.checks.find((c) => c.name === 'signer-trusted')!.detail).toMatch(/not a key of any actor/);
  });
});

describe('gated remote', () => {
  it('accepts the new PoX ref (a create) and refuses rewriting or deleting it', () => {
    const remote = join(work.dir, 'remote.git');
    git(['init', '-q', '--bare', remote], work.dir);
    const installed = gatos(['hook', 'install', remote, '--trust-from', repoDir]);
    expect(installed.code, installed.stderr).toBe(0);
    const push = spawnSync('git', ['push', remote, 'refs/gatos/*:refs/gatos/*'], { cwd: repoDir, encoding: 'utf8', env: { ...process.env, GATOS_HOME: home } });
    expect(push.status, push.stderr).toBe(0);
    expect(git(['ls-remote', remote, poxRef()])).toContain(poxRef());
    const tree = git(['rev-parse', `${poxRef()}^{tree}`]).trim();
    const forged = spawnSync('git', ['commit-tree', tree], { cwd: repoDir, input: 'forged', encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 'x', GIT_AUTHOR_EMAIL: 'x@x', GIT_COMMITTER_NAME: 'x', GIT_COMMITTER_EMAIL: 'x@x' } }).stdout.trim();
    const rewrite = spawnSync('git', ['push', remote, `+${forged}:${poxRef()}`], { cwd: repoDir, encoding: 'utf8' });
    expect(rewrite.status).not.toBe(0);
    expect(rewrite.stderr).toMatch(/gatos\.ref\.fast-forward/);
    const del = spawnSync('git', ['push', remote, `:${poxRef()}`], { cwd: repoDir, encoding: 'utf8' });
    expect(del.stderr).toMatch(/gatos\.ref\.no-delete/);
  });
});

describe('hostile and wrong usage', () => {
  it('an unknown or malformed PoX id exits 2 with one error line', () => {
    const unknown = gatos(['pox', 'verify', '01ARZ3NDEKTSV4RRFFQ69G5FAV']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^error: no PoX 01ARZ3NDEKTSV4RRFFQ69G5FAV .*\[POX_NOT_FOUND\]\n$/);
    const bad = gatos(['reproduce', '../../etc/passwd']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/\[POX_BAD_ID\]/);
    expect(gatos(['reproduce', '01ARZ3NDEKTSV4RRFFQ69G5FAV']).code).toBe(2);
  });

  it('create refuses a job without a result, inputs that are not the jobs\' inputs, and an unknown state', () => {
    const manifest = join(work.dir, 'pending.yaml');
    writeFileSync(manifest, 'command: [/bin/true]\nargs: [pending]\ntimeout: 5s\n');
    const job = gatos(['job', 'submit', manifest]).stdout.trim();
    const pending = gatos(['pox', 'create', '--program', job]);
    expect(pending.code).toBe(2);
    expect(pending.stderr).toMatch(/has no result yet .*\[POX_JOB_NOT_READY\]/);
    const exp = JSON.parse(git(['show', `${poxRef()}:experiment.json`])) as { jobs: Array<{ job_id: string }>; inputs: string[] };
    const mismatch = gatos(['pox', 'create', '--program', ...exp.jobs.map((j) => j.job_id), '--inputs', `blake3:${'1'.repeat(64)}`]);
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toMatch(/missing blake3:[0-9a-f]{64}; not an input of any job: blake3:1{64} \[POX_INPUTS_MISMATCH\]/);
    expect(gatos(['pox', 'create', '--program', exp.jobs[0]!.job_id, '--state', 'nosuchstate']).code).toBe(2);
    expect(gatos(['pox', 'create', '--program', 'blake3:zz']).code).toBe(2);
  });
});
