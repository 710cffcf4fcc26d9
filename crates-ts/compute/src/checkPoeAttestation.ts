/**
 * The `dsse` check of `job verify` (ADR-0014 "PoE and its in-toto/DSSE form"): `poe.dsse.json` is a
 * one-signature DSSE envelope in JCS form, of payloadType `application/vnd.in-toto+json`, signed over
 * PAE under the result's `Worker-Id`, whose Statement says exactly what the native record says: the
 * recorded outputs as subject, the job id as invocationId, the worker as builder, the manifest of
 * job.json, and blake3(poe.json) equal to the `Proof-Of-Execution` trailer. A result without the file
 * (written before the export existed) reports the check `absent`, not failed: the native PoE is the
 * authoritative proof and is checked either way.
 *
 * Pure and total over attacker-controlled records: every problem is a failed check, never a throw.
 * Digests of bytes that do not match their own native claim (an output blob against its content id, a
 * stream against its blob id) are not compared here: the `outputs`/`streams` checks report those.
 */
import { blake3Hex, canonicalJsonBytes, hashObject, parseMessage, parsePublicKey, sha256Hex, toHex, trailerValue } from '@gatos/core';
import type { JobCheck } from './checkJobRecord.js';
import { dsseEnvelopeBytes, dsseSignedBy, parseDsseEnvelope } from './dsse.js';
import type { JobRecord, LoadedCommit } from './loadJobRecord.js';
import { normalizeManifest, type JobManifest } from './normalizeManifest.js';
import { DSSE_FILE, INTOTO_PAYLOAD_TYPE } from './poeAttestation.js';
import { provenanceStatement, type DigestSet } from './provenanceStatement.js';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function need(cond: boolean, why: string): asserts cond {
  if (!cond) throw new Error(why);
}

/** A JSON object in canonical (JCS) form, from bytes. */
function canonicalObject(bytes: Uint8Array | undefined, what: string): Json {
  need(bytes !== undefined, `${what} is missing`);
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new Error(`${what} is not UTF-8 JSON`);
  }
  need(isObject(value), `${what} is not a JSON object`);
  need(toHex(canonicalJsonBytes(value)) === toHex(bytes), `${what} is not in canonical (JCS) form`);
  return value;
}

const show = (v: unknown): string => (v === undefined ? '(absent)' : JSON.stringify(v).slice(0, 90));

/** The JSON pointer of the first place where `found` differs from `expected`, with both values. */
function firstDifference(expected: unknown, found: unknown, path: string): string | null {
  if (isObject(expected) && isObject(found)) {
    for (const k of [...new Set([...Object.keys(expected), ...Object.keys(found)])].sort()) {
      const d = firstDifference(expected[k], found[k], `${path}/${k}`);
      if (d !== null) return d;
    }
    return null;
  }
  if (Array.isArray(expected) && Array.isArray(found)) {
    if (expected.length !== found.length) return `${path}: expected ${expected.length} entries, found ${found.length}`;
    for (let i = 0; i < expected.length; i++) {
      const d = firstDifference(expected[i], found[i], `${path}/${i}`);
      if (d !== null) return d;
    }
    return null;
  }
  return expected === found ? null : `${path}: expected ${show(expected)}, found ${show(found)}`;
}

/** The digest a statement entry claims, used where the native bytes cannot vouch for themselves. */
function claimedSha256(entries: unknown, index: number): string {
  const e: unknown = Array.isArray(entries) ? entries[index] : undefined;
  const sha = isObject(e) && isObject(e.digest) ? e.digest.sha256 : undefined;
  return typeof sha === 'string' ? sha : '(unknown)';
}

/** `{blake3, sha256}` of bytes that match `trusted`, else `blake3` + whatever the statement claims. */
function digestOf(bytes: Uint8Array | undefined, trusted: boolean, statementEntries: unknown, index: number): DigestSet {
  const b = bytes ?? new Uint8Array();
  return { blake3: blake3Hex(b), sha256: trusted ? sha256Hex(b) : claimedSha256(statementEntries, index) };
}

