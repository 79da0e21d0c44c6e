// Hub nodes serving side by side (BATON_DATABASE_URL + BATON_REDIS_URL), in-process here: two hubs on one fresh
// PostgreSQL database and one Redis key prefix of the test's own. Each listens and serves itself; the one holding
// the routing lease routes, the other sends it its routing operations over Redis and hears the events back.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/shared/log';
import { startHub, type HubOptions, type RunningHub } from '../../../src/hub/server';
import { ROUTING_LEASE } from '../../../src/hub/cluster/routing-lease';
import { openRedisBus } from '../../../src/hub/cluster/redis-bus';
import { startPresence } from '../../../src/hub/cluster/presence';
import { createTestDatabase, type TestDatabase } from '../../support/pg-database';
import { createTestRedisPrefix, type TestRedisPrefix } from '../../support/redis-prefix';
import { readSseFrames, type SseFrame } from '../../../src/shared/protocol/sse-frames';
import { api, BOT_KEY, connectDesk, handoff, isOffer, nextCustomerEvent, postHandoff } from '../hub/hub-harness';

let db: TestDatabase;
let redis: TestRedisPrefix;
const dirs: string[] = [];
const hubs: RunningHub[] = [];
beforeAll(async () => {
  db = await createTestDatabase();
  redis = createTestRedisPrefix();
});
afterAll(async () => {
  for (const h of hubs) await h.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  await db.drop();
  await redis.cleanup();
});

const start = async (extra: Partial<HubOptions> = {}, prefix = redis.prefix): Promise<RunningHub> => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-side-'));
  dirs.push(dir);
  const hub = await startHub({ port: 0, dataDir: dir, botKeys: [BOT_KEY], logger: silentLogger, databaseUrl: db.url, redisUrl: redis.url, redisPrefix: prefix, leasePollMs: 50, ...extra });
  hubs.push(hub);
  return hub;
};
const until = async (what: string, check: () => boolean | Promise<boolean>): Promise<void> => {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`never: ${what}`);
};

