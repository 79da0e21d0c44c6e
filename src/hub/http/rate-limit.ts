// Token-bucket rate limits for the hub (429 with Retry-After, or a `rate_limited` answer on the socket): per bot
// key, per agent token (HTTP and socket events, separately) and per client address for failed authentication.
// A bucket per key: `burst` tokens at most, refilled continuously at `perMinute` tokens per minute, so a caller
// may send a short burst and then its steady rate. The key map is an LRU cache with a fixed maximum, so a flood
// of distinct keys (or addresses) cannot grow memory without limit; a forgotten key simply starts again with a
// full bucket, which only ever errs toward letting a request through.
import { LRUCache } from 'lru-cache';

export interface RateLimitDecision {
  ok: boolean;
  /** Whole seconds until one token is available again; 0 when the request was allowed. */
  retryAfterSeconds: number;
}

export interface RateLimiter {
  /** Spends one token for `key` when one is left. */
  take(key: string): RateLimitDecision;
  /** Whether `key` has a token left, without spending it (a failed-auth limit checks before it counts). */
  peek(key: string): RateLimitDecision;
}

/**
 * What the HTTP and socket layers use: a limiter that may answer later, because in cluster mode the buckets live
 * in Redis (cluster/redis-rate-limit.ts) so every node spends from the same budget. The in-memory one fits too.
 */
export interface SharedRateLimiter {
  take(key: string): RateLimitDecision | Promise<RateLimitDecision>;
  peek(key: string): RateLimitDecision | Promise<RateLimitDecision>;
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
  // `get` marks a key most recently used; past `max` the least recently used key is evicted.
  const buckets = new LRUCache<string, Bucket>({ max: maxKeys });

  const refilled = (key: string): Bucket => {
    const t = now();
    const bucket = buckets.get(key);
    if (!bucket) {
      const fresh = { tokens: burst, updatedAt: t };
      buckets.set(key, fresh);
      return fresh;
    }
    // A clock that goes backwards must not drain or overfill the bucket.
    const elapsed = Math.max(0, t - bucket.updatedAt);
    bucket.tokens = Math.min(burst, bucket.tokens + elapsed * refillPerMs);
    bucket.updatedAt = Math.max(bucket.updatedAt, t);
    return bucket;
  };
  const refused = (bucket: Bucket): RateLimitDecision => {
    const msUntilToken = (1 - bucket.tokens) / refillPerMs;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(msUntilToken / 1000)) };
  };

  return {
    take(key) {
      const bucket = refilled(key);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { ok: true, retryAfterSeconds: 0 };
      }
      return refused(bucket);
    },
    peek(key) {
      if (!buckets.has(key)) return { ok: true, retryAfterSeconds: 0 };
      const bucket = refilled(key);
      return bucket.tokens >= 1 ? { ok: true, retryAfterSeconds: 0 } : refused(bucket);
    },
  };
}

/** The hub's limits (per minute; the burst is one minute's worth). Defaults far above what a desk or demo sends. */
export interface HubRateLimits {
  /** Requests per bot key (BATON_BOT_RATE_PER_MINUTE, 1200). */
  botPerMinute: number;
  /** Agent and supervisor HTTP requests per token (BATON_AGENT_RATE_PER_MINUTE, 600). */
  agentHttpPerMinute: number;
  /** Socket events per agent token (BATON_AGENT_EVENT_RATE_PER_MINUTE, 1200). */
  agentEventsPerMinute: number;
  /** Failed authentications (HTTP 401 and refused socket sign-ins) per client address (BATON_AUTH_FAILURES_PER_MINUTE, 60). */
  authFailuresPerMinute: number;
}

export const defaultRateLimits: HubRateLimits = { botPerMinute: 1_200, agentHttpPerMinute: 600, agentEventsPerMinute: 1_200, authFailuresPerMinute: 60 };

export interface HubRateLimiters {
  bot: SharedRateLimiter;
  agentHttp: SharedRateLimiter;
  agentEvents: SharedRateLimiter;
  authFailures: SharedRateLimiter;
}

export function createHubRateLimiters(limits: Partial<HubRateLimits>, now?: () => number): { [K in keyof HubRateLimiters]: RateLimiter } {
  const l = { ...defaultRateLimits, ...limits };
  const make = (perMinute: number): RateLimiter => createRateLimiter({ perMinute, ...(now ? { now } : {}) });
  return { bot: make(l.botPerMinute), agentHttp: make(l.agentHttpPerMinute), agentEvents: make(l.agentEventsPerMinute), authFailures: make(l.authFailuresPerMinute) };
}

/** The client address a limit is kept for: the socket's peer (a proxy's X-Forwarded-For is not trusted). */
export function clientAddress(remote: string | undefined): string {
  if (!remote) return 'unknown';
  return remote.startsWith('::ffff:') ? remote.slice(7) : remote;
}
