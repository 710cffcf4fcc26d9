import { isGatosError, type EventEnvelope, type Oid } from '@gatos/core';
import { checkEventAgainstRules } from '@gatos/policy';
import type { GatePolicy } from './gatePolicy.js';
import type { Violation } from './violation.js';

/**
 * The policy-language rule family (ADR-0011) for one decoded event of a journal update: writer of the
 * namespace, per-namespace size, caps per event type, all from the gate's effective active bundle.
 * Returns null when the event passes (or when the rules do not load: `policyRulesBroken` reports that once).
 */
export function policyRuleViolation(ref: string, ns: string, commit: Oid, env: EventEnvelope, bytes: number, policy: GatePolicy): Violation | null {
  if (isGatosError(policy.rules)) return null;
  const found = checkEventAgainstRules(policy.rules, { ns, actor: env.actor, type: env.type, caps: env.caps ?? [], bytes });
  return found && { rule: found.rule, ref, commit, actor: env.actor, reason: `${commit}: ${found.reason}` };
}

/**
 * Fail closed: when the active bundle's policy files do not parse, no journal update is accepted,
 * because the gate cannot tell which rules the bundle meant to enforce.
 */
export function policyRulesBroken(ref: string, policy: GatePolicy): Violation | null {
  if (!isGatosError(policy.rules)) return null;
  return {
    rule: 'gatos.policy.malformed',
    ref,
    reason: `the policy files of the active bundle ${policy.bundle.commit} do not parse (${policy.rules.message}); publish a corrected bundle`,
  };
}
