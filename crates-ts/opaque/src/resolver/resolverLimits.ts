import type { BucketRate } from './tokenBuckets.js';

/** The resolver's limits (ADR-0016, "Limits"); every one can be set per server. */
export interface ResolverLimits {
  /** Longest request target; a resolve URL is 80 characters. Over it: 414. */
  readonly maxUrlBytes: number;
  /** Largest request head (Node's `maxHeaderSize`). Over it: 431. */
  readonly maxHeaderBytes: number;
  /** Time allowed to receive the request head (Node's `headersTimeout`). */
  readonly headersTimeoutMs: number;
  /** Time allowed for the whole request (Node's `requestTimeout`). */
  readonly requestTimeoutMs: number;
  readonly keepAliveTimeoutMs: number;
  /** Open connections at most; more are refused by the socket layer. */
  readonly maxConnections: number;
  /** Requests per client address (before authentication). Over it: 429. */
  readonly perClient: BucketRate;
  /** Requests per authenticated subject. Over it: 429. */
  readonly perSubject: BucketRate;
  /** Unauthenticated refusals recorded one by one, per client address and in all; the rest are summarised. */
  readonly denyAuditPerClient: BucketRate;
  readonly denyAuditGlobal: BucketRate;
  /** Clock skew allowed on `exp`, `nbf` and `iat`. */
  readonly clockSkewSeconds: number;
  /** Longest token lifetime accepted. */
  readonly maxTokenLifetimeSeconds: number;
  /** How often the active policy ref is re-read (revocations take effect within this). */
  readonly policyRefreshMs: number;
  /** How often summarised refusals are written even when no other record comes. */
  readonly denySummaryIntervalMs: number;
}

export const DEFAULT_RESOLVER_LIMITS: ResolverLimits = {
  maxUrlBytes: 256,
  maxHeaderBytes: 8192,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 256,
  perClient: { perSecond: 20, burst: 40 },
  perSubject: { perSecond: 10, burst: 20 },
  denyAuditPerClient: { perSecond: 1, burst: 20 },
  denyAuditGlobal: { perSecond: 10, burst: 100 },
  clockSkewSeconds: 60,
  maxTokenLifetimeSeconds: 3600,
  policyRefreshMs: 1000,
  denySummaryIntervalMs: 60_000,
};
