// `npm run bench cluster`: the engines side by side, each ratio measured in the same run on the same machine.
// - one hub on PostgreSQL against one on SQLite (the same intake load);
// - 3 hub processes on one PostgreSQL database against 1. Today only the holder of the routing lease serves
//   (src/hub/cluster/routing-lease.ts) and the standbys forward to it (cluster/forwarder.ts): bots reach a random
//   node, so the row shows what 3 nodes cost, not yet what they add;
// - 3 hub processes side by side (PostgreSQL + Redis, BATON_REDIS_URL: each serves itself, the routing-lease
//   holder routes and the others send it their routing requests over Redis) against 1 hub process on PostgreSQL
//   alone. Both sides run as `npm run hub` processes, so neither shares the bench's event loop.
// Needs PostgreSQL (BATON_TEST_PG_URL, default postgres://postgres@127.0.0.1:5432/test) and, for the side-by-side
// row, Redis (BATON_TEST_REDIS_URL, default redis://127.0.0.1:6379); each run creates and drops its own database
// and deletes its own Redis keys.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { silentLogger } from '../../src/shared/log';
import { startHub, type RunningHub } from '../../src/hub/server';
import { freePort, killIfRunning, startHubProcess, type HubProcess } from '../support/hub-process';
import { createTestDatabase } from '../support/pg-database';
import { createTestRedisPrefix } from '../support/redis-prefix';
import { row } from './table';

const BOT_KEY = 'bench-cluster-key';
const N = 400;
const BOTS = 8;
const MESSAGES = 2_000;

/**
 * Hand-offs per second through `urls` (a random node first, then the next on a refused connection or a 503), into
 * one queue or spread over `queues`.
 */
async function intake(urls: string[], tag: string, n = N, queues = 1): Promise<number> {
  const auth = { authorization: `Bearer ${BOT_KEY}`, 'content-type': 'application/json' };
  const post = async (i: number): Promise<void> => {
    let k = Math.floor(Math.random() * urls.length);
    for (let attempt = 0; attempt < 50; attempt++) {
      try {
        const res = await fetch(`${urls[k++ % urls.length]}/v1/handoffs`, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify({
            conversationId: `${tag}-${i}`,
            customer: { id: `c-${i}`, name: 'Bench Customer' },
            transcript: Array.from({ length: 8 }, (_, t) => ({ role: t % 2 ? 'bot' : 'customer', text: `turn ${t} of a realistic conversation about order ${i}` })),
            reason: { trigger: 'complexity', detail: 'billing dispute' },
            queue: queues > 1 ? `billing-${i % queues}` : 'billing',
          }),
        });
        if (res.status === 503) throw new Error('no routing node yet');
        if (res.status !== 201) throw new Error(`hand-off ${i} answered ${res.status}`);
        await res.arrayBuffer();
        return;
      } catch (e) {
        if (e instanceof Error && e.message.startsWith('hand-off')) throw e;
      }
    }
    throw new Error(`no node took hand-off ${i}`);
  };
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: BOTS }, async () => {
      while (next < n) await post(next++);
    }),
  );
  return n / ((performance.now() - t0) / 1000);
}

