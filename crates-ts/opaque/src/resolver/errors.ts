/**
 * Error codes of the resolver. Bad flags and unusable inputs are usage errors (exit 2); problems in
 * data read back (the audit chain, a fetched body, the policy in force) are failed checks (exit 1).
 */
import { GatosError, type ErrorData, type ExitClass } from '@gatos/core';

export type ResolverErrorCode =
  | 'RESOLVER_BAD_OPTION'
  | 'RESOLVER_BAD_TTL'
  | 'RESOLVER_BAD_AUDIENCE'
  | 'RESOLVER_BAD_SCOPE'
  | 'RESOLVER_BAD_HASH'
  | 'RESOLVER_BAD_CLASS'
  | 'RESOLVER_CLASS_CONFLICT'
  | 'RESOLVER_CLASSES_CORRUPT'
  | 'RESOLVER_POLICY_INVALID'
  | 'RESOLVER_NO_POLICY'
  | 'RESOLVER_AUDIT_UNREADABLE'
  | 'RESOLVER_FETCH_REFUSED'
  | 'RESOLVER_DIGEST_MISMATCH';

const EXIT: Readonly<Record<ResolverErrorCode, ExitClass>> = {
  RESOLVER_BAD_OPTION: 'usage',
  RESOLVER_BAD_TTL: 'usage',
  RESOLVER_BAD_AUDIENCE: 'usage',
  RESOLVER_BAD_SCOPE: 'usage',
  RESOLVER_BAD_HASH: 'usage',
  RESOLVER_BAD_CLASS: 'usage',
  RESOLVER_CLASS_CONFLICT: 'check',
  RESOLVER_CLASSES_CORRUPT: 'check',
  RESOLVER_POLICY_INVALID: 'check',
  RESOLVER_NO_POLICY: 'usage',
  RESOLVER_AUDIT_UNREADABLE: 'check',
  RESOLVER_FETCH_REFUSED: 'check',
  RESOLVER_DIGEST_MISMATCH: 'check',
};

/** A resolver error whose exit class follows the table above. */
export function resolverError(code: ResolverErrorCode, message: string, options: { data?: ErrorData; cause?: unknown } = {}): GatosError<ResolverErrorCode> {
  return new GatosError(code, message, { ...options, exitClass: EXIT[code] });
}
