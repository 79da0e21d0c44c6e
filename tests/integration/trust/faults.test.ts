// Issue 11 point 10, faults: 10,000 messages (FAULT_MESSAGES) between simulated customers (a bot posting each
// customer message over HTTP with a clientMessageId) and agents (real socket.io-client sockets sending replies)
// while agent sockets drop at random and the hub process is killed with SIGKILL and restarted twice on the same
// data dir and port. A sender that gets no answer (connection refused or reset, socket dropped before the ack, a
// 5xx) retries with the same clientMessageId, which is how clients avoid loss; a message counts as lost only if its
// sender was acknowledged. Afterwards: every acknowledged message is stored once and delivered once to the other
// side (the agent's socket events, replayed from its lastSeq after each drop; the bot's events route), in the
// order it was sent per conversation and side, and no conversation was ever held by two agents.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { io, type Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import type { AgentEvent, AgentHello } from '../../../src/shared/protocol/agent-socket';
import type { CustomerEvent } from '../../../src/shared/protocol/customer-events';
import { addAgent, emitUntilDisconnect, freePort, killIfRunning, rng, startHubProcess, type HubProcess } from '../../support/hub-process';
import { BOT_KEY, botHeaders, handoff } from '../hub/hub-harness';

const SEED = Number(process.env.FAULT_SEED ?? 20261203);
const TOTAL = Number(process.env.FAULT_MESSAGES ?? 10_000);
const AGENTS = 4;
const CAPACITY = 8;
const CONVERSATIONS = AGENTS * CAPACITY;
const KILLS = 2;

