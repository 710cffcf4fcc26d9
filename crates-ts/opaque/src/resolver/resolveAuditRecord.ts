/** The resolver's audit chain: one commit per decision, parent = the previous record (SPEC-DIGEST I26). */
export const RESOLVE_AUDIT_REF = 'refs/gatos/audit/resolve';

/**
 * One resolver decision, stored as `decision.json` (JCS) in an audit commit (ADR-0016). Every field
 * is present (null when unknown) so the bytes have one spelling.
 */
export interface ResolveAuditRecord {
  /** RFC 3339 UTC, whole seconds, from the resolver's clock. */
  readonly ts: string;
  readonly alg: 'blake3';
  /** `blake3:<hex>` asked for, or null when the request named no valid digest. */
  readonly digest: string | null;
  /** The authenticated subject, or null when no token verified. */
  readonly sub: string | null;
  /** The `sub` a refused token claimed (an actor name, unverified), or null. */
  readonly claimed_sub: string | null;
  /** The resolver's audience (what a valid token's `aud` must equal). */
  readonly aud: string;
  readonly decision: 'ALLOW' | 'DENY';
  /** `ok` for ALLOW; otherwise a stable refusal code (`expired`, `class-denied`, `rate-limited`, …). */
  readonly reason: string;
  /** What exactly, in words (attacker-supplied parts are quoted and cut). */
  readonly detail: string;
  /** The HTTP status answered (0 in a summary, which stands for several answers). */
  readonly status: number;
  /** The blob's class, when known (null: unclassed or not looked up). */
  readonly class: string | null;
  /** The client address as the server saw it. */
  readonly remote: string | null;
  /** How many requests the record stands for: 1, or more for a summary of refusals over the audit budget. */
  readonly count: number;
}
