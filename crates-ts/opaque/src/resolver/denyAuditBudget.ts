import { formatTimestamp, type Clock } from '@gatos/core';
import { TokenBuckets, type BucketRate } from './tokenBuckets.js';
import type { ResolveAuditRecord } from './resolveAuditRecord.js';

/**
 * Bounds how fast unauthenticated refusals grow the audit chain (ADR-0016). A refusal before any
 * token verified is recorded on its own only while both its client's bucket and the global bucket
 * have a token; beyond that it is counted, and the counts are written later as one summary record
 * (`reason: "over-audit-budget"`, `count` = how many), at the latest when the server stops.
 * Rate-limit refusals (429) go through the budget too. Other refusals of authenticated callers (404,
 * class rules) are never summarised: they are bounded by the per-subject rate instead.
 */
export class DenyAuditBudget {
  private readonly perClient: TokenBuckets;
  private readonly global: TokenBuckets;
  private suppressed = 0;
  private clients = new Set<string>();
  private reasons = new Map<string, number>();
  private first: string | null = null;
  private last: string | null = null;

  constructor(rates: { perClient: BucketRate; global: BucketRate }, private readonly clock: Clock) {
    this.perClient = new TokenBuckets(rates.perClient, clock);
    this.global = new TokenBuckets(rates.global, clock);
  }

  /** True when this refusal may be recorded on its own; otherwise it is counted for the next summary. */
  admit(record: ResolveAuditRecord): boolean {
    const remote = record.remote ?? '(unknown)';
    if (this.perClient.take(remote) && this.global.take('*')) return true;
    this.suppressed += 1;
    if (this.clients.size < 1000) this.clients.add(remote);
    this.reasons.set(record.reason, (this.reasons.get(record.reason) ?? 0) + 1);
    this.first ??= record.ts;
    this.last = record.ts;
    return false;
  }

  /** Refusals counted since the last summary. */
  get pending(): number {
    return this.suppressed;
  }

  /** The summary record of everything counted since the last one, or null when nothing was; resets the counts. */
  takeSummary(aud: string): ResolveAuditRecord | null {
    if (this.suppressed === 0) return null;
    const reasons = [...this.reasons].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([r, n]) => `${r}=${n}`).join(' ');
    const clients = [...this.clients].sort();
    const record: ResolveAuditRecord = {
      ts: formatTimestamp(Math.floor(this.clock.now() / 1000)),
      alg: 'blake3',
      digest: null,
      sub: null,
      claimed_sub: null,
      aud,
      decision: 'DENY',
      reason: 'over-audit-budget',
      detail: `${this.suppressed} unauthenticated refusals from ${this.first} to ${this.last} were over the audit budget and are summarised here (${reasons}; clients: ${clients.slice(0, 20).join(' ')}${clients.length > 20 ? ` and ${clients.length - 20} more` : ''})`,
      status: 0,
      class: null,
      remote: clients.length === 1 ? clients[0]! : null,
      count: this.suppressed,
    };
    this.suppressed = 0;
    this.clients = new Set();
    this.reasons = new Map();
    this.first = null;
    this.last = null;
    return record;
  }
}
