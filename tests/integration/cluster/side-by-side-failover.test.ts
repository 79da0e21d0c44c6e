// Hub nodes side by side under load (issue 10): 3 hub processes (`npm run hub`, src/hub/cli.ts) on one fresh
// PostgreSQL database and a Redis key prefix of the test's own (BATON_REDIS_URL). Every node listens and serves
// itself; the one holding the routing lease routes, and the others send it their routing requests over Redis.
// Desks are spread over the nodes; bots post to random nodes and try another one when a node drops them or answers
// 503 (no routing node reachable). While 2,000 customer messages flow, the routing node is killed with SIGKILL, and
// later its successor is stopped with SIGINT (Ctrl+C): each time another node takes the lease, rebuilds the router
// from the database and counts the agents Redis says are connected; desks of the node that went reconnect to
// another with their lastSeq. Afterwards: every hand-off is held by exactly one agent (or still queued), every
// message was stored once and applied once and in order by the desk holding its conversation, and no offer is
// stranded.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAgent, freePort, hubCliArgs, killIfRunning, repoRoot, rng } from '../../support/hub-process';
import { createTestDatabase, type TestDatabase } from '../../support/pg-database';
import { createTestRedisPrefix, type TestRedisPrefix } from '../../support/redis-prefix';
import { BOT_KEY, botHeaders, handoff } from '../hub/hub-harness';
import { ClusterDesk as Desk } from '../../support/cluster-desk';

const NODES = 3;
const AGENTS = 6;
const CONVERSATIONS = 24;
const MESSAGES = 2_000;
const KILL_AFTER = 700; // messages acknowledged before the routing node is killed (kill -9)
const STOP_AFTER = 1_400; // ... and before the node that took over is stopped (SIGINT, what Ctrl+C sends)
const SEED = Number(process.env.CLUSTER_SEED ?? 20261202);

