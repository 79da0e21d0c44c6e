// The hub's rate limits shared by every node in cluster mode: the same token buckets as http/rate-limit.ts, kept in
// Redis (one hash per key, `prefix:rl:LIMIT:HASH`) and updated by one Lua script, so a bot that spreads its
// requests over three nodes still has one budget. The script reads Redis's own clock, so nodes whose clocks differ
// agree on the refill. Keys are hashed (a bot key is a secret and never goes to Redis as such) and expire once
// their bucket would be full again. When Redis cannot answer, the node's own in-memory bucket decides: per node,
// which errs toward letting a request through rather than refusing everyone during a Redis hiccup.
import { createHash } from 'node:crypto';
import { createHubRateLimiters, defaultRateLimits, type HubRateLimiters, type HubRateLimits, type RateLimitDecision, type SharedRateLimiter } from '../http/rate-limit';
import type { RedisBus } from './redis-bus';

// KEYS[1] the bucket; ARGV: burst, refill per ms, 1 = take / 0 = peek. Answers { ok (1/0), ms until a token }.
const BUCKET = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local burst = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local take = ARGV[3] == '1'
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(b[1])
local at = tonumber(b[2])
if tokens == nil then
  if not take then return {1, 0} end
  tokens = burst
  at = now
end
tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
at = math.max(at, now)
local ok = 0
if tokens >= 1 then
  ok = 1
  if take then tokens = tokens - 1 end
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(at))
redis.call('PEXPIRE', KEYS[1], math.ceil((burst - tokens) / rate) + 1000)
if ok == 1 then return {1, 0} end
return {0, math.ceil((1 - tokens) / rate)}
`;

export interface RedisLimiterOptions {
  /** The limit's name in its keys (`bot`, `agentHttp`, ...). */
  name: string;
  perMinute: number;
  burst?: number;
  /** Decides when Redis cannot. */
  fallback: SharedRateLimiter;
}

export function createRedisRateLimiter(bus: RedisBus, opts: RedisLimiterOptions): SharedRateLimiter {
  const burst = Math.max(1, opts.burst ?? opts.perMinute);
  const refillPerMs = opts.perMinute / 60_000;
  const keyOf = (key: string): string => bus.key('rl', opts.name, createHash('sha256').update(key).digest('base64url').slice(0, 32));
  const decide = async (key: string, take: boolean): Promise<RateLimitDecision> => {
    try {
      const r = (await bus.client.eval(BUCKET, { keys: [keyOf(key)], arguments: [String(burst), String(refillPerMs), take ? '1' : '0'] })) as [number, number];
      return r[0] === 1 ? { ok: true, retryAfterSeconds: 0 } : { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(r[1] / 1000)) };
    } catch {
      return take ? opts.fallback.take(key) : opts.fallback.peek(key);
    }
  };
  return { take: (key) => decide(key, true), peek: (key) => decide(key, false) };
}

/** The hub's four limits (see createHubRateLimiters), shared through Redis. */
export function createRedisHubRateLimiters(bus: RedisBus, limits: Partial<HubRateLimits>): HubRateLimiters {
  const l = { ...defaultRateLimits, ...limits };
  const local = createHubRateLimiters(l);
  const make = (name: keyof HubRateLimiters, perMinute: number): SharedRateLimiter => createRedisRateLimiter(bus, { name, perMinute, fallback: local[name] });
  return {
    bot: make('bot', l.botPerMinute),
    agentHttp: make('agentHttp', l.agentHttpPerMinute),
    agentEvents: make('agentEvents', l.agentEventsPerMinute),
    authFailures: make('authFailures', l.authFailuresPerMinute),
  };
}
