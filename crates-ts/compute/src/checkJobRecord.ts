/**
 * Verifies a job result (SPEC-DIGEST §4 PoE [R] verification steps) over already-loaded commits:
 * pure, no I/O. Every check runs and reports; records read from a repository are attacker-controlled,
 * so a malformed file fails its check instead of throwing.
 */
import { blake3, blake3Hex, canonicalJsonBytes, hashObject, parseMessage, parsePublicKey, parseSignature, toHex, trailerValue, verifyStrict } from '@gatos/core';
import type { JobRecord, LoadedCommit } from './loadJobRecord.js';
import { checkPoeAttestation } from './checkPoeAttestation.js';
import { manifestId } from './manifestId.js';
import { normalizeManifest } from './normalizeManifest.js';

export type JobCheckName = 'manifest-id' | 'claim' | 'ancestry' | 'job-id' | 'poe-digest' | 'poe-signature' | 'claimant' | 'outputs' | 'streams' | 'dsse';

export interface JobCheck {
  readonly name: JobCheckName;
  readonly ok: boolean;
  /** What was wrong (empty when ok). */
  readonly detail: string;
  /**
   * Set (with `ok: true`) when the record predates what the check reads, e.g. a result without
   * `poe.dsse.json`: nothing was verified, and nothing is missing that the other checks rely on.
   */
  readonly absent?: true;
}

export interface JobVerdict {
  readonly jobId: string;
  readonly ok: boolean;
  readonly checks: readonly JobCheck[];
}

const POE_FIELDS = ['finished_at', 'job_id', 'outputs', 'runner', 'started_at'];

class CheckFailed extends Error {}
function need(cond: boolean, why: string): asserts cond {
  if (!cond) throw new CheckFailed(why);
}

const text = (b: Uint8Array | undefined): string => new TextDecoder().decode(b ?? new Uint8Array());
const trailer = (c: LoadedCommit, key: string): string => trailerValue(parseMessage(c.commit.message).trailers, key);

function json(c: LoadedCommit, file: string): Record<string, unknown> {
  const bytes = c.files.get(file);
  need(bytes !== undefined, `${file} is missing from ${c.oid}`);
  const value: unknown = JSON.parse(text(bytes));
  need(typeof value === 'object' && value !== null && !Array.isArray(value), `${file} is not a JSON object`);
  // Canonical form is part of the record: a re-serialised file would change the digests it feeds.
  need(toHex(canonicalJsonBytes(value)) === toHex(bytes), `${file} is not in canonical (JCS) form`);
  return value as Record<string, unknown>;
}

/**
 * Runs every check on a loaded job record. `ok` is true only when all checks pass.
 * @example checkJobRecord(await loadJobRecord(repo, id)).checks.filter((c) => !c.ok)
 */
