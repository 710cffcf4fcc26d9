/**
 * Error codes of the governance plane. Input problems (bad flags, unknown ids, refused requests) are
 * usage errors (exit 2); problems found in governance records read from the repository are failed
 * checks (exit 1).
 */
import { GatosError, type ErrorData, type ExitClass } from '@gatos/core';

export type GovernanceErrorCode =
  | 'GOV_BAD_QUORUM'
  | 'GOV_BAD_DURATION'
  | 'GOV_BAD_ACTION'
  | 'GOV_BAD_TARGET'
  | 'GOV_BAD_ID'
  | 'GOV_BAD_REASON'
  | 'GOV_RULES_INVALID'
  | 'GOV_QUORUM_MISMATCH'
  | 'GOV_NO_POLICY'
  | 'GOV_UNKNOWN_GROUP'
  | 'GOV_SIGNER_NOT_TRUSTED'
  | 'GOV_NOT_MEMBER'
  | 'GOV_PROPOSAL_NOT_FOUND'
  | 'GOV_PROPOSAL_EXISTS'
  | 'GOV_PROPOSAL_EXPIRED'
  | 'GOV_APPROVAL_EXPIRED'
  | 'GOV_DUPLICATE_APPROVAL'
  | 'GOV_GRANT_NOT_FOUND'
  | 'GOV_ALREADY_REVOKED'
  | 'GOV_RECORD_INVALID';

const EXIT: Readonly<Record<GovernanceErrorCode, ExitClass>> = {
  GOV_BAD_QUORUM: 'usage',
  GOV_BAD_DURATION: 'usage',
  GOV_BAD_ACTION: 'usage',
  GOV_BAD_TARGET: 'usage',
  GOV_BAD_ID: 'usage',
  GOV_BAD_REASON: 'usage',
  GOV_RULES_INVALID: 'check',
  GOV_QUORUM_MISMATCH: 'usage',
  GOV_NO_POLICY: 'usage',
  GOV_UNKNOWN_GROUP: 'usage',
  GOV_SIGNER_NOT_TRUSTED: 'usage',
  GOV_NOT_MEMBER: 'usage',
  GOV_PROPOSAL_NOT_FOUND: 'usage',
  GOV_PROPOSAL_EXISTS: 'usage',
  GOV_PROPOSAL_EXPIRED: 'usage',
  GOV_APPROVAL_EXPIRED: 'usage',
  GOV_DUPLICATE_APPROVAL: 'usage',
  GOV_GRANT_NOT_FOUND: 'usage',
  GOV_ALREADY_REVOKED: 'usage',
  GOV_RECORD_INVALID: 'check',
};

/** A governance error whose exit class follows the table above. */
export function govError(code: GovernanceErrorCode, message: string, data: ErrorData = {}, cause?: unknown): GatosError<GovernanceErrorCode> {
  return new GatosError(code, message, { data, exitClass: EXIT[code], ...(cause === undefined ? {} : { cause }) });
}
