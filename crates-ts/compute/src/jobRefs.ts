/**
 * Job refs (SPEC-DIGEST §7 [R] Layout, I2, I3): `refs/gatos/jobs/<hex>/job` holds the job commit,
 * `…/claim` the single create-only claim (parent = job), `…/result` the result (parent = claim).
 */
import { jobIdHex } from './jobId.js';

export const JOBS_PREFIX = 'refs/gatos/jobs/';

export type JobRefKind = 'job' | 'claim' | 'result';

/**
 * The ref of one record of a job.
 * @example jobRef('blake3:237e…', 'claim') // 'refs/gatos/jobs/237e…/claim'
 */
export function jobRef(jobId: string, kind: JobRefKind): string {
  return `${JOBS_PREFIX}${jobIdHex(jobId)}/${kind}`;
}
