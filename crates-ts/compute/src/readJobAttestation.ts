import { GatosError, type ObjectStore, type Oid, type RefStore } from '@gatos/core';
import { checkPoeAttestation } from './checkPoeAttestation.js';
import { parseDsseEnvelope, type DsseEnvelope } from './dsse.js';
import { jobError } from './errors.js';
import { jobRef } from './jobRefs.js';
import { loadJobRecord } from './loadJobRecord.js';
import { DSSE_FILE } from './poeAttestation.js';

export interface JobAttestation {
  readonly jobId: string;
  /** The result commit the envelope was read from. */
  readonly result: Oid;
  /** `poe.dsse.json` exactly as stored (JCS). */
  readonly bytes: Uint8Array;
  readonly envelope: DsseEnvelope;
  /** The decoded payload: the in-toto Statement. */
  readonly statement: unknown;
}

/**
 * Reads a job's DSSE envelope (`git gatos job attestation`) after checking it as `job verify`'s
 * `dsse` check does, so what is exported verifies. Throws `JOB_NOT_FOUND`, `JOB_NO_RESULT` (no
 * result yet), `JOB_NO_ATTESTATION` (a result recorded before the export existed) or
 * `JOB_RECORD_INVALID` (the envelope does not verify; data.detail says why) — all but the first exit 1.
 * @example const { bytes } = await readJobAttestation(repo, 'blake3:…'); process.stdout.write(bytes);
 */
export async function readJobAttestation(store: { objects: ObjectStore; refs: RefStore }, jobId: string): Promise<JobAttestation> {
  const record = await loadJobRecord(store, jobId);
  const ref = jobRef(record.jobId, 'result');
  if (record.result === null) throw jobError('JOB_NO_RESULT', `job ${record.jobId} has no result yet (${ref} does not exist); run it with \`git gatos worker\``, { data: { ref } });
  const bytes = record.result.files.get(DSSE_FILE);
  if (bytes === undefined) {
    throw new GatosError('JOB_NO_ATTESTATION', `result ${record.result.oid} of job ${record.jobId} has no ${DSSE_FILE} (recorded before the DSSE export); its native PoE is poe.json + poe.sig`, {
      data: { ref, result: record.result.oid },
      exitClass: 'check',
    });
  }
  const check = checkPoeAttestation(record);
  if (!check.ok) throw jobError('JOB_RECORD_INVALID', `the attestation of job ${record.jobId} does not verify: ${check.detail}`, { data: { ref, result: record.result.oid, detail: check.detail } });
  const { envelope, body } = parseDsseEnvelope(bytes);
  return { jobId: record.jobId, result: record.result.oid, bytes, envelope, statement: JSON.parse(new TextDecoder().decode(body)) as unknown };
}
