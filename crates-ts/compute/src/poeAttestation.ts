/**
 * `poe.dsse.json` of a result tree: the run's SLSA provenance Statement (JCS bytes) in a DSSE
 * envelope signed by the worker key that signs `poe.json` (ADR-0014 "PoE and its in-toto/DSSE
 * form"). Derived from the native PoE, never the other way round: the Statement carries
 * blake3(poe.json), which is the `Proof-Of-Execution` trailer.
 */
import { canonicalJsonBytes, formatPublicKey, type Signer } from '@gatos/core';
import { dsseEnvelopeBytes, signDsse } from './dsse.js';
import type { JobManifest } from './normalizeManifest.js';
import { digestSet, provenanceStatement } from './provenanceStatement.js';
import type { RunnerIdentity } from './runnerIdentity.js';

/** The file name in the result tree (in-toto: an envelope stored alone ends in `.json`). */
export const DSSE_FILE = 'poe.dsse.json';
/** DSSE payloadType of an in-toto Statement. */
export const INTOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

export interface PoeAttestationInput {
  readonly jobId: string;
  readonly manifest: JobManifest;
  readonly runner: RunnerIdentity;
  readonly startedAt: string;
  readonly finishedAt: string;
  /** Recorded outputs in manifest order, with their bytes. */
  readonly outputs: ReadonlyArray<{ readonly path: string; readonly bytes: Uint8Array }>;
  readonly stdout: Uint8Array;
  readonly stderr: Uint8Array;
  /** The bytes of `poe.json` and `result.json` as written to the tree. */
  readonly poe: Uint8Array;
  readonly result: Uint8Array;
  readonly status: string;
}

/** The envelope's file bytes (JCS); the same run gives the same bytes. */
export function buildPoeAttestation(input: PoeAttestationInput, worker: Signer): Uint8Array {
  const statement = provenanceStatement({
    jobId: input.jobId,
    manifest: input.manifest,
    workerId: formatPublicKey(worker.publicKey),
    runner: input.runner,
    startedAt: input.startedAt,
    finishedAt: input.finishedAt,
    outputs: input.outputs.map((o) => ({ path: o.path, digest: digestSet(o.bytes) })),
    stdout: digestSet(input.stdout),
    stderr: digestSet(input.stderr),
    poe: digestSet(input.poe),
    result: digestSet(input.result),
    status: input.status,
  });
  return dsseEnvelopeBytes(signDsse(INTOTO_PAYLOAD_TYPE, canonicalJsonBytes(statement), worker));
}
