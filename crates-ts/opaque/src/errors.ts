/**
 * Error codes of opaque pointers. Problems with what the caller gave (a pointer, a recipient, a store
 * setting) are usage errors (exit 2); problems found in data (a blob that does not match its address,
 * a pointer whose header was altered, a caller who is not a recipient) are failed checks (exit 1).
 */
import { GatosError, type ErrorData, type ExitClass } from '@gatos/core';

export type OpaqueErrorCode =
  | 'OPAQUE_BAD_POINTER'
  | 'OPAQUE_BAD_HASH'
  | 'OPAQUE_UNSUPPORTED'
  | 'OPAQUE_TOO_LARGE'
  | 'OPAQUE_NOT_OPAQUE'
  | 'OPAQUE_UNKNOWN_RECIPIENT'
  | 'OPAQUE_NO_RECIPIENTS'
  | 'OPAQUE_NO_POLICY'
  | 'OPAQUE_BAD_STORE_CONFIG'
  | 'OPAQUE_NOT_RECIPIENT'
  | 'OPAQUE_TAMPERED'
  | 'OPAQUE_INTEGRITY'
  | 'OPAQUE_BLOB_MISSING'
  | 'OPAQUE_STORE_CORRUPT'
  | 'OPAQUE_CONTENDED';

const EXIT: Readonly<Record<OpaqueErrorCode, ExitClass>> = {
  OPAQUE_BAD_POINTER: 'usage',
  OPAQUE_BAD_HASH: 'usage',
  OPAQUE_UNSUPPORTED: 'usage',
  OPAQUE_TOO_LARGE: 'usage',
  OPAQUE_NOT_OPAQUE: 'usage',
  OPAQUE_UNKNOWN_RECIPIENT: 'usage',
  OPAQUE_NO_RECIPIENTS: 'usage',
  OPAQUE_NO_POLICY: 'usage',
  OPAQUE_BAD_STORE_CONFIG: 'usage',
  OPAQUE_NOT_RECIPIENT: 'check',
  OPAQUE_TAMPERED: 'check',
  OPAQUE_INTEGRITY: 'check',
  OPAQUE_BLOB_MISSING: 'check',
  OPAQUE_STORE_CORRUPT: 'check',
  OPAQUE_CONTENDED: 'check',
};

/** An opaque-pointer error whose exit class follows the table above. */
export function opaqueError(code: OpaqueErrorCode, message: string, options: { data?: ErrorData; cause?: unknown } = {}): GatosError<OpaqueErrorCode> {
  return new GatosError(code, message, { ...options, exitClass: EXIT[code] });
}
