/**
 * `reproduce` (ADR-0019): re-runs an experiment from its PoX and compares. The PoX is verified first
 * (a PoX that does not verify is not reproduced). Each linked job runs again in a fresh temp working
 * directory with its inputs fetched from the blob store, the same manifest (argv without a shell, the
 * manifest's environment, fixed PATH, timeout), and its outputs are collected by content id; nothing is
 * written to the repository. Each linked checkpoint is refolded from genesis (echo's verifyCheckpoint)
 * and its State-Root compared. Every difference is reported with where it happened.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ObjectStore, RefStore } from '@gatos/core';
import { collectOutputs, executeCommand, materializeInputs, runEnvironment, type InputSource } from '@gatos/compute';
import { verifyCheckpoint } from '@gatos/echo';
import type { LinkedJob } from './linkedRecords.js';
import { inspectPox, type PoxVerdict } from './verifyPox.js';

type Store = { objects: ObjectStore; refs: RefStore };

/** One place where the re-run differs from the record. */
export type Divergence =
  | { readonly step: 'job'; readonly job_id: string; readonly path: string; readonly recorded: string; readonly reproduced: string }
  | { readonly step: 'job-run'; readonly job_id: string; readonly detail: string }
  | { readonly step: 'fold'; readonly checkpoint: string; readonly ns: string; readonly check: string; readonly recorded: string; readonly reproduced: string; readonly detail: string };

export interface ReproducedJob {
  readonly job_id: string;
  readonly exit_code: number | null;
  readonly outputs: ReadonlyArray<{ readonly path: string; readonly recorded: string; readonly reproduced: string; readonly identical: boolean }>;
}

export interface ReproducedFold {
  readonly checkpoint: string;
  readonly ns: string;
  readonly state_root: string;
  readonly verdict: 'verified' | 'mismatch' | 'unverifiable';
}

export interface Reproduction {
  readonly ulid: string;
  readonly ref: string;
  /** `identical`: every output and State-Root reproduced; `diverged`: see `divergences`; `unverified`: the PoX itself fails verify. */
  readonly outcome: 'identical' | 'diverged' | 'unverified';
  readonly verify: PoxVerdict;
  readonly jobs: readonly ReproducedJob[];
  readonly folds: readonly ReproducedFold[];
  readonly divergences: readonly Divergence[];
}

export interface ReproduceOptions {
  /** Where input bytes come from (the configured blob store in the CLI). */
  readonly inputSource: InputSource;
  /** Environment `env: [NAME]` passes through from (default `process.env`). */
  readonly runnerEnv?: Readonly<Record<string, string | undefined>>;
  /** Called with one line per step, for long runs (the CLI prints them on stderr). */
  readonly onProgress?: (line: string) => void;
}

const NOTHING = '(none)';

async function rerunJob(job: LinkedJob, options: ReproduceOptions, divergences: Divergence[]): Promise<ReproducedJob> {
  const manifest = job.manifest!;
  const work = mkdtempSync(join(tmpdir(), 'gatos-reproduce-'));
  try {
    const cwd = manifest.cwd === undefined ? work : join(work, manifest.cwd);
    mkdirSync(cwd, { recursive: true });
    const problem = await materializeInputs(work, manifest.inputs ?? [], options.inputSource);
    if (problem !== null) {
      divergences.push({ step: 'job-run', job_id: job.jobId, detail: `input unavailable: ${problem.error}` });
      return { job_id: job.jobId, exit_code: null, outputs: [] };
    }
    const execution = await executeCommand({
      argv: [...manifest.command, ...manifest.args],
      cwd,
      env: runEnvironment(manifest, options.runnerEnv ?? process.env),
      timeoutMs: manifest.timeout * 1000,
    });
    if (execution.exitCode !== 0 || execution.timedOut || execution.spawnError !== null) {
      const how = execution.timedOut ? 'timed out' : execution.spawnError !== null ? `could not start (${execution.spawnError})` : `exit ${execution.exitCode ?? execution.signal}`;
      divergences.push({ step: 'job-run', job_id: job.jobId, detail: `the re-run ${how}; the recorded run succeeded` });
    }
    const collected = new Map(collectOutputs(cwd, manifest.outputs ?? []).map((o) => [o.path, o]));
    const outputs = job.outputs.map((rec) => {
      const got = collected.get(rec.path);
      const reproduced = got === undefined ? NOTHING : got.ok ? got.contentId : `(${got.error})`;
      const identical = reproduced === rec.content_id;
      if (!identical) divergences.push({ step: 'job', job_id: job.jobId, path: rec.path, recorded: rec.content_id, reproduced });
      return { path: rec.path, recorded: rec.content_id, reproduced, identical };
    });
    return { job_id: job.jobId, exit_code: execution.exitCode, outputs };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Reproduces the PoX a ULID or ref names. Throws only `POX_BAD_ID`/`POX_NOT_FOUND`; a PoX that does not
 * verify comes back as `outcome: 'unverified'` with the failed checks, and nothing is re-run.
 * @example const r = await reproducePox(repo, '01J5…', { inputSource }); if (r.outcome !== 'identical') process.exitCode = 1;
 */
export async function reproducePox(store: Store, target: string, options: ReproduceOptions): Promise<Reproduction> {
  const say = options.onProgress ?? (() => {});
  const inspected = await inspectPox(store, target);
  const { verdict } = inspected;
  const base = { ulid: verdict.ulid, ref: verdict.ref, verify: verdict };
  if (!verdict.ok || inspected.experiment === null) {
    return { ...base, outcome: 'unverified', jobs: [], folds: [], divergences: [] };
  }
  say(`verified ${verdict.ref}`);
  const divergences: Divergence[] = [];
  const jobs: ReproducedJob[] = [];
  for (const [i, job] of inspected.jobs.entries()) {
    say(`[${i + 1}/${inspected.jobs.length}] re-running job ${job.jobId}`);
    jobs.push(await rerunJob(job, options, divergences));
  }
  const folds: ReproducedFold[] = [];
  for (const [i, cp] of inspected.experiment.checkpoints.entries()) {
    say(`[${i + 1}/${inspected.experiment.checkpoints.length}] refolding ${cp.ns} from genesis (checkpoint ${cp.commit})`);
    const report = await verifyCheckpoint(store, cp.commit);
    const replay = report.checks.find((c) => c.id === 'replay.state-root');
    for (const c of report.checks.filter((c) => !c.ok)) {
      divergences.push({ step: 'fold', checkpoint: cp.commit, ns: cp.ns, check: c.id, recorded: c.expected ?? cp.state_root, reproduced: c.actual ?? NOTHING, detail: c.detail });
    }
    folds.push({ checkpoint: cp.commit, ns: cp.ns, state_root: replay?.ok ? cp.state_root : replay?.actual ?? NOTHING, verdict: report.verdict });
  }
  return { ...base, outcome: divergences.length === 0 ? 'identical' : 'diverged', jobs, folds, divergences };
}