const dir = mkdtempSync(join(tmpdir(), 'baton-faults-'));
let running: ChildProcess | undefined;
const sockets = new Set<Socket>();
afterAll(() => {
  for (const s of sockets) s.close();
  killIfRunning(running);
  rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pad = (i: number) => String(i).padStart(5, '0');

/** A desk's link: reconnects after every drop with the last seq it applied, and drops replayed seqs it has. */
class AgentLink {
  socket: Socket | undefined;
  lastSeq = 0;
  connected = false;
  stopped = false;
  private waiters: (() => void)[] = [];
  /** Customer messages this agent was delivered, per hand-off, in arrival order (by message id). */
  readonly received = new Map<string, string[]>();
  readonly assigned = new Set<string>();
  replayOverlap = 0;
  connects = 0;

  constructor(
    readonly id: string,
    private readonly token: string,
    private readonly url: () => string,
    private readonly onEvent: (link: AgentLink, e: AgentEvent) => void,
  ) {}

  /** Connects (retrying while the hub is down) and resolves once the hub said hello and replayed. */
  async connect(): Promise<AgentHello> {
    for (;;) {
      if (this.stopped) throw new Error(`${this.id} stopped`);
      const hello = await this.tryConnect();
      if (hello) return hello;
      await sleep(50);
    }
  }

  private tryConnect(): Promise<AgentHello | undefined> {
    const socket = io(`${this.url()}/agent`, { auth: { token: this.token, lastSeq: this.lastSeq }, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.add(socket);
    socket.on('event', (e: AgentEvent) => {
      if (e.seq <= this.lastSeq) {
        this.replayOverlap++;
        return;
      }
      this.lastSeq = e.seq;
      this.onEvent(this, e);
    });
    return new Promise((res) => {
      let greeted = false;
      const giveUp = () => {
        sockets.delete(socket);
        socket.close();
        res(undefined);
      };
      socket.once('connect_error', giveUp);
      socket.once('hello', (hello: AgentHello) => {
        greeted = true;
        this.socket = socket;
        this.connected = true;
        this.connects++;
        for (const w of this.waiters.splice(0)) w();
        res(hello);
      });
      socket.once('disconnect', () => {
        if (!greeted) return giveUp(); // dropped between connect and hello: try again
        sockets.delete(socket);
        if (this.socket !== socket) return;
        this.connected = false;
        if (!this.stopped) void this.connect().catch(() => undefined);
      });
    });
  }

  whenConnected(): Promise<void> {
    return this.connected ? Promise.resolve() : new Promise((r) => this.waiters.push(r));
  }

  /** A network drop: the transport closes under socket.io, with no disconnect packet from the desk. */
  drop(): boolean {
    if (!this.connected || !this.socket) return false;
    this.socket.io.engine.close();
    return true;
  }

  stop(): void {
    this.stopped = true;
    const s = this.socket;
    this.socket = undefined;
    this.connected = false;
    s?.close();
  }
}

describe('faults: kill -9, socket drops, retries', () => {
  it(`keeps ${TOTAL} messages: none lost, none duplicated, order kept, one holder per conversation`, async () => {
    const started = Date.now();
    const random = rng(SEED);
    const port = await freePort();
    const env = {
      ...process.env,
      BATON_DATA_DIR: dir,
      BATON_HUB_PORT: String(port),
      BATON_BOT_KEYS: BOT_KEY,
      BATON_BOT_RATE_PER_MINUTE: '1000000',
      BATON_AGENT_EVENT_RATE_PER_MINUTE: '1000000',
      BATON_AGENT_RATE_PER_MINUTE: '1000000',
      BATON_RECONNECT_GRACE_SECONDS: '3600',
      BATON_OFFER_TIMEOUT_SECONDS: '600',
      BATON_LOG_LEVEL: 'error',
    };
    const tokens = await Promise.all(Array.from({ length: AGENTS }, (_, i) => addAgent(env, `agent-${i}`, `Agent ${i}`, ['--skills', 'billing', '--capacity', String(CAPACITY)])));
    const start = () => startHubProcess(env, (child) => (running = child));
    let hub: HubProcess = await start();
    const url = hub.url;

    // Accepting offers: an agent accepts each offer it is sent; the hub decides who holds what.
    const acceptedBy = new Map<string, string[]>(); // handoffId -> agents whose accept was ok
    const refusedAccepts: string[] = [];
    const onEvent = (link: AgentLink, e: AgentEvent) => {
      if (e.type === 'offer') {
        const handoffId = e.conversation.handoffId;
        void emitUntilDisconnect<unknown>(link.socket!, 'offer.accept', { handoffId }).then((r) => {
          if (r?.ok) acceptedBy.set(handoffId, [...(acceptedBy.get(handoffId) ?? []), link.id]);
          else if (r) refusedAccepts.push(`${link.id}:${handoffId}:${r.error.code}`);
        });
      } else if (e.type === 'conversation.assigned') link.assigned.add(e.conversation.handoffId);
      else if (e.type === 'message' && e.message.role === 'customer') {
        const list = link.received.get(e.message.handoffId) ?? [];
        list.push(e.message.id);
        link.received.set(e.message.handoffId, list);
      }
    };
    const links = tokens.map((t, i) => new AgentLink(`agent-${i}`, t, () => url, onEvent));
    await Promise.all(links.map((l) => l.connect()));

    const conversations = Array.from({ length: CONVERSATIONS }, (_, i) => `fault-${i}`);
    const handoffOf = new Map<string, string>();
    for (const c of conversations) {
      const r = await fetch(`${url}/v1/handoffs`, { method: 'POST', headers: botHeaders, body: JSON.stringify(handoff(c)) });
      expect(r.status).toBe(201);
      handoffOf.set(c, ((await r.json()) as { handoffId: string }).handoffId);
    }
    for (let i = 0; i < 400 && [...handoffOf.values()].some((h) => !acceptedBy.has(h)); i++) await sleep(25);
    if (process.env.FAULT_DEBUG) console.log(`accepted ${acceptedBy.size} of ${handoffOf.size}`);
    expect(refusedAccepts).toEqual([]);
    expect([...handoffOf.values()].filter((h) => !acceptedBy.has(h))).toEqual([]);
    const holderOf = (h: string) => links.find((l) => l.id === acceptedBy.get(h)![0])!;

    // The traffic: per conversation one customer and one agent sender, each sending its next message only after
    // the previous one was acknowledged, so the order each side sent in is the order it must be stored and seen.
    const perSide = Math.ceil(TOTAL / 2 / CONVERSATIONS);
    const counts = { sent: 0, acked: 0, retries: 0, retriedAnswers200: 0, drops: 0, restarts: 0 };
    const acked = new Map<string, string>(); // `${role}:${clientMessageId}` -> stored message id
    const errors: string[] = [];
    let done = false;

    const customerSender = async (c: string) => {
      for (let i = 0; i < perSide && counts.sent < TOTAL; i++) {
        const clientMessageId = `c-${c}-${pad(i)}`;
        counts.sent++;
        for (let attempt = 0; ; attempt++) {
          if (attempt) counts.retries++;
          let res: Response;
          try {
            res = await fetch(`${url}/v1/conversations/${c}/messages`, { method: 'POST', headers: botHeaders, body: JSON.stringify({ role: 'customer', text: `customer ${c} ${pad(i)}`, clientMessageId }) });
          } catch {
            await sleep(20); // refused or reset: the hub is down
            continue;
          }
          const body = (await res.json().catch(() => undefined)) as { id?: string } | undefined;
          if (res.status === 200 || res.status === 201) {
            if (res.status === 200) counts.retriedAnswers200++;
            acked.set(`customer:${clientMessageId}`, body?.id ?? '');
            counts.acked++;
            break;
          }
          if (res.status >= 500 || res.status === 429) {
            await sleep(20);
            continue;
          }
          errors.push(`customer ${clientMessageId}: ${res.status} ${JSON.stringify(body)}`);
          return;
        }
      }
    };
    const agentSender = async (c: string) => {
      const handoffId = handoffOf.get(c)!;
      const link = holderOf(handoffId);
      for (let i = 0; i < perSide && counts.sent < TOTAL; i++) {
        const clientMessageId = `a-${c}-${pad(i)}`;
        counts.sent++;
        for (let attempt = 0; ; attempt++) {
          if (attempt) counts.retries++;
          await link.whenConnected();
          const r = await emitUntilDisconnect<{ id: string }>(link.socket!, 'message.send', { handoffId, clientMessageId, text: `agent ${c} ${pad(i)}` });
          if (!r) {
            await sleep(attempt > 3 ? 20 : 0); // dropped before the ack: send again with the same clientMessageId
            continue;
          }
          if (r.ok) {
            acked.set(`agent:${clientMessageId}`, r.value.id);
            counts.acked++;
            break;
          }
          if (r.error.code === 'rate_limited') {
            await sleep(50);
            continue;
          }
          errors.push(`agent ${clientMessageId}: ${JSON.stringify(r.error)}`);
          return;
        }
      }
    };

    // Faults: random socket drops throughout, and two kill -9 + restart at a third and two thirds of the way.
    const dropper = (async () => {
      while (!done) {
        await sleep(60 + random() * 240);
        if (links[Math.floor(random() * links.length)]!.drop()) counts.drops++;
      }
    })();
    const killer = (async () => {
      for (let k = 1; k <= KILLS; k++) {
        const at = Math.floor((TOTAL * k) / (KILLS + 1));
        while (!done && counts.acked < at) await sleep(10);
        if (done) return;
        hub.child.kill('SIGKILL');
        await hub.exited;
        hub = await start();
        counts.restarts++;
      }
    })();
    const progress = process.env.FAULT_DEBUG
      ? setInterval(() => console.log(`faults progress: ${JSON.stringify(counts)} connected ${links.map((l) => l.connected).join(',')} accepted ${acceptedBy.size}`), 2000)
      : undefined;
    await Promise.all(conversations.flatMap((c) => [customerSender(c), agentSender(c)]));
    clearInterval(progress);
    done = true;
    await Promise.all([dropper, killer]);
    expect(errors).toEqual([]);

    // Catch up as a desk would: each agent reconnects from its lastSeq and applies the replay up to headSeq.
    for (const l of links) {
      l.stop();
      l.stopped = false;
      const hello = await l.connect();
      for (let i = 0; i < 400 && l.lastSeq < hello.headSeq; i++) await sleep(10);
      l.stop();
    }
    // The bot's side: every customer event of each conversation, paged.
    const toCustomer = new Map<string, string[]>(); // conversation -> agent message ids, in event order
    for (const c of conversations) {
      const ids: string[] = [];
      for (let after = 0; ; ) {
        const r = (await (await fetch(`${url}/v1/conversations/${c}/events?after=${after}&limit=500`, { headers: botHeaders })).json()) as { events: CustomerEvent[]; nextAfter: number };
        if (!r.events.length) break;
        for (const e of r.events) if (e.type === 'message' && e.role === 'agent') ids.push(e.messageId);
        after = r.nextAfter;
      }
      toCustomer.set(c, ids);
    }
    hub.child.kill('SIGTERM');
    await hub.exited;

    const db = new Database(join(dir, 'hub.db'), { readonly: true });
    const rows = db
      .prepare('SELECT m.id, m.handoff_id AS handoffId, m.role, m.client_message_id AS clientId FROM messages m WHERE m.before_handoff = 0 ORDER BY m.handoff_id, m.n')
      .all() as { id: string; handoffId: string; role: string; clientId: string }[];
    const holders = db.prepare('SELECT handoff_id AS handoffId, COUNT(*) AS n FROM handoff_holders GROUP BY handoff_id').all() as { handoffId: string; n: number }[];
    db.close();

    const storedKeys = rows.map((r) => `${r.role}:${r.clientId}`);
    const storedKeySet = new Set(storedKeys);
    const lost = [...acked.keys()].filter((k) => !storedKeySet.has(k));
    const duplicatedStored = storedKeys.length - storedKeySet.size;
    const storedIdOf = new Map(rows.map((r) => [`${r.role}:${r.clientId}`, r.id]));
    const ackedWrongId = [...acked].filter(([k, id]) => storedIdOf.get(k) !== id).length;

    // Order: per hand-off and side, stored in the order sent (clientMessageIds sort in send order).
    const outOfOrder: string[] = [];
    const inOrder = (label: string, ids: string[]) => {
      for (let i = 1; i < ids.length; i++) if (ids[i - 1]! >= ids[i]!) return void outOfOrder.push(`${label} at ${i}: ${ids[i - 1]} then ${ids[i]}`);
    };
    const idToClient = new Map(rows.map((r) => [r.id, r.clientId]));
    let deliveredToAgents = 0;
    let deliveredToCustomers = 0;
    let duplicatedDelivered = 0;
    const undelivered: string[] = [];
    for (const c of conversations) {
      const h = handoffOf.get(c)!;
      const mine = rows.filter((r) => r.handoffId === h);
      for (const role of ['customer', 'agent']) inOrder(`stored ${role} ${c}`, mine.filter((r) => r.role === role).map((r) => r.clientId));
      const toAgent = (holderOf(h).received.get(h) ?? []).map((id) => idToClient.get(id) ?? `unknown ${id}`);
      const toCust = (toCustomer.get(c) ?? []).map((id) => idToClient.get(id) ?? `unknown ${id}`);
      inOrder(`to agent ${c}`, toAgent);
      inOrder(`to customer ${c}`, toCust);
      deliveredToAgents += toAgent.length;
      deliveredToCustomers += toCust.length;
      duplicatedDelivered += toAgent.length - new Set(toAgent).size + (toCust.length - new Set(toCust).size);
      const seenByAgent = new Set(toAgent);
      const seenByCustomer = new Set(toCust);
      for (const r of mine) if (!(r.role === 'customer' ? seenByAgent : seenByCustomer).has(r.clientId)) undelivered.push(`${r.role}:${r.clientId}`);
    }
    const twoHolders = [
      ...holders.filter((h) => h.n !== 1).map((h) => `${h.handoffId} held by ${h.n} in handoff_holders`),
      ...[...acceptedBy].filter(([, who]) => who.length !== 1).map(([h, who]) => `${h} accepted by ${who.join(',')}`),
      ...[...handoffOf.values()].filter((h) => links.filter((l) => l.assigned.has(h)).length > 1).map((h) => `${h} assigned to two desks`),
    ];

    console.log(
      `faults (seed ${SEED}): messages sent ${counts.sent}, acked ${counts.acked}, stored ${rows.length}, delivered ${deliveredToAgents + deliveredToCustomers} ` +
        `(to agents ${deliveredToAgents}, to customers ${deliveredToCustomers}), lost ${lost.length}, duplicated ${duplicatedStored + duplicatedDelivered}, ` +
        `out of order ${outOfOrder.length}, undelivered ${undelivered.length}, two holders ${twoHolders.length}; restarts ${counts.restarts}, socket drops ${counts.drops}, ` +
        `agent reconnects ${links.reduce((n, l) => n + l.connects, 0)}, retries ${counts.retries} (answered 200 as already stored: ${counts.retriedAnswers200}), ` +
        `replayed seqs skipped ${links.reduce((n, l) => n + l.replayOverlap, 0)}; ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    expect(counts.restarts).toBe(KILLS);
    expect(counts.drops).toBeGreaterThan(0);
    expect(counts.acked).toBe(TOTAL);
    expect(lost).toEqual([]);
    expect(rows.length).toBe(TOTAL);
    expect(duplicatedStored).toBe(0);
    expect(duplicatedDelivered).toBe(0);
    expect(ackedWrongId).toBe(0);
    expect(outOfOrder).toEqual([]);
    expect(undelivered).toEqual([]);
    expect(twoHolders).toEqual([]);
  }, 115_000);
});