/** Resolves once something accepts connections on the port (a standby's forwarder). */
async function waitListening(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((res) => {
      const s = connect(port, '127.0.0.1', () => (s.destroy(), res(true)));
      s.once('error', () => res(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing listens on ${port}`);
}

/** Customer messages per second into the hand-offs `intake(…, tag)` made, spread over `urls` like intake. */
async function messages(urls: string[], tag: string, n: number): Promise<number> {
  const auth = { authorization: `Bearer ${BOT_KEY}`, 'content-type': 'application/json' };
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: BOTS }, async () => {
      while (next < n) {
        const i = next++;
        const res = await fetch(`${urls[i % urls.length]}/v1/conversations/${tag}-${i % N}/messages`, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify({ role: 'customer', text: `message ${i} about the order`, clientMessageId: `${tag}-msg-${i}` }),
        });
        if (res.status !== 201) throw new Error(`message ${i} answered ${res.status}`);
        await res.arrayBuffer();
      }
    }),
  );
  return n / ((performance.now() - t0) / 1000);
}

/** Hub processes on `env`, each on a port of its own; resolves once every one listens. */
async function hubProcesses(count: number, env: NodeJS.ProcessEnv, dir: () => string, started: HubProcess[]): Promise<string[]> {
  const nodes = await Promise.all(
    Array.from({ length: count }, async () => {
      const port = await freePort();
      return startHubProcess({ ...env, BATON_DATA_DIR: dir(), BATON_HUB_PORT: String(port) }, (child) => started.push({ child, url: '', exited: Promise.resolve() }));
    }),
  );
  return nodes.map((n) => n.url);
}

async function stopProcesses(started: HubProcess[]): Promise<void> {
  await Promise.all(
    started.map(
      (p) =>
        new Promise<void>((res) => {
          if (p.child.exitCode !== null || p.child.signalCode !== null) return res();
          p.child.once('exit', () => res());
          p.child.kill('SIGINT');
          setTimeout(() => killIfRunning(p.child), 5_000).unref();
        }),
    ),
  );
}

/** 3 side-by-side nodes (PostgreSQL + Redis) against 1 node on PostgreSQL, all as hub processes, in one run. */
async function benchSideBySide(dir: () => string): Promise<void> {
  const env = (url: string): NodeJS.ProcessEnv => ({ ...process.env, BATON_DATABASE_URL: url, BATON_BOT_KEYS: BOT_KEY, BATON_BOT_RATE_PER_MINUTE: '1000000', BATON_CUSTOMER_TOKEN_SECRET: 'bench-cluster-secret-0123456789' });
  const single = await createTestDatabase();
  const started: HubProcess[] = [];
  let oneRate = 0;
  let oneMessages = 0;
  try {
    const urls = await hubProcesses(1, env(single.url), dir, started);
    await intake(urls, 'warm1', 40);
    oneRate = await intake(urls, 'p1');
    oneMessages = await messages(urls, 'p1', MESSAGES);
  } finally {
    await stopProcesses(started.splice(0));
    await single.drop();
  }
  const shared = await createTestDatabase();
  const redis = createTestRedisPrefix();
  try {
    const urls = await hubProcesses(3, { ...env(shared.url), BATON_REDIS_URL: redis.url, BATON_REDIS_PREFIX: redis.prefix }, dir, started);
    // Until one node holds the routing lease, hand-offs wait (or answer 503 and are retried): warm up first.
    await intake(urls, 'warm3', 40);
    const threeRate = await intake(urls, 'p3');
    const threeMessages = await messages(urls, 'p3', MESSAGES);
    row(
      `Hub intake, ${N} hand-offs, ${BOTS} bots: 3 nodes side by side (PG + Redis) vs 1 node (PG), as processes`,
      `${Math.round(threeRate)} /s vs ${Math.round(oneRate)} /s (x${(threeRate / oneRate).toFixed(2)})`,
      'x >= 1.5',
      threeRate / oneRate >= 1.5,
    );
    // Messages take no routing decision: each node stores them itself, so this is what side by side adds.
    row(
      `Hub customer messages, ${MESSAGES}, ${BOTS} bots: 3 nodes side by side (PG + Redis) vs 1 node (PG), as processes`,
      `${Math.round(threeMessages)} /s vs ${Math.round(oneMessages)} /s (x${(threeMessages / oneMessages).toFixed(2)})`,
      'x >= 1.5',
      threeMessages / oneMessages >= 1.5,
    );
  } finally {
    await stopProcesses(started.splice(0));
    await shared.drop();
    await redis.cleanup();
  }
}

export async function benchCluster(): Promise<void> {
  const dirs: string[] = [];
  const dir = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'baton-bench-cluster-'));
    dirs.push(d);
    return d;
  };
  const opts = { port: 0, botKeys: [BOT_KEY], botRatePerMinute: 1_000_000, logger: silentLogger };
  try {
    const sqlite = await startHub({ ...opts, dataDir: dir() });
    const sqliteRate = await intake([sqlite.url], 'sqlite');
    await sqlite.close();

    const one = await createTestDatabase();
    try {
      const pgHub = await startHub({ ...opts, dataDir: dir(), databaseUrl: one.url });
      const pgRate = await intake([pgHub.url], 'pg1');
      // Intakes lock only their own queue: spread over 4 queues, their PostgreSQL round trips overlap.
      const spreadRate = await intake([pgHub.url], 'pg4', N, 4);
      await pgHub.close();
      row(
        `Hub intake, ${N} hand-offs, ${BOTS} bots, one PostgreSQL node: over 4 queues vs 1 queue`,
        `${Math.round(spreadRate)} /s vs ${Math.round(pgRate)} /s (x${(spreadRate / pgRate).toFixed(2)})`,
        '(reported)',
        true,
      );
      row(
        `Hub intake, ${N} hand-offs, ${BOTS} bots: one PostgreSQL node vs SQLite`,
        `${Math.round(pgRate)} /s vs ${Math.round(sqliteRate)} /s (x${(pgRate / sqliteRate).toFixed(2)})`,
        'x >= 0.5',
        pgRate / sqliteRate >= 0.5,
      );
    } finally {
      await one.drop();
    }

    const three = await createTestDatabase();
    const hubs: RunningHub[] = [];
    try {
      const first = await startHub({ ...opts, dataDir: dir(), databaseUrl: three.url });
      hubs.push(first);
      const oneRate = await intake([first.url], 'n1');
      // Two more nodes on their own ports: they stand by, forwarding to the first, while it holds the lease.
      const ports = [await freePort(), await freePort()];
      const standby = ports.map((port) => startHub({ ...opts, port, dataDir: dir(), databaseUrl: three.url, leasePollMs: 200 }));
      for (const port of ports) await waitListening(port);
      const threeRate = await intake([first.url, ...ports.map((p) => `http://127.0.0.1:${p}`)], 'n3');
      row(
        `Hub intake on PostgreSQL: 3 nodes (1 serving, 2 forwarding) vs 1 node`,
        `${Math.round(threeRate)} /s vs ${Math.round(oneRate)} /s (x${(threeRate / oneRate).toFixed(2)})`,
        'x >= 2 (needs side-by-side routing)',
        threeRate / oneRate >= 2,
      );
      await first.close();
      hubs.length = 0;
      // One standby takes over; close both (the other waits for the lease and then closes too).
      for (const h of standby) {
        const running = await Promise.race([h, new Promise<undefined>((r) => setTimeout(() => r(undefined), 3_000))]);
        if (running) await running.close();
      }
      await Promise.all(standby.map((h) => h.then((x) => x.close())));
    } finally {
      for (const h of hubs) await h.close();
      await three.drop();
    }

    await benchSideBySide(dir);
  } finally {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}
