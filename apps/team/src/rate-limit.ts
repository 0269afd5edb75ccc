/**
 * Per-token rate limit for pushes (issue 26 "rate limits per token"): a token bucket per learner, in this process.
 * Several team servers each keep their own buckets, so behind a load balancer the effective limit is the per-instance
 * limit times the number of instances (stated in the README).
 */

/** Options: a burst of `burst` pushes, refilled at `perSecond`. */
export interface RateLimiterOptions {
  burst: number;
  perSecond: number;
  /** Clock in ms (tests). */
  now?: () => number;
  /** Most buckets kept; the least recently used are dropped beyond it (default 100,000). */
  maxKeys?: number;
}

export interface RateLimiter {
  /** Takes one token from `key`'s bucket; false when empty. */
  take(key: string): boolean;
  /** Seconds until `key` has a token again (at least 1). */
  retryAfterSeconds(key: string): number;
}

export function createRateLimiter(opts: RateLimiterOptions): RateLimiter {
  const now = opts.now ?? Date.now;
  const maxKeys = opts.maxKeys ?? 100_000;
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refill = (key: string) => {
    const t = now();
    const b = buckets.get(key) ?? { tokens: opts.burst, at: t };
    b.tokens = Math.min(opts.burst, b.tokens + ((t - b.at) / 1000) * opts.perSecond);
    b.at = t;
    buckets.delete(key);
    buckets.set(key, b); // most recently used last
    if (buckets.size > maxKeys) buckets.delete(buckets.keys().next().value as string);
    return b;
  };
  return {
    take(key) {
      const b = refill(key);
      if (b.tokens < 1) return false;
      b.tokens -= 1;
      return true;
    },
    retryAfterSeconds(key) {
      const b = refill(key);
      return Math.max(1, Math.ceil((1 - b.tokens) / opts.perSecond));
    },
  };
}
