import type { Oid } from '@gatos/core';

/** The audit chain of refused pushes: one commit per violation, parent = the previous record. */
export const DENY_AUDIT_REF = 'refs/gatos/audit/policy/deny';
/** The audit chain of accepted genesis bundles (trust on first use). */
export const GENESIS_AUDIT_REF = 'refs/gatos/audit/policy/genesis';

/**
 * Who pushed, as far as the server knows: forge variables (Gitea/Forgejo, GitLab), the HTTP
 * server's authenticated user, and the event actor involved. Only known fields are present.
 */
export interface Pusher {
  readonly gitea_pusher_name?: string;
  readonly gitea_pusher_email?: string;
  readonly gl_username?: string;
  readonly gl_id?: string;
  readonly remote_user?: string;
  readonly remote_addr?: string;
  readonly event_actor?: string;
}

/**
 * One gate decision, stored as `decision.json` (JCS) in an audit commit (ADR-0008).
 * `DENY` records go to `DENY_AUDIT_REF`; the one `ACCEPT` of a genesis bundle goes to `GENESIS_AUDIT_REF`.
 */
export interface AuditRecord {
  readonly decision: 'DENY' | 'ACCEPT';
  readonly rule: string;
  readonly reason: string;
  readonly ref: string;
  readonly old: Oid;
  readonly new: Oid;
  /** The offending commit, when the decision is about one; else null. */
  readonly commit: Oid | null;
  readonly pusher: Pusher;
  /** The active policy the decision was made under (for ACCEPT: the accepted genesis), or null. */
  readonly policy_root: Oid | null;
  readonly policy_code_root: string | null;
  /** RFC 3339 UTC, whole seconds, from the gate's clock. */
  readonly ts: string;
  readonly ulid: string;
}

/** A batch of records bound for one audit ref, as handed to the audit writer process. */
export interface AuditBatch {
  readonly auditRef: string;
  readonly records: readonly AuditRecord[];
}
