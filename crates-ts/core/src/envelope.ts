/**
 * The event envelope (SPEC-DIGEST §2, SPEC §4.1). Its canonical DAG-CBOR bytes, without `sig`
 * and with absent optional fields left out (never null), are what is hashed (Event-CID) and signed.
 */
import type { CborValue } from './cborValue.js';

export interface EventEnvelope {
  /** Event type, e.g. `event.append`; also the commit subject. */
  type: string;
  /** Idempotency key; increases along a journal ref. */
  ulid: string;
  /** `<user|agent|service>:<name>`; must match the journal ref the event sits on. */
  actor: string;
  payload: { [key: string]: CborValue };
  /** Commit OID (40 lowercase hex) of the policy bundle the event was evaluated under. */
  policy_root: string;
  caps?: string[];
  /** Signature algorithm; absent means inferred from the key (only ed25519 today). */
  sig_alg?: 'ed25519';
  /** RFC 3339 UTC, whole seconds. */
  ts?: string;
}

/** Fields in the order `validateEnvelope` checks them. */
export const REQUIRED_ENVELOPE_FIELDS = ['type', 'ulid', 'actor', 'payload', 'policy_root'] as const;
export const OPTIONAL_ENVELOPE_FIELDS = ['caps', 'sig_alg', 'ts'] as const;
