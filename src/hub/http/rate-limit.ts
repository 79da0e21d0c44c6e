// Per-key request rate limit for the bot-facing HTTP API (429 with Retry-After when a bot key sends too fast).
// A token bucket per key: `burst` tokens at most, refilled continuously at `perMinute` tokens per minute, so a
// bot may send a short burst and then its steady rate. The key map is bounded (least recently used keys are
// forgotten first) so a flood of distinct keys cannot grow memory without limit; a forgotten key simply starts
// again with a full bucket, which only ever errs toward letting a request through.

export interface RateLimitDecision {
  ok: boolean;
  /** Whole seconds until one token is available again; 0 when the request was allowed. */
  retryAfterSeconds: number;
}

export interface RateLimiter {
  take(key: string): RateLimitDecision;
}

export interface RateLimiterOptions {
  perMinute: number;
  /** Bucket size; defaults to `perMinute` (one minute's worth of requests at once). */
  burst?: number;
  now?: () => number;
  /** Most keys remembered at once; defaults to 10 000. */
  maxKeys?: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export function createRateLimiter(opts: RateLimiterOptions): RateLimiter {
  if (!(opts.perMinute > 0)) throw new Error('createRateLimiter: perMinute must be a positive number.');
  const burst = Math.max(1, opts.burst ?? opts.perMinute);
  const now = opts.now ?? Date.now;
  const maxKeys = Math.max(1, opts.maxKeys ?? 10_000);
  const refillPerMs = opts.perMinute / 60_000;
  // A Map iterates in insertion order; re-inserting on every use keeps the least recently used key first.
  const buckets = new Map<string, Bucket>();

  return {
    take(key) {
      const t = now();
      let bucket = buckets.get(key);
      if (bucket) {
        buckets.delete(key);
        // A clock that goes backwards must not drain or overfill the bucket.
        const elapsed = Math.max(0, t - bucket.updatedAt);
        bucket.tokens = Math.min(burst, bucket.tokens + elapsed * refillPerMs);
        bucket.updatedAt = Math.max(bucket.updatedAt, t);
      } else {
        bucket = { tokens: burst, updatedAt: t };
        while (buckets.size >= maxKeys) {
          const oldest = buckets.keys().next();
          if (oldest.done) break;
          buckets.delete(oldest.value);
        }
      }
      buckets.set(key, bucket);

      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { ok: true, retryAfterSeconds: 0 };
      }
      const msUntilToken = (1 - bucket.tokens) / refillPerMs;
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(msUntilToken / 1000)) };
    },
  };
}
