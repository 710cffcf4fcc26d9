/**
 * Error codes raised by `@gatos/core`.
 *
 * Decoding and verification failures (`CBOR_*`, `ENVELOPE_*`, `TRAILER_*`, `BAD_MESSAGE`, `BAD_CID`)
 * are failed checks over data found in a repository (exit 1); identifier and text-form parsing
 * failures are usage errors (exit 2). `coreError` applies this table unless told otherwise.
 */
import type { ExitClass } from './errors.js';

export type CoreErrorCode =
  // hex and text forms
  | 'BAD_HEX'
  | 'BAD_KEY_TEXT'
  | 'BAD_SIGNATURE_TEXT'
  | 'BAD_PUBLIC_KEY'
  | 'BAD_SEED'
  | 'BAD_CID'
  // identifiers and times
  | 'BAD_ACTOR'
  | 'BAD_NAMESPACE'
  | 'BAD_EVENT_TYPE'
  | 'BAD_ULID'
  | 'ULID_OVERFLOW'
  | 'BAD_TIMESTAMP'
  // strict DAG-CBOR (see CANONICAL_RULES)
  | 'CBOR_TOO_LARGE'
  | 'CBOR_TRUNCATED'
  | 'CBOR_TRAILING_BYTES'
  | 'CBOR_MALFORMED'
  | 'CBOR_INDEFINITE_LENGTH'
  | 'CBOR_NON_MINIMAL'
  | 'CBOR_MAP_KEY_NOT_STRING'
  | 'CBOR_MAP_KEY_ORDER'
  | 'CBOR_MAP_KEY_DUPLICATE'
  | 'CBOR_FLOAT'
  | 'CBOR_SIMPLE_VALUE'
  | 'CBOR_TAG'
  | 'CBOR_BAD_CID'
  | 'CBOR_INVALID_UTF8'
  | 'CBOR_LEADING_BOM'
  | 'CBOR_TOO_DEEP'
  | 'CBOR_NOT_CANONICAL'
  | 'CBOR_UNSAFE_INTEGER'
  | 'CBOR_INTEGER_RANGE'
  | 'CBOR_UNSUPPORTED_VALUE'
  // canonical JSON
  | 'JCS_INVALID'
  // event envelope
  | 'ENVELOPE_NOT_A_MAP'
  | 'ENVELOPE_MISSING_FIELD'
  | 'ENVELOPE_UNKNOWN_FIELD'
  | 'ENVELOPE_BAD_FIELD'
  | 'ENVELOPE_UNKNOWN_SIG_ALG'
  // commit messages
  | 'BAD_MESSAGE'
  | 'BAD_TRAILER'
  | 'TRAILER_MISSING'
  | 'TRAILER_DUPLICATE';

/** The exit class of each code when the caller does not override it. */
export const CORE_ERROR_EXIT: Readonly<Record<CoreErrorCode, ExitClass>> = {
  BAD_HEX: 'usage',
  BAD_KEY_TEXT: 'usage',
  BAD_SIGNATURE_TEXT: 'usage',
  BAD_PUBLIC_KEY: 'check',
  BAD_SEED: 'usage',
  BAD_CID: 'check',
  BAD_ACTOR: 'usage',
  BAD_NAMESPACE: 'usage',
  BAD_EVENT_TYPE: 'usage',
  BAD_ULID: 'usage',
  ULID_OVERFLOW: 'usage',
  BAD_TIMESTAMP: 'usage',
  CBOR_TOO_LARGE: 'check',
  CBOR_TRUNCATED: 'check',
  CBOR_TRAILING_BYTES: 'check',
  CBOR_MALFORMED: 'check',
  CBOR_INDEFINITE_LENGTH: 'check',
  CBOR_NON_MINIMAL: 'check',
  CBOR_MAP_KEY_NOT_STRING: 'check',
  CBOR_MAP_KEY_ORDER: 'check',
  CBOR_MAP_KEY_DUPLICATE: 'check',
  CBOR_FLOAT: 'check',
  CBOR_SIMPLE_VALUE: 'check',
  CBOR_TAG: 'check',
  CBOR_BAD_CID: 'check',
  CBOR_INVALID_UTF8: 'check',
  CBOR_LEADING_BOM: 'check',
  CBOR_TOO_DEEP: 'check',
  CBOR_NOT_CANONICAL: 'check',
  CBOR_UNSAFE_INTEGER: 'usage',
  CBOR_INTEGER_RANGE: 'usage',
  CBOR_UNSUPPORTED_VALUE: 'usage',
  JCS_INVALID: 'usage',
  ENVELOPE_NOT_A_MAP: 'check',
  ENVELOPE_MISSING_FIELD: 'check',
  ENVELOPE_UNKNOWN_FIELD: 'check',
  ENVELOPE_BAD_FIELD: 'check',
  ENVELOPE_UNKNOWN_SIG_ALG: 'check',
  BAD_MESSAGE: 'check',
  BAD_TRAILER: 'usage',
  TRAILER_MISSING: 'check',
  TRAILER_DUPLICATE: 'check',
};
