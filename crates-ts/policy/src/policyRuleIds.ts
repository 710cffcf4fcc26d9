/**
 * The stable ids of the policy-language rules (ADR-0011). The push gate reports them in refusal lines
 * and DENY records exactly as it reports its own rules; ids are never renamed or reused.
 */
export const POLICY_RULES = {
  'gatos.policy-rule.ns-writer': "the event's actor is not among the writers the active policy allows for its namespace",
  'gatos.policy-rule.missing-cap': "the event's caps lack a capability the active policy requires for its type in its namespace",
  'gatos.policy-rule.size': "the event is larger than the active policy's max_event_bytes for its namespace",
  'gatos.policy-rule.predicate': "the predicate the active policy names for the event's namespace did not return true (a reason, a throw, or a sandbox limit)",
} as const;

/** A rule id of the policy language. */
export type PolicyRuleId = keyof typeof POLICY_RULES;
