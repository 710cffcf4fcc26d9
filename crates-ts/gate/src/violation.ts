import type { Oid } from '@gatos/core';
import type { RuleId } from './ruleIds.js';

/** One reason to refuse a push: which rule, which ref, and why, in one line. */
export interface Violation {
  readonly rule: RuleId;
  readonly ref: string;
  /** One line naming what is wrong and, where possible, what to do instead. */
  readonly reason: string;
  /** The offending commit, when the violation is about one. */
  readonly commit?: Oid;
  /** The event actor involved, when known (recorded as the pusher's `event_actor` in the audit). */
  readonly actor?: string;
}
