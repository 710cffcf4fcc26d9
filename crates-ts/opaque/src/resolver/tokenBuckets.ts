import type { Clock } from '@gatos/core';

/** A refill rate (tokens per second) and a burst (bucket size). */
export interface BucketRate {
  readonly perSecond: number;
  readonly burst: number;
}

/**
 * Token buckets by key (client address, subject): `take(key)` spends one token when there is one.
 * Keys are bounded: past `maxKeys` the longest-unused bucket is dropped, so a flood of distinct keys
 * costs memory no more than `maxKeys` buckets (a dropped key starts again with a full bucket).
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly rate: BucketRate,
    private readonly clock: Clock,
    private readonly maxKeys = 10_000,
  ) {}

  /** True (and one token spent) when `key` may go ahead now. */
  take(key: string): boolean {
    const now = this.clock.now();
    const seen = this.buckets.get(key);
    const bucket = seen ?? { tokens: this.rate.burst, at: now };
    bucket.tokens = Math.min(this.rate.burst, bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * this.rate.perSecond);
    bucket.at = now;
    // Re-inserting keeps Map order = least recently used first.
    if (seen) this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Seconds until `key` has a whole token again (for `Retry-After`), at least 1. */
  retryAfter(key: string): number {
    const bucket = this.buckets.get(key);
    const missing = bucket ? Math.max(0, 1 - bucket.tokens) : 0;
    return Math.max(1, Math.ceil(missing / this.rate.perSecond));
  }
}
