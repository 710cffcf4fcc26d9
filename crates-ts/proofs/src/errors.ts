/**
 * Error codes of Proof-of-Experiment. What the caller gave (an id, a job list, inputs that do not
 * match the jobs) is a usage error (exit 2); a record read from the repository that does not hold up
 * is a failed check (exit 1).
 */
import { GatosError, type ErrorData, type ExitClass } from '@gatos/core';

export type PoxErrorCode =
  | 'POX_BAD_ID'
  | 'POX_NOT_FOUND'
  | 'POX_BAD_ARGUMENT'
  | 'POX_JOB_NOT_READY'
  | 'POX_INPUTS_MISMATCH'
  | 'POX_NO_POLICY'
  | 'POX_INVALID'
  | 'POX_CONFLICT';

const EXIT: Readonly<Record<PoxErrorCode, ExitClass>> = {
  POX_BAD_ID: 'usage',
  POX_NOT_FOUND: 'usage',
  POX_BAD_ARGUMENT: 'usage',
  POX_JOB_NOT_READY: 'usage',
  POX_INPUTS_MISMATCH: 'usage',
  POX_NO_POLICY: 'usage',
  POX_INVALID: 'check',
  POX_CONFLICT: 'check',
};

export function poxError(code: PoxErrorCode, message: string, options: { data?: ErrorData; cause?: unknown } = {}): GatosError {
  return new GatosError(code, message, { ...options, exitClass: EXIT[code] });
}
