/**
 * Reads what a PoX links to: a job's manifest inputs, result outputs and PoE, and a checkpoint's
 * PoF. Shared by create (which refuses what does not hold up) and verify/reproduce (which report it).
 */
import { parseMessage, trailerValue, type ObjectStore, type Oid, type RefStore } from '@gatos/core';
import { checkJobRecord, loadJobRecord, normalizeManifest, type JobManifest, type JobRecord, type JobVerdict } from '@gatos/compute';
import { loadCheckpoint, pofDigest, type LoadedCheckpoint } from '@gatos/echo';

type Store = { objects: ObjectStore; refs: RefStore };

export interface RecordedOutput {
  readonly path: string;
  readonly content_id: string;
}

export interface LinkedJob {
  readonly jobId: string;
  readonly record: JobRecord;
  readonly verdict: JobVerdict;
  /** Null when job.json does not parse (the verdict then fails `manifest-id`). */
  readonly manifest: JobManifest | null;
  readonly result: Oid | null;
  readonly resultTimeMs: number;
  readonly status: string | null;
  readonly poe: string | null;
  readonly outputs: readonly RecordedOutput[];
}

const text = (b: Uint8Array | undefined): string => new TextDecoder().decode(b ?? new Uint8Array());

function parseJson(bytes: Uint8Array | undefined): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(text(bytes));
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The single value of a trailer, or null when it is missing or repeated. */
export function oneTrailer(message: string, key: string): string | null {
  try {
    return trailerValue(parseMessage(message).trailers, key);
  } catch {
    return null;
  }
}

/** Loads a job and its result (throws `JOB_NOT_FOUND`/`JOB_BAD_ID`); problems in the records are in `verdict`. */
export async function loadLinkedJob(store: Store, jobId: string): Promise<LinkedJob> {
  const record = await loadJobRecord(store, jobId);
  const verdict = checkJobRecord(record);
  let manifest: JobManifest | null = null;
  try {
    manifest = normalizeManifest(parseJson(record.job.files.get('job.json'))).manifest;
  } catch {
    manifest = null;
  }
  const res = record.result;
  const body = res === null ? null : parseJson(res.files.get('result.json'));
  const outputs = Array.isArray(body?.outputs)
    ? (body!.outputs as unknown[]).flatMap((o) => {
      const r = o as Record<string, unknown>;
      return typeof r?.path === 'string' && typeof r.content_id === 'string' ? [{ path: r.path, content_id: r.content_id }] : [];
    })
    : [];
  return {
    jobId: record.jobId,
    record,
    verdict,
    manifest,
    result: res?.oid ?? null,
    resultTimeMs: res === null ? 0 : res.commit.committer.timestamp * 1000,
    status: typeof body?.status === 'string' ? body.status : null,
    poe: res === null ? null : oneTrailer(res.commit.message, 'Proof-Of-Execution'),
    outputs,
  };
}

/** The pointer hashes of a job's declared inputs. */
export function manifestInputs(job: LinkedJob): string[] {
  return (job.manifest?.inputs ?? []).map((p) => p.hash);
}

export interface LinkedCheckpoint {
  readonly checkpoint: LoadedCheckpoint;
  readonly pof: string;
}

/** Loads a checkpoint commit (throws `CHECKPOINT_INVALID`/`POF_INVALID` when it is not one). */
export async function loadLinkedCheckpoint(store: Store, commit: Oid): Promise<LinkedCheckpoint> {
  const checkpoint = await loadCheckpoint(store.objects, commit);
  return { checkpoint, pof: pofDigest(checkpoint.pofBytes) };
}
