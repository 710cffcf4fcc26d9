/**
 * Error codes of the job plane. Problems with what the caller gave (a manifest, a job id) are usage
 * errors (exit 2); problems found in records read from the repository are failed checks (exit 1).
 */
import { GatosError, type ErrorData, type ExitClass } from '@gatos/core';

export type JobErrorCode =
  | 'JOB_BAD_MANIFEST'
  | 'JOB_BAD_TIMEOUT'
  | 'JOB_BAD_ID'
  | 'JOB_NOT_FOUND'
  | 'JOB_CONFLICT'
  | 'JOB_ALREADY_CLAIMED'
  | 'JOB_NOT_CLAIMANT'
  | 'JOB_ALREADY_FINISHED'
  | 'JOB_INPUTS_UNSUPPORTED'
  | 'JOB_RECORD_INVALID'
  | 'JOB_NO_RESULT'
  | 'JOB_ABORTED'
  | 'JOB_NOT_CLAIMED'
  | 'JOB_LEASE_VALID'
  | 'JOB_LEASE_EXPIRED'
  | 'JOB_NOT_AUTHORISED'
  | 'JOB_INPUT_UNAVAILABLE';

const EXIT: Readonly<Record<JobErrorCode, ExitClass>> = {
  JOB_BAD_MANIFEST: 'usage',
  JOB_BAD_TIMEOUT: 'usage',
  JOB_BAD_ID: 'usage',
  JOB_NOT_FOUND: 'usage',
  JOB_CONFLICT: 'check',
  JOB_ALREADY_CLAIMED: 'check',
  JOB_NOT_CLAIMANT: 'check',
  JOB_ALREADY_FINISHED: 'check',
  JOB_INPUTS_UNSUPPORTED: 'usage',
  JOB_RECORD_INVALID: 'check',
  JOB_NO_RESULT: 'check',
  JOB_ABORTED: 'check',
  JOB_NOT_CLAIMED: 'check',
  JOB_LEASE_VALID: 'check',
  JOB_LEASE_EXPIRED: 'check',
  JOB_NOT_AUTHORISED: 'check',
  JOB_INPUT_UNAVAILABLE: 'check',
};

/** A job-plane error whose exit class follows the table above. */
export function jobError(code: JobErrorCode, message: string, options: { data?: ErrorData; cause?: unknown } = {}): GatosError<JobErrorCode> {
  return new GatosError(code, message, { ...options, exitClass: EXIT[code] });
}
