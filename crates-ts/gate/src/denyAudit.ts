import { ZERO_OID, formatTimestamp, newUlid, type Clock } from '@gatos/core';
import type { AuditRecord, Pusher } from './auditRecord.js';
import { safeText } from './safeText.js';
import type { PushUpdate } from './pushUpdate.js';
import type { Violation } from './violation.js';

export interface DenyContext {
  readonly clock: Clock;
  readonly pusher: Pusher;
  readonly policyRoot: string | null;
  readonly policyCodeRoot: string | null;
}

/**
 * One DENY audit record per violation (pure apart from the clock and ULID randomness). ULIDs
 * strictly increase within the batch, so records of one push keep their order.
 *
 * @example
 * const records = denyRecords(evaluation.violations, updates, { clock, pusher: pusherFromEnv(process.env), policyRoot, policyCodeRoot });
 */
export function denyRecords(violations: readonly Violation[], updates: readonly PushUpdate[], ctx: DenyContext): AuditRecord[] {
  const now = ctx.clock.now();
  const ts = formatTimestamp(Math.floor(now / 1000));
  let ulid: string | undefined;
  return violations.map((v) => {
    const u = updates.find((x) => x.ref === v.ref);
    ulid = newUlid(now, ulid);
    return {
      decision: 'DENY',
      rule: v.rule,
      reason: safeText(v.reason),
      ref: v.ref,
      old: u?.old ?? ZERO_OID,
      new: u?.new ?? ZERO_OID,
      commit: v.commit ?? null,
      pusher: v.actor === undefined ? ctx.pusher : { ...ctx.pusher, event_actor: v.actor },
      policy_root: ctx.policyRoot,
      policy_code_root: ctx.policyCodeRoot,
      ts,
      ulid,
    };
  });
}