let db: TestDatabase;
let redis: TestRedisPrefix;
const dataDirs: string[] = [];
const children: ChildProcess[] = [];
beforeAll(async () => {
  db = await createTestDatabase();
  redis = createTestRedisPrefix();
});
afterAll(async () => {
  for (const c of children) killIfRunning(c);
  await Promise.all(children.map((c) => (c.exitCode === null && c.signalCode === null ? new Promise((r) => c.once('exit', r)) : undefined)));
  for (const d of dataDirs) rmSync(d, { recursive: true, force: true });
  await db?.drop();
  await redis?.cleanup();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Node {
  url: string;
  child: ChildProcess;
  state: 'starting' | 'serving' | 'dead';
  /** It printed that it took the routing lease. */
  routing: boolean;
  /** What it printed, for a failure message. */
  log: string;
  exited: Promise<void>;
}

function startNode(env: NodeJS.ProcessEnv, port: number): Node {
  const dir = mkdtempSync(join(tmpdir(), 'baton-cluster-'));
  dataDirs.push(dir);
  const child = spawn(process.execPath, hubCliArgs, {
    cwd: repoRoot,
    env: { ...env, BATON_DATA_DIR: dir, BATON_HUB_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const node: Node = { url: `http://127.0.0.1:${port}`, child, state: 'starting', routing: false, log: '', exited: new Promise((r) => child.once('exit', () => r())) };
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
    node.log += d.toString();
    if (out.includes('listening on') && node.state === 'starting') node.state = 'serving';
    if (out.includes('routes hand-offs for the cluster')) node.routing = true;
  });
  child.stderr?.on('data', (d: Buffer) => (node.log += d.toString()));
  void node.exited.then(() => {
    node.state = 'dead';
    node.routing = false;
  });
  return node;
}


describe('hub nodes side by side on PostgreSQL and Redis: kill -9, then stop, the routing node while messages flow', () => {
  it('moves routing to another node on kill -9 and on Ctrl+C, and loses, duplicates and reorders nothing', async () => {
    const random = rng(SEED);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      BATON_DATABASE_URL: db.url,
      BATON_REDIS_URL: redis.url,
      BATON_REDIS_PREFIX: redis.prefix,
      BATON_BOT_KEYS: BOT_KEY,
      BATON_CUSTOMER_TOKEN_SECRET: 'cluster-test-secret-0123456789',
      BATON_BOT_RATE_PER_MINUTE: '1000000',
      BATON_AGENT_EVENT_RATE_PER_MINUTE: '1000000',
      BATON_RECONNECT_GRACE_SECONDS: '3600',
      BATON_OFFER_TIMEOUT_SECONDS: '600',
    };
    const tokens = await Promise.all(Array.from({ length: AGENTS }, (_, i) => addAgent(env, `agent-${i}`, `Agent ${i}`, ['--skills', 'billing', '--capacity', String(CONVERSATIONS)])));
    const ports = await Promise.all(Array.from({ length: NODES }, () => freePort()));
    const nodes = ports.map((p) => startNode(env, p));
    const urls = nodes.map((n) => n.url);
    for (let i = 0; i < 400 && !(nodes.every((n) => n.state === 'serving') && nodes.filter((n) => n.routing).length === 1); i++) await sleep(50);
    expect(nodes.map((n) => n.state)).toEqual(['serving', 'serving', 'serving']);
    expect(nodes.filter((n) => n.routing)).toHaveLength(1);

    const desks = tokens.map((t, i) => new Desk(`agent-${i}`, t, urls, i));
    await Promise.all(desks.map((d) => d.connect()));
    // Every node serves desks itself.
    expect(new Set(desks.map((d) => d.via[0])).size).toBe(NODES);

    // A bot request to a random node; on a refused or dropped connection or a 5xx (503: no routing node
    // reachable right now), the next node.
    let botRetries = 0;
    const answeredVia = new Map<string, number>();
    const bot = async (path: string, body: unknown): Promise<{ status: number; json: { handoffId?: string; created?: boolean } }> => {
      let k = Math.floor(random() * NODES);
      for (let attempt = 0; attempt < 200; attempt++) {
        const url = urls[k++ % NODES]!;
        try {
          const res = await fetch(`${url}${path}`, { method: 'POST', headers: botHeaders, body: JSON.stringify(body), signal: AbortSignal.timeout(8_000) });
          const json = (await res.json()) as { handoffId?: string };
          if (res.status >= 500) throw new Error(String(res.status));
          answeredVia.set(url, (answeredVia.get(url) ?? 0) + 1);
          return { status: res.status, json };
        } catch {
          botRetries++;
          if (attempt >= NODES) await sleep(50);
        }
      }
      throw new Error(`no node answered ${path}`);
    };

    const conversations = Array.from({ length: CONVERSATIONS }, (_, i) => `side-${i}`);
    const handoffIds = new Map<string, string>();
    for (const c of conversations) {
      const r = await bot('/v1/handoffs', handoff(c));
      expect(r.status).toBe(201);
      handoffIds.set(c, r.json.handoffId ?? '');
    }
    // Every hand-off is offered and accepted before the messages start, so each message has one desk to reach.
    const assigned = () => desks.reduce((n, d) => n + d.applied.filter((e) => e.type === 'conversation.assigned').length, 0);
    for (let i = 0; i < 400 && assigned() < CONVERSATIONS; i++) await sleep(50);
    expect(assigned()).toBe(CONVERSATIONS);

    // 2,000 customer messages: each conversation sends its own in order (the next after the last was answered),
    // all conversations at once. The routing node is killed once KILL_AFTER were acknowledged, its successor stopped
    // once STOP_AFTER were.
    const perConversation = new Map(conversations.map((c) => [c, [] as string[]]));
    for (let i = 0; i < MESSAGES; i++) perConversation.get(conversations[Math.floor(random() * CONVERSATIONS)]!)!.push(`m-${String(i).padStart(5, '0')}`);
    let acked = 0;
    let killed: Node | undefined;
    let stopped: Node | undefined;
    let takeoverMs = 0;
    let handoverMs = 0;
    const killer = (async () => {
      while (acked < KILL_AFTER) await sleep(5);
      killed = nodes.find((n) => n.routing);
      let at = performance.now();
      killed?.child.kill('SIGKILL');
      for (let i = 0; i < 600 && !nodes.some((n) => n.routing && n !== killed); i++) await sleep(10);
      takeoverMs = performance.now() - at;
      while (acked < STOP_AFTER) await sleep(5);
      stopped = nodes.find((n) => n.routing && n !== killed);
      at = performance.now();
      stopped?.child.kill('SIGINT');
      const last = nodes.find((n) => n !== killed && n !== stopped);
      while (last && !last.routing && last.state !== 'dead') await sleep(10);
      handoverMs = performance.now() - at;
    })();
    await Promise.all(
      conversations.map(async (c) => {
        for (const id of perConversation.get(c)!) {
          const r = await bot(`/v1/conversations/${c}/messages`, { role: 'customer', text: `text of ${id}`, clientMessageId: id });
          if (r.status !== 201 && r.status !== 200) throw new Error(`message ${id} refused: ${r.status}`);
          acked++;
        }
      }),
    );
    await killer;
    expect(killed).toBeDefined();
    expect(stopped).toBeDefined();
    await killed?.exited;
    await stopped?.exited;
    expect(stopped?.child.exitCode).toBe(0); // a clean stop: everything written, then the lease given up
    const successor = nodes.find((n) => n.routing);
    expect(successor, nodes.map((n) => `${n.url} ${n.state}:\n${n.log.slice(-2000)}`).join('\n')).toBeDefined();

    // After both, a routing operation through the last node, which routes now.
    const late = `side-late`;
    const lateAnswer = await bot('/v1/handoffs', handoff(late));
    expect(lateAnswer.status).toBe(201);
    handoffIds.set(late, lateAnswer.json.handoffId ?? '');

    // Quiet: every desk has applied up to its head in the database.
    const pool = new pg.Pool({ connectionString: db.url, max: 2 });
    const head = async (agentId: string) => Number((await pool.query('SELECT seq FROM event_heads WHERE stream = $1', [`a:${agentId}`])).rows[0]?.seq ?? 0);
    const lateHeld = async () => (await pool.query("SELECT 1 FROM handoffs WHERE conversation_id = $1 AND status = 'active'", [late])).rowCount === 1;
    for (let i = 0; i < 600; i++) {
      const heads = await Promise.all(desks.map((d) => head(d.id)));
      if (desks.every((d, k) => d.lastSeq === heads[k]) && (await lateHeld())) break;
      await sleep(50);
    }
    const heads = await Promise.all(desks.map((d) => head(d.id)));
    expect(desks.map((d) => d.lastSeq)).toEqual(heads);

    const handoffs = (await pool.query('SELECT id, conversation_id, status, agent_id, offered_to FROM handoffs')).rows as { id: string; conversation_id: string; status: string; agent_id: string | null; offered_to: string | null }[];
    const messages = (await pool.query("SELECT handoff_id, client_message_id AS id FROM messages WHERE role = 'customer' AND before_handoff = 0 ORDER BY handoff_id, n")).rows as { handoff_id: string; id: string }[];
    await pool.end();

    // Held by exactly one agent, or queued; and the desk that holds it has it (its last word on it is "assigned").
    const byStatus = new Map<string, number>();
    for (const h of handoffs) byStatus.set(h.status, (byStatus.get(h.status) ?? 0) + 1);
    const badHolders = handoffs.filter((h) => (h.status === 'active' ? !h.agent_id : h.status !== 'queued'));
    const strandedOffers = handoffs.filter((h) => h.status === 'offered' || h.offered_to !== null);
    const holdsOnDesk = handoffs.filter((h) => {
      const desk = desks.find((d) => d.id === h.agent_id);
      const last = desk?.applied.filter((e) => (e.type === 'conversation.assigned' ? e.conversation.handoffId : e.type === 'conversation.removed' ? e.handoffId : undefined) === h.id).at(-1);
      return last?.type === 'conversation.assigned';
    });

    // Stored once each, in the order each conversation sent them; applied once each, in that order, by the holder.
    const sentIds = conversations.flatMap((c) => perConversation.get(c)!);
    const storedByHandoff = new Map<string, string[]>();
    for (const m of messages) storedByHandoff.set(m.handoff_id, [...(storedByHandoff.get(m.handoff_id) ?? []), m.id]);
    let outOfOrder = 0;
    let deliveredOnce = 0;
    let deliveredTwice = 0;
    let notDelivered = 0;
    for (const c of conversations) {
      const hid = handoffIds.get(c)!;
      const stored = storedByHandoff.get(hid) ?? [];
      if (stored.join() !== perConversation.get(c)!.join()) outOfOrder++;
      const holder = handoffs.find((h) => h.id === hid)?.agent_id;
      const desk = desks.find((d) => d.id === holder);
      const seen = (desk?.applied ?? []).flatMap((e) => (e.type === 'message' && e.message.handoffId === hid ? [e.message.clientMessageId ?? ''] : []));
      if (seen.join() !== perConversation.get(c)!.join()) outOfOrder += seen.length === perConversation.get(c)!.length ? 1 : 0;
      const counts = new Map<string, number>();
      for (const id of seen) counts.set(id, (counts.get(id) ?? 0) + 1);
      for (const id of perConversation.get(c)!) {
        const n = counts.get(id) ?? 0;
        if (n === 1) deliveredOnce++;
        else if (n === 0) notDelivered++;
        else deliveredTwice++;
      }
    }
    const received = desks.reduce((n, d) => n + d.received, 0);
    const appliedCount = desks.reduce((n, d) => n + d.applied.length, 0);
    console.log(
      `side-by-side cluster test (seed ${SEED}): nodes ${NODES}, all serving; routing node killed (-9) after ${KILL_AFTER} messages, another routing ${Math.round(takeoverMs)} ms later; that one stopped (SIGINT) after ${STOP_AFTER}, the last node routing: ${successor ? 'yes' : 'no'} (${Math.round(handoverMs)} ms after the SIGINT); hand-offs ${handoffs.length} ` +
        `(${[...byStatus].map(([s, n]) => `${s} ${n}`).join(', ')}), held by exactly one agent ${holdsOnDesk.length}, stranded offers ${strandedOffers.length}; ` +
        `messages sent ${sentIds.length}, stored ${messages.length}, delivered once ${deliveredOnce}, twice ${deliveredTwice}, never ${notDelivered}, out of order ${outOfOrder}; ` +
        `bot requests answered via node ${urls.map((u) => answeredVia.get(u) ?? 0).join('/')}, bot retries ${botRetries}, desk reconnects ${desks.reduce((n, d) => n + d.reconnects, 0)}, accept retries ${desks.reduce((n, d) => n + d.acceptRetries, 0)}, events received ${received}, applied ${appliedCount} (dropped by seq ${received - appliedCount})`,
    );
    for (const d of desks) d.stop();

    expect(desks.flatMap((d) => d.gaps)).toEqual([]);
    expect(badHolders).toEqual([]);
    expect(holdsOnDesk).toHaveLength(handoffs.filter((h) => h.status === 'active').length);
    expect(strandedOffers).toEqual([]);
    expect(handoffs.find((h) => h.conversation_id === late)?.status).toBe('active');
    expect(messages).toHaveLength(MESSAGES);
    expect(new Set(messages.map((m) => m.id)).size).toBe(MESSAGES);
    expect([deliveredOnce, deliveredTwice, notDelivered, outOfOrder]).toEqual([MESSAGES, 0, 0, 0]);
    expect(desks.some((d) => d.reconnects > 0)).toBe(true);
    // Every node answered bots itself (none forwards).
    expect(urls.every((u) => (answeredVia.get(u) ?? 0) > 0)).toBe(true);
  }, 90_000);
});
