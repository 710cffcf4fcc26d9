import { isGatosError, type EventEnvelope, type Oid } from '@gatos/core';
import type { FoldValue } from '@gatos/echo';
import { checkEventAgainstRules } from '@gatos/policy';
import type { GatePolicy } from './gatePolicy.js';
import { safeText } from './safeText.js';
import type { Violation } from './violation.js';

/** One decoded event of a journal update whose namespace names a predicate, waiting for its verdict. */
export interface PredicateCandidate {
  readonly commit: Oid;
  readonly env: EventEnvelope;
}

/** Longest predicate reason a refusal line carries (the sandbox already caps it at 1024). */
const MAX_PREDICATE_REASON = 300;

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

/** The bundle path of the predicate the effective policy names for `ns`, or null (none, or rules broken). */
export function predicateFor(ns: string, policy: GatePolicy): string | null {
  if (isGatosError(policy.rules)) return null;
  return policy.rules.namespaces.find((r) => r.ns === ns)?.predicate ?? null;
}

/**
 * Runs the namespace's predicate (ADR-0011 "Predicates") once over every candidate of a journal update,
 * in chain order, in the fold sandbox: one sandbox per update, not per event. `@gatos/echo` is loaded
 * only here, so pushes under bundles without predicates never start QuickJS. Each event whose verdict
 * is not `true` is a `gatos.policy-rule.predicate` violation carrying the predicate's reason (or the
 * sandbox error code); the verdicts depend only on the predicate, the bundle commit and the events.
 */
export async function predicateViolations(ref: string, ns: string, candidates: readonly PredicateCandidate[], policy: GatePolicy): Promise<Violation[]> {
  const path = predicateFor(ns, policy);
  if (path === null || candidates.length === 0) return [];
  const { runPredicate } = await import('@gatos/echo');
  const source = new TextDecoder().decode(policy.bundle.files.get(path));
  const verdicts = await runPredicate({
    source,
    filename: path,
    context: { policy_root: policy.bundle.commit },
    events: candidates.map(({ env }) => ({
      ns,
      actor: env.actor,
      type: env.type,
      ulid: env.ulid,
      // Canonical event payloads are integers, strings, bytes, lists and maps: what a fold accepts.
      payload: env.payload as FoldValue,
      caps: env.caps ?? [],
      ...(env.ts !== undefined ? { ts: env.ts } : {}),
    })),
  });
  return verdicts.flatMap((v, i) => {
    if (v.allow) return [];
    const { commit, env } = candidates[i]!;
    const said = v.code === 'PREDICATE_DENIED' ? safeText(v.reason, MAX_PREDICATE_REASON) : `${v.code}: ${safeText(v.reason, MAX_PREDICATE_REASON)}`;
    return [{ rule: 'gatos.policy-rule.predicate' as const, ref, commit, actor: env.actor, reason: `${commit}: ${said} (predicate ${path} of namespace ${ns})` }];
  });
}
