import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeCommit, formatPublicKey, isGatosError, parseMessage, trailerValue, type Clock, type ObjectStore, type Oid, type RefStore, type Signer } from '@gatos/core';
import { buildResult, type ResultRecord } from './buildResult.js';
import { claimJob } from './claimJob.js';
import { collectOutputs } from './collectOutputs.js';
import { jobError } from './errors.js';
import { executeCommand } from './executeCommand.js';
import { jobRef } from './jobRefs.js';
import { loadJob } from './loadJob.js';
import { runEnvironment } from './runEnvironment.js';
import { runnerIdentity } from './runnerIdentity.js';

export interface RunOptions {
  readonly clock: Clock;
  /** Bytes of stdout and of stderr kept (default 1 MiB each). */
  readonly maxStreamBytes?: number;
  /** Runner environment that `env: [NAME]` passes through from (default `process.env`). */
  readonly runnerEnv?: Readonly<Record<string, string | undefined>>;
}

export interface JobRun {
  readonly jobId: string;
  readonly claim: Oid;
  readonly commit: Oid;
  readonly ref: string;
  readonly poe: string;
  readonly result: ResultRecord;
}

/**
 * Claims and runs one job, then records its result (SPEC-DIGEST §4, §7): a fresh temp work
 * directory, only the manifest's environment plus a fixed PATH, argv spawned without a shell, the
 * timeout enforced on the process group, streams captured with a cap, declared outputs stored by
 * content id, and a signed PoE. The result ref is created by compare-and-swap from the zero id.
 * A claim this worker already holds (an earlier run that crashed before its result) is reused.
 * Throws `JOB_NOT_FOUND`, `JOB_ALREADY_CLAIMED`, `JOB_ALREADY_FINISHED` or `JOB_INPUTS_UNSUPPORTED`;
 * a failing job is not an error: it is a result with `status: 'failed'`.
 *
 * @example
 * const run = await runJob(repo, 'blake3:…', signer, { clock: systemClock });
 */
export async function runJob(store: { objects: ObjectStore; refs: RefStore }, jobId: string, worker: Signer, options: RunOptions): Promise<JobRun> {
  const job = await loadJob(store, jobId);
  const resultRef = jobRef(job.jobId, 'result');
  if ((await store.refs.read(resultRef)) !== null) {
    throw jobError('JOB_ALREADY_FINISHED', `job ${job.jobId} already has a result (${resultRef}); see \`git gatos job verify\``, { data: { ref: resultRef } });
  }
  if ((job.manifest.inputs ?? []).length > 0) {
    throw jobError('JOB_INPUTS_UNSUPPORTED', `job ${job.jobId} declares inputs; this runner does not fetch blob pointers yet (ADR-0014)`, { data: { job_id: job.jobId } });
  }
  assertRelativeCwd(job.manifest.cwd);
  const claim = await claimOrResume(store, job.jobId, worker, options.clock);
  const work = mkdtempSync(join(tmpdir(), 'gatos-job-'));
  try {
    const cwd = job.manifest.cwd === undefined ? work : join(work, job.manifest.cwd);
    mkdirSync(cwd, { recursive: true });
    const startedMs = options.clock.now();
    const execution = await executeCommand({
      argv: [...job.manifest.command, ...job.manifest.args],
      cwd,
      env: runEnvironment(job.manifest, options.runnerEnv ?? process.env),
      timeoutMs: job.manifest.timeout * 1000,
      ...(options.maxStreamBytes === undefined ? {} : { maxStreamBytes: options.maxStreamBytes }),
    });
    const finishedMs = options.clock.now();
    const outputs = collectOutputs(cwd, job.manifest.outputs ?? []);
    const built = buildResult({ jobId: job.jobId, claimCommit: claim, execution, outputs, runner: runnerIdentity(), startedMs, finishedMs }, worker);
    await store.objects.write(built.objects);
    await store.refs.compareAndSwap(resultRef, null, built.oid);
    return { jobId: job.jobId, claim, commit: built.oid, ref: resultRef, poe: built.poeId, result: built.result };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function claimOrResume(store: { objects: ObjectStore; refs: RefStore }, jobId: string, worker: Signer, clock: Clock): Promise<Oid> {
  try {
    return (await claimJob(store, jobId, worker, { clock })).commit;
  } catch (err) {
    if (!isGatosError(err, 'JOB_ALREADY_CLAIMED') || typeof err.data.claim !== 'string') throw err;
    const holder = trailerValue(parseMessage(decodeCommit((await store.objects.read(err.data.claim)).body).message).trailers, 'Worker-Id');
    if (holder !== formatPublicKey(worker.publicKey)) throw err;
    return err.data.claim;
  }
}

/** Refuses (before claiming) a manifest `cwd` that would leave the work directory. */
function assertRelativeCwd(cwd: string | undefined): void {
  if (cwd !== undefined && (cwd.startsWith('/') || cwd.split('/').some((p) => p === '..' || p === ''))) {
    throw jobError('JOB_BAD_MANIFEST', `manifest field "cwd" must be a relative path inside the work directory, not ${JSON.stringify(cwd)}`, { data: { field: 'cwd' } });
  }
}
