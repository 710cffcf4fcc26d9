/**
 * The result record of a run (SPEC-DIGEST §4 PoE [R], §7 Layout): a commit whose parent is the claim,
 * with tree `result.json` (JCS: status, exit, timeout, streams and outputs), `poe.json` (JCS PoE
 * envelope), `poe.sig` (Ed25519 over the 32 bytes of blake3(poe.json)), `poe.dsse.json` (the same
 * PoE as a signed in-toto/SLSA Statement in a DSSE envelope), `stdout`, `stderr` and `outputs/<path>`
 * blobs, and trailers `Job-Id`, `Proof-Of-Execution`, `Worker-Id`, `Attest-Program`.
 * Pure: the same execution gives the same bytes.
 */
import { blake3, canonicalJsonBytes, formatPublicKey, formatSignature, formatTimestamp, hashObject, toHex, type Oid, type RawObject, type Signer } from '@gatos/core';
import type { CollectedOutput } from './collectOutputs.js';
import type { Execution } from './executeCommand.js';
import { buildJobCommit } from './jobCommit.js';
import type { JobManifest } from './normalizeManifest.js';
import { buildPoeAttestation, DSSE_FILE } from './poeAttestation.js';
import { attestProgram, type RunnerIdentity } from './runnerIdentity.js';

export type JobOutcome = 'succeeded' | 'failed';

/** One entry of `result.json#outputs`: recorded by content id, or refused with the reason. */
export type ResultOutput =
  | { readonly path: string; readonly content_id: string; readonly size: number; readonly blob: Oid }
  | { readonly path: string; readonly error: string };

export interface StreamRecord {
  readonly blob: Oid;
  readonly size: number;
  readonly truncated: boolean;
}

/** `result.json`. */
export interface ResultRecord {
  readonly job_id: string;
  readonly status: JobOutcome;
  readonly exit_code: number | null;
  readonly signal: string | null;
  readonly timed_out: boolean;
  readonly spawn_error: string | null;
  readonly stdout: StreamRecord;
  readonly stderr: StreamRecord;
  readonly outputs: readonly ResultOutput[];
  readonly poe: string;
}

/** `poe.json`: the closed PoE schema (SPEC-DIGEST §4). */
export interface PoeEnvelope {
  readonly job_id: string;
  readonly runner: RunnerIdentity;
  readonly outputs: ReadonlyArray<{ readonly path: string; readonly content_id: string; readonly size: number }>;
  readonly started_at: string;
  readonly finished_at: string;
}

export interface ResultInput {
  readonly jobId: string;
  readonly claimCommit: Oid;
  readonly execution: Execution;
  readonly outputs: readonly CollectedOutput[];
  readonly runner: RunnerIdentity;
  readonly startedMs: number;
  readonly finishedMs: number;
  /** The job's canonical manifest, quoted by the DSSE Statement (`poe.dsse.json`, ADR-0014). */
  readonly manifest: JobManifest;
}

/** Builds (does not write) the result commit and its objects. */
export function buildResult(input: ResultInput, worker: Signer): { oid: Oid; objects: RawObject[]; result: ResultRecord; poeId: string } {
  const { execution: ex } = input;
  const files = new Map<string, Uint8Array>();
  const stream = (name: 'stdout' | 'stderr'): StreamRecord => {
    files.set(name, ex[name].bytes);
    return { blob: hashObject('blob', ex[name].bytes), size: ex[name].bytes.length, truncated: ex[name].truncated };
  };
  const outputs: ResultOutput[] = input.outputs.map((o) => {
    if (!o.ok) return { path: o.path, error: o.error };
    files.set(`outputs/${o.path}`, o.bytes);
    return { path: o.path, content_id: o.contentId, size: o.size, blob: hashObject('blob', o.bytes) };
  });
  const poe: PoeEnvelope = {
    job_id: input.jobId,
    runner: input.runner,
    outputs: input.outputs.flatMap((o) => (o.ok ? [{ path: o.path, content_id: o.contentId, size: o.size }] : [])),
    started_at: formatTimestamp(Math.floor(input.startedMs / 1000)),
    finished_at: formatTimestamp(Math.floor(input.finishedMs / 1000)),
  };
  const poeBytes = canonicalJsonBytes(poe);
  const digest = blake3(poeBytes);
  const poeId = `blake3:${toHex(digest)}`;
  const succeeded = ex.exitCode === 0 && !ex.timedOut && ex.spawnError === null && outputs.every((o) => !('error' in o));
  const result: ResultRecord = {
    job_id: input.jobId,
    status: succeeded ? 'succeeded' : 'failed',
    exit_code: ex.exitCode,
    signal: ex.signal,
    timed_out: ex.timedOut,
    spawn_error: ex.spawnError,
    stdout: stream('stdout'),
    stderr: stream('stderr'),
    outputs,
    poe: poeId,
  };
  files.set('result.json', canonicalJsonBytes(result));
  files.set('poe.json', poeBytes);
  files.set('poe.sig', new TextEncoder().encode(formatSignature(worker.sign(digest))));
  files.set(DSSE_FILE, buildPoeAttestation({
    jobId: input.jobId,
    manifest: input.manifest,
    runner: input.runner,
    startedAt: poe.started_at,
    finishedAt: poe.finished_at,
    outputs: input.outputs.flatMap((o) => (o.ok ? [{ path: o.path, bytes: o.bytes }] : [])),
    stdout: ex.stdout.bytes,
    stderr: ex.stderr.bytes,
    poe: poeBytes,
    result: files.get('result.json')!,
    status: result.status,
  }, worker));
  const built = buildJobCommit({
    files,
    parent: input.claimCommit,
    subject: `jobs.result ${result.status}`,
    trailers: [
      ['Job-Id', input.jobId],
      ['Proof-Of-Execution', poeId],
      ['Worker-Id', formatPublicKey(worker.publicKey)],
      ['Attest-Program', attestProgram(input.runner)],
    ],
    timeMs: input.finishedMs,
  });
  return { ...built, result, poeId };
}
