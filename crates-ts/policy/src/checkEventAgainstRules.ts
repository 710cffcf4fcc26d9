import type { PolicyRuleId } from './policyRuleIds.js';
import type { PolicyRules } from './policyRuleSet.js';
import { matchesType } from './typePattern.js';

/** What the rules look at in one event: its namespace (from the journal ref), envelope fields and size. */
export interface EventFacts {
  readonly ns: string;
  readonly actor: string;
  readonly type: string;
  /** The envelope's `caps` (empty when absent). */
  readonly caps: readonly string[];
  /** Length of the event's canonical bytes (event.cbor). */
  readonly bytes: number;
}

export interface RuleViolation {
  readonly rule: PolicyRuleId;
  /** One line naming the rule's source (`policies/<file>:<line>`) and what would satisfy it. */
  readonly reason: string;
}

/**
 * Checks one event against the policy rules: writer first, then size, then caps; returns the first
 * broken rule or null. Pure and deterministic (same rules and facts, same answer), so the gate and
 * any client can run it on material already loaded. A namespace without a rule allows any event.
 *
 * @example
 * checkEventAgainstRules(rules, { ns: 'finance', actor: 'user:bob', type: 'invoice.paid', caps: [], bytes: 310 });
 * // { rule: 'gatos.policy-rule.missing-cap', reason: 'type invoice.paid in namespace finance needs cap finance:write ...' }
 */
export function checkEventAgainstRules(rules: PolicyRules, event: EventFacts): RuleViolation | null {
  const rule = rules.namespaces.find((r) => r.ns === event.ns);
  if (!rule) return null;
  const w = rule.writers;
  if (w && !w.actors.includes(event.actor) && !(w.anyTrusted && rules.trustedActors.includes(event.actor))) {
    return {
      rule: 'gatos.policy-rule.ns-writer',
      reason: `${event.actor} may not write namespace ${event.ns} (writers: ${w.entries.join(', ')}; ${rule.source})`,
    };
  }
  if (rule.maxEventBytes !== null && event.bytes > rule.maxEventBytes) {
    return {
      rule: 'gatos.policy-rule.size',
      reason: `event is ${event.bytes} bytes, over namespace ${event.ns}'s max_event_bytes ${rule.maxEventBytes} (${rule.source}; store large content as a blob pointer)`,
    };
  }
  for (const t of rule.types) {
    if (!matchesType(t.pattern, event.type)) continue;
    const missing = t.caps.find((cap) => !event.caps.includes(cap));
    if (missing !== undefined) {
      return {
        rule: 'gatos.policy-rule.missing-cap',
        reason: `missing cap: ${missing} (type ${event.type} in namespace ${event.ns} matches ${JSON.stringify(t.pattern)}, which needs caps [${t.caps.join(', ')}]; ${t.source})`,
      };
    }
  }
  return null;
}