describe('hub nodes side by side on PostgreSQL and Redis', () => {
  it('serves a desk and a bot on the node without the lease exactly as the routing node would', async () => {
    const a = await start();
    const b = await start();
    await until('one node routes', () => a.cluster?.holding() === true || b.cluster?.holding() === true);
    const [holder, other] = a.cluster?.holding() ? [a, b] : [b, a];
    expect(other.cluster?.holding()).toBe(false);

    const { token } = await holder.admin.issueToken({ id: 'ana', name: 'Ana', role: 'agent', skills: ['billing'], capacity: 2 });
    const { token: sup } = await holder.admin.issueToken({ id: 'sue', name: 'Sue', role: 'supervisor', skills: ['billing'], capacity: 0 });
    // The desk on the node that does not route; the bot posts to it too.
    const desk = connectDesk(other, token);
    await desk.hello;
    const posted = await postHandoff(other, handoff('side-1'));
    expect(posted.status).toBe(201);
    const offer = await desk.next(isOffer(), 'the offer, routed by the other node');
    const handoffId = offer.type === 'offer' ? offer.conversation.handoffId : '';
    expect(handoffId).toBe(posted.json.handoffId);
    const accepted = await desk.request<{ agentId: string }>('offer.accept', { handoffId });
    expect(accepted.ok && accepted.value.agentId).toBe('ana');

    // A customer message through the routing node reaches the desk on the other one, once.
    expect((await api(holder, '/v1/conversations/side-1/messages', { body: { role: 'customer', text: 'hello', clientMessageId: 'c-1' } })).status).toBe(201);
    await desk.next((e) => e.type === 'message' && e.message.clientMessageId === 'c-1', 'the customer message');
    // The agent's answer, sent on the other node, reaches the customer long-polling the routing node.
    const sent = await desk.request('message.send', { handoffId, clientMessageId: 'agent-msg-1', text: 'hi, Ana here' });
    expect(sent.ok).toBe(true);
    await nextCustomerEvent(holder, 'side-1', (e) => e.type === 'message' && e.text === 'hi, Ana here');

    // Supervisors' reads go to the routing node's index: the agent on the other node counts as connected there.
    const supervisor = connectDesk(other, sup);
    await supervisor.hello;
    const presence = await supervisor.request<{ id: string; connected: boolean; activeConversations: number }[]>('supervisor.agents', {});
    expect(presence.ok && presence.value.find((p) => p.id === 'ana')).toMatchObject({ connected: true, activeConversations: 1 });
    const queues = await supervisor.request<{ queue: string }[]>('supervisor.queues', {});
    expect(queues.ok && queues.value.map((q) => q.queue)).toContain('billing');
    supervisor.close();

    // The agent's typing, on the other node, reaches the customer's stream on the routing node (nothing stored).
    const stream = new AbortController();
    const res = await fetch(`${holder.url}/v1/conversations/side-1/stream?typing=1`, { headers: { authorization: `Bearer ${BOT_KEY}` }, signal: stream.signal });
    expect(res.status).toBe(200);
    const frames: SseFrame[] = [];
    const typed = (async () => {
      for await (const f of readSseFrames(res.body!)) {
        frames.push(f);
        // Live once the stored history (up to the agent's message) is read: then the agent types.
        if (f.event === 'message' && JSON.parse(f.data).text === 'hi, Ana here') expect((await desk.request('conversation.typing', { handoffId, typing: true })).ok).toBe(true);
        if (f.event === 'typing') return JSON.parse(f.data) as unknown;
      }
      return undefined;
    })();
    expect(await typed).toEqual({ type: 'typing', typing: true, agentName: 'Ana' });
    stream.abort();

    const resolved = await desk.request('conversation.resolve', { handoffId, wrapUp: { resolution: 'resolved', disposition: 'answered', notes: '' } });
    expect(resolved.ok).toBe(true);

    // A token re-issued through the routing node ends the agent's session on the other node at once.
    const dropped = new Promise<void>((r) => desk.socket.once('disconnect', () => r()));
    await holder.admin.issueToken({ id: 'ana', name: 'Ana', role: 'agent', skills: ['billing'], capacity: 2 });
    await dropped;
    desk.close();
  });

  it('counts an agent connected on another node until that node stops heartbeating, then takes its offer back', async () => {
    const prefix = `${redis.prefix}-ghost`;
    const ghostBus = await openRedisBus(redis.url, prefix);
    try {
      for (const h of hubs.splice(0)) await h.close();
      const holder = await start({ presenceHeartbeatMs: 100, presenceTtlMs: 400 }, prefix);
      await until('it routes', () => holder.cluster?.holding() === true);
      await holder.admin.issueToken({ id: 'gil', name: 'Gil', role: 'agent', skills: ['billing'], capacity: 1 });
      // Another node (this test, speaking the presence protocol) says Gil is connected to it.
      const ghost = startPresence(ghostBus, 'ghost-node', { heartbeatMs: 100, ttlMs: 400 });
      await ghost.connected('gil');
      const pool = new pg.Pool({ connectionString: db.url, max: 1 });
      const offeredTo = async () => (await pool.query<{ offered_to: string | null }>("SELECT offered_to FROM handoffs WHERE conversation_id = 'ghost-1'")).rows[0]?.offered_to;
      try {
        expect((await postHandoff(holder, handoff('ghost-1'))).status).toBe(201);
        await until('the offer goes to the agent on the other node', async () => (await offeredTo()) === 'gil');
        // That node dies as under kill -9: no goodbye, its heartbeat just stops.
        ghostBus.client.destroy();
        await until('the offer is taken back once its presence expired', async () => (await offeredTo()) === null);
        expect((await pool.query("SELECT status FROM handoffs WHERE conversation_id = 'ghost-1'")).rows[0]?.status).toBe('queued');
      } finally {
        await pool.end();
        await ghost.close().catch(() => undefined);
      }
    } finally {
      await ghostBus.close();
      await createTestRedisPrefixCleanup(prefix);
    }
  });

  it('gives a bot key one rate budget across the nodes, not one per node', async () => {
    const prefix = `${redis.prefix}-limits`;
    try {
      const nodes = [await start({ botRatePerMinute: 4 }, prefix), await start({ botRatePerMinute: 4 }, prefix)];
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        statuses.push((await api(nodes[i % 2]!, `/v1/conversations/limits-${i}/messages`, { body: { role: 'customer', text: 'hi', clientMessageId: `limit-msg-${i}` } })).status);
      }
      // 4 answered (404: no such conversation) over both nodes, then 429 on either; per node it would be 6 answers.
      expect(statuses.map((s) => (s === 429 ? 429 : 'answered'))).toEqual(['answered', 'answered', 'answered', 'answered', 429, 429]);
      for (const n of nodes) {
        hubs.splice(hubs.indexOf(n), 1);
        await n.close();
      }
    } finally {
      await createTestRedisPrefixCleanup(prefix);
    }
  });

  it('answers a retryable 503 when no node holds the routing lease, instead of hanging', async () => {
    // Another session holds the lease and routes nothing: the node's routing requests find nobody to answer them.
    const squatter = new pg.Client({ connectionString: db.url });
    await squatter.connect();
    const prefix = `${redis.prefix}-nobody`;
    try {
      for (const h of hubs.splice(0)) await h.close();
      expect((await squatter.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [ROUTING_LEASE.toString()])).rows[0]?.ok).toBe(true);
      const lonely = await start({ rpcTimeoutMs: 300 }, prefix);
      const r = await postHandoff(lonely, handoff('nobody-routes'));
      expect(r.status).toBe(503);
      expect(r.json.error.code).toBe('unavailable');
      expect(r.json.error.message).toMatch(/try again/);
    } finally {
      await squatter.end();
      await createTestRedisPrefixCleanup(prefix);
    }
  });
});

async function createTestRedisPrefixCleanup(prefix: string): Promise<void> {
  const { createClient } = await import('redis');
  const c = createClient({ url: redis.url });
  await c.connect();
  for await (const keys of c.scanIterator({ MATCH: `${prefix}*` })) if (keys.length) await c.del(keys);
  c.destroy();
}
