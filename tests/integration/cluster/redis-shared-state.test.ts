// What the nodes of a side-by-side cluster share through Redis, against the real Redis under a key prefix of this
// file's own: presence (an agent counts while any live node has them; a node that stops heartbeating, as one
// killed with -9 does, stops counting once its keys expire) and rate limits (one budget per key over all nodes).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRedisBus, type RedisBus } from '../../../src/hub/cluster/redis-bus';
import { startPresence } from '../../../src/hub/cluster/presence';
import { createRedisRateLimiter } from '../../../src/hub/cluster/redis-rate-limit';
import { createRateLimiter } from '../../../src/hub/http/rate-limit';
import { createRpcClient } from '../../../src/hub/cluster/router-rpc';
import { RouterUnavailableError } from '../../../src/hub/routing/router-unavailable';
import { createTestRedisPrefix, type TestRedisPrefix } from '../../support/redis-prefix';

let redis: TestRedisPrefix;
const buses: RedisBus[] = [];
const bus = async (): Promise<RedisBus> => {
  const b = await openRedisBus(redis.url, redis.prefix);
  buses.push(b);
  return b;
};
beforeAll(() => {
  redis = createTestRedisPrefix();
});
afterAll(async () => {
  for (const b of buses) await b.close();
  await redis.cleanup();
});

describe('shared presence', () => {
  it('counts an agent on any live node, and stops counting a node that stopped heartbeating once its keys expire', async () => {
    const [one, two, holder] = [await bus(), await bus(), await bus()];
    const a = startPresence(one, 'node-a', { heartbeatMs: 50, ttlMs: 300 });
    const b = startPresence(two, 'node-b', { heartbeatMs: 50, ttlMs: 300 });
    const reader = startPresence(holder, 'node-h', { heartbeatMs: 50, ttlMs: 300 });
    await a.connected('ana');
    await a.connected('ana');
    await b.connected('ana');
    await b.connected('ben');
    expect(Object.fromEntries(await reader.counts())).toEqual({ ana: 3, ben: 1 });
    await a.disconnected('ana');
    expect((await reader.counts()).get('ana')).toBe(2);

    // node-b "dies": its connection drops without a word, as under kill -9. Nothing deletes its keys.
    two.client.destroy();
    let counts = await reader.counts();
    for (let i = 0; i < 200 && counts.has('ben'); i++) {
      await new Promise((r) => setTimeout(r, 25));
      counts = await reader.counts();
    }
    expect(Object.fromEntries(counts)).toEqual({ ana: 1 });

    // A node that closes cleanly stops counting at once.
    await a.close();
    expect(Object.fromEntries(await reader.counts())).toEqual({});
    await reader.close();
    await b.close().catch(() => undefined);
  });
});

describe('shared rate limits', () => {
  it('gives a key one budget however the requests are spread over nodes', async () => {
    const nodes = [await bus(), await bus(), await bus()];
    const limiters = nodes.map((b) => createRedisRateLimiter(b, { name: 'bot-test', perMinute: 6, fallback: createRateLimiter({ perMinute: 6 }) }));
    const decisions = [];
    for (let i = 0; i < 9; i++) decisions.push((await limiters[i % 3]!.take('bot-key-1')).ok);
    // Three nodes with a budget of 6 each would allow all 9.
    expect(decisions).toEqual([true, true, true, true, true, true, false, false, false]);
    const refused = await limiters[1]!.take('bot-key-1');
    expect(refused.ok).toBe(false);
    expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    // Another key has a budget of its own; peek does not spend.
    expect((await limiters[0]!.peek('bot-key-2')).ok).toBe(true);
    for (let i = 0; i < 6; i++) expect((await limiters[i % 3]!.take('bot-key-2')).ok).toBe(true);
    expect((await limiters[2]!.peek('bot-key-2')).ok).toBe(false);
  });

  it('never writes the key itself to Redis (a bot key is a secret)', async () => {
    const b = await bus();
    await createRedisRateLimiter(b, { name: 'secret-test', perMinute: 5, fallback: createRateLimiter({ perMinute: 5 }) }).take('bot_supersecretvalue');
    const keys: string[] = [];
    for await (const batch of b.client.scanIterator({ MATCH: `${redis.prefix}:rl:secret-test:*` })) keys.push(...batch);
    expect(keys).toHaveLength(1);
    expect(keys[0]).not.toContain('supersecret');
  });

  it('falls back to the node-local bucket when Redis cannot answer', async () => {
    const b = await bus();
    const limiter = createRedisRateLimiter(b, { name: 'down-test', perMinute: 2, fallback: createRateLimiter({ perMinute: 2 }) });
    b.client.destroy();
    expect([(await limiter.take('k')).ok, (await limiter.take('k')).ok, (await limiter.take('k')).ok]).toEqual([true, true, false]);
  });
});

describe('routing requests', () => {
  it('fail with a clear, retryable error when no routing node answers in time', async () => {
    const b = await bus();
    const rpc = await createRpcClient(b, 'lonely-node', 200);
    const failure = await rpc.call('submit', [{}]).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RouterUnavailableError);
    expect((failure as RouterUnavailableError).code).toBe('unavailable');
    expect((failure as Error).message).toMatch(/try again/);
    await rpc.close();
  });
});