export function checkJobRecord(record: JobRecord): JobVerdict {
  const { jobId, job, claim, result } = record;
  const checks: JobCheck[] = [];
  const run = (name: JobCheckName, body: () => void): void => {
    try {
      body();
      checks.push({ name, ok: true, detail: '' });
    } catch (err) {
      checks.push({ name, ok: false, detail: err instanceof Error ? err.message : String(err) });
    }
  };
  run('manifest-id', () => {
    const recomputed = manifestId(normalizeManifest(json(job, 'job.json')).manifest);
    need(recomputed === jobId, `job.json hashes to ${recomputed}, not ${jobId}`);
    need(trailer(job, 'Job-Id') === jobId, `job commit Job-Id trailer is ${trailer(job, 'Job-Id')}`);
  });
  run('claim', () => {
    need(claim !== null, 'there is no claim');
    const body = json(claim, 'claim.json');
    need(body.job_id === jobId, `claim.json job_id is ${String(body.job_id)}`);
    need(trailer(claim, 'Job-Id') === jobId, 'claim Job-Id trailer differs from the job id');
    need(trailer(claim, 'Worker-Id') === body.worker_id, 'claim Worker-Id trailer differs from claim.json worker_id');
  });
  run('ancestry', () => {
    need(claim !== null && result !== null, 'claim or result missing');
    // Earlier attempts sit between job and claim: claim, lease expiry, claim, … (ADR-0017).
    const links = [job.oid, ...record.chain.map((c) => c.oid), claim.oid];
    const commits = [...record.chain.map((c) => c.commit), claim.commit];
    commits.forEach((c, i) => need(c.parents.length === 1 && c.parents[0] === links[i], `claim chain record ${links[i + 1]} is not a child of ${links[i]} (the claim does not descend from job ${job.oid})`));
    record.chain.forEach((c, i) => {
      const subject = parseMessage(c.commit.message).subject;
      need(subject === (i % 2 === 0 ? 'jobs.claim' : 'jobs.lease-expired'), `claim chain record ${c.oid} is "${subject}", expected alternating jobs.claim / jobs.lease-expired`);
    });
    need(record.chain.length % 2 === 0, 'the claim does not follow a lease expiry');
    need(result.commit.parents.length === 1 && result.commit.parents[0] === claim.oid, `result ${result.oid} is not a child of claim ${claim.oid}`);
  });
  if (result === null) return { jobId, ok: false, checks: [...checks, { name: 'job-id', ok: false, detail: 'there is no result' }] };
  run('job-id', () => {
    const poe = json(result, 'poe.json');
    need(trailer(result, 'Job-Id') === jobId, `result Job-Id trailer is ${trailer(result, 'Job-Id')}, not ${jobId}`);
    need(poe.job_id === jobId, `poe.json job_id is ${String(poe.job_id)}, not ${jobId}`);
    need(json(result, 'result.json').job_id === jobId, 'result.json job_id differs from the job id');
    need(JSON.stringify(Object.keys(poe).sort()) === JSON.stringify(POE_FIELDS), `poe.json fields are ${Object.keys(poe).sort().join(', ')}; expected ${POE_FIELDS.join(', ')}`);
  });
  run('poe-digest', () => {
    const digest = `blake3:${blake3Hex(result.files.get('poe.json') ?? new Uint8Array())}`;
    need(trailer(result, 'Proof-Of-Execution') === digest, `Proof-Of-Execution trailer is not blake3(poe.json) = ${digest}`);
    need(json(result, 'result.json').poe === digest, 'result.json poe differs from blake3(poe.json)');
    need(/^blake3:[0-9a-f]{64}$/.test(trailer(result, 'Attest-Program')), 'Attest-Program trailer is not blake3:<hex>');
  });
  run('poe-signature', () => {
    const key = parsePublicKey(trailer(result, 'Worker-Id'));
    const sig = parseSignature(text(result.files.get('poe.sig')));
    need(verifyStrict(key, blake3(result.files.get('poe.json') ?? new Uint8Array()), sig), 'poe.sig does not verify under Worker-Id');
  });
  run('claimant', () => {
    need(claim !== null, 'there is no claim');
    need(trailer(claim, 'Worker-Id') === trailer(result, 'Worker-Id'), `result Worker-Id ${trailer(result, 'Worker-Id')} does not hold the claim (${trailer(claim, 'Worker-Id')})`);
  });
  run('outputs', () => checkOutputs(result));
  run('streams', () => {
    const r = json(result, 'result.json');
    for (const name of ['stdout', 'stderr'] as const) {
      const s = r[name] as { blob?: unknown } | undefined;
      const bytes = result.files.get(name);
      need(bytes !== undefined && s?.blob === hashObject('blob', bytes), `${name} blob does not match result.json`);
    }
  });
  checks.push(checkPoeAttestation(record));
  return { jobId, ok: checks.every((c) => c.ok), checks };
}

function checkOutputs(result: LoadedCommit): void {
  const outputs = json(result, 'result.json').outputs;
  const poeOutputs = json(result, 'poe.json').outputs;
  need(Array.isArray(outputs) && Array.isArray(poeOutputs), 'outputs are not arrays');
  const recorded = (outputs as Array<Record<string, unknown>>).filter((o) => o.content_id !== undefined);
  need(
    JSON.stringify(recorded.map((o) => [o.path, o.content_id, o.size])) === JSON.stringify((poeOutputs as Array<Record<string, unknown>>).map((o) => [o.path, o.content_id, o.size])),
    'poe.json outputs differ from the outputs recorded in result.json',
  );
  for (const o of recorded) {
    const bytes = result.files.get(`outputs/${String(o.path)}`);
    need(bytes !== undefined, `output ${String(o.path)} has no blob in the result tree`);
    need(`blake3:${blake3Hex(bytes)}` === o.content_id && bytes.length === o.size, `output ${String(o.path)} does not match its content id ${String(o.content_id)}`);
    need(hashObject('blob', bytes) === o.blob, `output ${String(o.path)} blob id differs from result.json`);
  }
  for (const path of result.files.keys()) {
    if (path.startsWith('outputs/')) need(recorded.some((o) => `outputs/${String(o.path)}` === path), `${path} is in the result tree but not in result.json`);
  }
}