function verifyAttestation(record: JobRecord, result: LoadedCommit, bytes: Uint8Array): void {
  const trailers = parseMessage(result.commit.message).trailers;
  const workerId = trailerValue(trailers, 'Worker-Id');
  const poeTrailer = trailerValue(trailers, 'Proof-Of-Execution');

  const { envelope, body } = parseDsseEnvelope(bytes);
  need(toHex(dsseEnvelopeBytes(envelope)) === toHex(bytes), 'the envelope is not in canonical (JCS) form');
  need(envelope.payloadType === INTOTO_PAYLOAD_TYPE, `payloadType is ${show(envelope.payloadType)}, not ${INTOTO_PAYLOAD_TYPE}`);
  need(envelope.signatures.length === 1, `has ${envelope.signatures.length} signatures; a gatos envelope has exactly one`);
  need(envelope.signatures[0]!.keyid === workerId, `keyid ${show(envelope.signatures[0]!.keyid)} is not the Worker-Id ${workerId}`);
  let key: Uint8Array;
  try {
    key = parsePublicKey(workerId);
  } catch {
    throw new Error(`Worker-Id trailer ${show(workerId)} is not an Ed25519 key`);
  }
  need(dsseSignedBy(envelope, body, key), `signature does not verify under Worker-Id ${workerId} over PAE(payloadType, payload)`);

  const statement = canonicalObject(body, 'the DSSE payload');
  const poe = canonicalObject(result.files.get('poe.json'), 'poe.json');
  const resultBytes = result.files.get('result.json');
  const resultJson = canonicalObject(resultBytes, 'result.json');
  let manifest: JobManifest;
  try {
    manifest = normalizeManifest(canonicalObject(record.job.files.get('job.json'), 'job.json')).manifest;
  } catch (err) {
    throw new Error(`cannot read the job's manifest (${err instanceof Error ? err.message : String(err)})`);
  }
  const predicate = isObject(statement.predicate) ? statement.predicate : {};
  const runDetails = isObject(predicate.runDetails) ? predicate.runDetails : {};
  const metadata = isObject(runDetails.metadata) ? runDetails.metadata : {};
  const byproducts = runDetails.byproducts;
  const poeEntry: unknown = Array.isArray(byproducts) ? byproducts.find((b: unknown) => isObject(b) && b.name === 'poe.json') : undefined;
  const poeClaim = isObject(poeEntry) && isObject(poeEntry.digest) ? poeEntry.digest.blake3 : undefined;
  need(metadata.invocationId === record.jobId, `invocationId is ${show(metadata.invocationId)}, not the job id ${record.jobId}`);
  need(`blake3:${String(poeClaim)}` === poeTrailer, `the Statement's poe.json digest ${show(poeClaim)} is not the Proof-Of-Execution trailer ${poeTrailer}`);

  const recorded = (Array.isArray(resultJson.outputs) ? resultJson.outputs : []).filter((o): o is Json => isObject(o) && typeof o.content_id === 'string');
  const streamTrusted = (name: 'stdout' | 'stderr'): boolean => {
    const s = resultJson[name];
    const b = result.files.get(name);
    return isObject(s) && b !== undefined && s.blob === hashObject('blob', b);
  };
  const poeBytes = result.files.get('poe.json')!;
  const runner = isObject(poe.runner) ? poe.runner : {};
  const expected = provenanceStatement({
    jobId: record.jobId,
    manifest,
    workerId,
    runner: { program: String(runner.program), version: String(runner.version), platform: String(runner.platform) },
    startedAt: String(poe.started_at),
    finishedAt: String(poe.finished_at),
    outputs: recorded.map((o, i) => {
      const blob = result.files.get(`outputs/${String(o.path)}`);
      const contentHex = String(o.content_id).replace(/^blake3:/, '');
      const trusted = blob !== undefined && blake3Hex(blob) === contentHex;
      return { path: String(o.path), digest: { blake3: contentHex, sha256: trusted ? sha256Hex(blob) : claimedSha256(statement.subject, i) } };
    }),
    stdout: digestOf(result.files.get('stdout'), streamTrusted('stdout'), byproducts, 2),
    stderr: digestOf(result.files.get('stderr'), streamTrusted('stderr'), byproducts, 3),
    poe: { blake3: poeTrailer.replace(/^blake3:/, ''), sha256: blake3Hex(poeBytes) === poeTrailer.replace(/^blake3:/, '') ? sha256Hex(poeBytes) : claimedSha256(byproducts, 0) },
    result: { blake3: blake3Hex(resultBytes!), sha256: sha256Hex(resultBytes!) },
    status: String(resultJson.status),
  });
  const difference = firstDifference(expected, statement, '');
  need(difference === null, `Statement differs from the record at ${String(difference)}`);
}

/**
 * The `dsse` check of one record (see the module comment). `absent: true` (and ok) when the result
 * has no `poe.dsse.json`.
 * @example checkPoeAttestation(await loadJobRecord(repo, id)) // { name: 'dsse', ok: true, detail: '' }
 */
export function checkPoeAttestation(record: JobRecord): JobCheck {
  const { result } = record;
  if (result === null) return { name: 'dsse', ok: false, detail: 'there is no result' };
  const bytes = result.files.get(DSSE_FILE);
  if (bytes === undefined) {
    return { name: 'dsse', ok: true, absent: true, detail: `no ${DSSE_FILE}: the result predates the DSSE export; the native PoE checks apply` };
  }
  try {
    verifyAttestation(record, result, bytes);
    return { name: 'dsse', ok: true, detail: '' };
  } catch (err) {
    return { name: 'dsse', ok: false, detail: `${DSSE_FILE}: ${err instanceof Error ? err.message : String(err)}` };
  }
}
