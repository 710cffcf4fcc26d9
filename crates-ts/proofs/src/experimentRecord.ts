/**
 * `experiment.json` (JCS), stored next to `pox.cbor`: the pre-images of the envelope's roots and
 * links (inputs, jobs with their result commits, checkpoints, outputs), so a verifier can recompute
 * every root and find every linked record. It is not signed itself: everything in it is bound by the
 * signed roots and links, and `verify` checks each entry against them.
 */
import { poxError } from './errors.js';

export interface ExperimentJob {
  readonly job_id: string;
  /** The result commit (`refs/gatos/jobs/<hex>/result`). */
  readonly result: string;
  readonly poe: string;
}

export interface ExperimentCheckpoint {
  readonly commit: string;
  readonly pof: string;
  readonly ns: string;
  readonly fold_root: string;
  readonly state_root: string;
}

export interface ExperimentRecord {
  readonly v: 1;
  readonly inputs: readonly string[];
  readonly jobs: readonly ExperimentJob[];
  readonly checkpoints: readonly ExperimentCheckpoint[];
  readonly outputs: readonly string[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';

function fail(why: string): never {
  throw poxError('POX_INVALID', `experiment.json: ${why}`, { data: { file: 'experiment.json' } });
}

function objects<T>(v: unknown, field: string, keys: readonly string[]): T[] {
  if (!Array.isArray(v)) fail(`"${field}" must be an array`);
  return (v as unknown[]).map((e, i) => {
    if (!isRecord(e) || Object.keys(e).length !== keys.length || !keys.every((k) => isString(e[k]))) fail(`${field}[${i}] must have exactly the string fields ${keys.join(', ')}`);
    return e as T;
  });
}

/** Parses and shape-checks `experiment.json`; throws `POX_INVALID` naming what is wrong. */
export function parseExperimentRecord(bytes: Uint8Array | undefined): ExperimentRecord {
  if (bytes === undefined) fail('missing from the PoX commit');
  let v: unknown;
  try {
    v = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (err) {
    return fail(`not valid UTF-8 JSON (${(err as Error).message})`);
  }
  if (!isRecord(v) || v.v !== 1) fail('must be an object with "v": 1');
  const rec = v as Record<string, unknown>;
  const strings = (field: string): string[] => {
    if (!Array.isArray(rec[field]) || !(rec[field] as unknown[]).every(isString)) fail(`"${field}" must be an array of strings`);
    return rec[field] as string[];
  };
  return {
    v: 1,
    inputs: strings('inputs'),
    jobs: objects<ExperimentJob>(rec.jobs, 'jobs', ['job_id', 'result', 'poe']),
    checkpoints: objects<ExperimentCheckpoint>(rec.checkpoints, 'checkpoints', ['commit', 'pof', 'ns', 'fold_root', 'state_root']),
    outputs: strings('outputs'),
  };
}
