// bench/jobs: end-to-end jobs/s of `git gatos worker --once` (the built CLI) over N trivial jobs
// (`sh -c "echo <i> > out.txt"`, one declared output): claim, run, record the signed result and
// PoE, acknowledge. Once with one worker, once on a fresh copy of the same repository with two worker
// processes (two trusted keys) racing on local compare-and-swap claims. Both beside a baseline measured
// in the same run: spawning the same command N times, one after the other, from Node. Submission goes
// through the library before any clock starts (its rate is printed, not part of the figures).
// Afterwards every job must have run exactly once, have exactly one result, and verify.
import { spawn } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { initHashes, systemClock } from '../crates-ts/core/dist/index.js';
import { openRepository } from '../crates-ts/git/dist/index.js';
import { loadSigner } from '../crates-ts/keys/dist/index.js';
import { submitJob, verifyJob } from '../crates-ts/compute/dist/index.js';
import { cli, env, gatos, git, initRepo, printJsonLines, report, scratch, time } from './lib.mjs';

const N = Number(process.env.BENCH_JOBS ?? 200);
const script = (i) => `echo ${i} > out.txt`;
const manifest = (i) => `command: [sh, -c, "${script(i)}"]\ntimeout: 30\noutputs: [out.txt]\n`;

/** Runs the built CLI without blocking (two workers run at once); rejects on a non-zero exit. */
function gatosAsync(cwd, args, extraEnv) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd, env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`gatos ${args.join(' ')} failed (${code}): ${stderr}`))));
  });
}

/** The raw cost of the job's process: N sequential spawns of the same argv, streams piped and drained. */
async function spawnBaseline(count) {
  const dir = scratch('jobs-spawn');
  const ms = await time(async () => {
    for (let i = 0; i < count; i++) {
      await new Promise((resolve, reject) => {
        const child = spawn('sh', ['-c', script(i)], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
        child.stdout.resume();
        child.stderr.resume();
        child.on('error', reject);
        child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`sh exited ${code}`))));
      });
    }
  });
  return count / (ms / 1000);
}

/** Aborts unless each job ran exactly once across `reports`, has exactly one result ref, and verifies. */
async function assertExactlyOnce(dir, reports, ids) {
  const errors = reports.flatMap((r) => r.errors);
  if (errors.length > 0) throw new Error(`worker errors: ${JSON.stringify(errors.slice(0, 3))}`);
  const ran = reports.flatMap((r) => r.ran.map((x) => x.jobId));
  const once = new Set(ran);
  if (ran.length !== ids.length || once.size !== ids.length || !ids.every((id) => once.has(id))) {
    throw new Error(`expected each of ${ids.length} jobs to run once; ran ${ran.length} times over ${once.size} jobs`);
  }
  const results = git(dir, ['for-each-ref', '--format=%(refname)', 'refs/gatos/jobs/']).split('\n').filter((r) => r.endsWith('/result'));
  if (results.length !== ids.length) throw new Error(`expected ${ids.length} result refs, found ${results.length}`);
  const repo = await openRepository(dir);
  try {
    for (const id of ids) {
      const verdict = await verifyJob(repo, id);
      if (!verdict.ok) throw new Error(`job ${id} does not verify: ${JSON.stringify(verdict.checks.filter((c) => !c.ok))}`);
    }
  } finally {
    await repo.close();
  }
  if (reports.some((r) => r.ran.some((x) => x.status !== 'succeeded'))) throw new Error('a trivial job failed');
}

await initHashes();
const { repo, home } = initRepo('jobs');
const asHome = { GATOS_HOME: home };
// A second trusted worker key for the two-process run.
const bob = JSON.parse(gatos(repo, ['key', 'new', '--actor', 'user:bob', '--json'], asHome)).publicKey;
gatos(repo, ['trust', 'add', 'user:bob', bob], asHome);
gatos(repo, ['policy', 'publish'], asHome);

const ids = [];
const submitMs = await time(async () => {
  const store = await openRepository(repo);
  try {
    const signer = loadSigner(home, 'user:alice');
    for (let i = 0; i < N; i++) ids.push((await submitJob(store, manifest(i), signer, { clock: systemClock })).jobId);
  } finally {
    await store.close();
  }
});
if (new Set(ids).size !== N) throw new Error('job ids collide');
console.log(`jobs: submitted ${N} jobs through the library in ${Math.round(submitMs)} ms (${Math.round(N / (submitMs / 1000))} jobs/s; not in the figures)`);
const copy = join(scratch('jobs-copy'), 'repo');
cpSync(repo, copy, { recursive: true });

const baseline = await spawnBaseline(N);

let one;
const oneMs = await time(async () => {
  one = JSON.parse(await gatosAsync(repo, ['worker', '--once', '--json'], asHome));
});
await assertExactlyOnce(repo, [one], ids);
report('jobs', 'worker_1_jobs_per_s', N / (oneMs / 1000), 'jobs/s', baseline, `${N} jobs, one \`worker --once\` process; baseline: ${N} sequential spawns of the same sh -c from Node`);

let two;
const twoMs = await time(async () => {
  two = (await Promise.all([
    gatosAsync(copy, ['worker', '--once', '--json'], asHome),
    gatosAsync(copy, ['worker', '--once', '--json', '--actor', 'user:bob'], asHome),
  ])).map((out) => JSON.parse(out));
});
await assertExactlyOnce(copy, two, ids);
report('jobs', 'workers_2_jobs_per_s', N / (twoMs / 1000), 'jobs/s', baseline, `two processes on one repository, local CAS claims: ran ${two.map((r) => r.ran.length).join(' + ')}; ${(oneMs / twoMs).toFixed(2)}x one worker`);
printJsonLines();
