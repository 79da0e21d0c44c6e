// Crash test for "one transaction per fact" (issue 9): the hub runs as a child process (`npm run hub`'s entry,
// src/hub/cli.ts) while an agent (over a real socket) and a bot (over HTTP) send messages continuously; it is
// killed with SIGKILL at a seeded random moment and restarted on the same data dir, 20 times. Afterwards the
// SQLite file must hold every message that was acknowledged before a kill, and every stored message must have the
// events that announce it: the customer event and the agent's own event for an agent message, the holder's agent
// event for a customer message (the conversation is active throughout).
import { type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { addAgent, connectAgent, emitUntilDisconnect, killIfRunning, rng, startHubProcess } from '../../support/hub-process';
import { BOT_KEY, botHeaders, handoff } from './hub-harness';

const dir = mkdtempSync(join(tmpdir(), 'baton-hub-crash-'));
let running: ChildProcess | undefined; // the hub now up, killed after a failure so no process outlives the test
afterAll(() => {
  killIfRunning(running);
  rmSync(dir, { recursive: true, force: true });
});

const KILLS = 20;
const SEED = Number(process.env.CRASH_SEED ?? 20261202);
const WORKERS = 3; // concurrent senders on each side, so kills land between writes of a shared group commit too

const hubEnv = {
  ...process.env,
  BATON_DATA_DIR: dir,
  BATON_HUB_PORT: '0',
  BATON_BOT_KEYS: BOT_KEY,
  BATON_BOT_RATE_PER_MINUTE: '1000000',
  BATON_RECONNECT_GRACE_SECONDS: '3600',
  BATON_OFFER_TIMEOUT_SECONDS: '600',
};
const startHub = () => startHubProcess(hubEnv, (child) => (running = child));

describe('hub crash (kill -9 while messages flow)', () => {
  it('keeps every acknowledged message, and no stored message lacks its events, over 20 kills', async () => {
    const random = rng(SEED);
    const token = await addAgent(hubEnv, 'maya', 'Maya');

    // First start: a hand-off, offered to Maya and accepted over the socket.
    let hub = await startHub();
    const first = connectAgent(hub.url, token);
    await first.ready;
    const posted = await fetch(`${hub.url}/v1/handoffs`, { method: 'POST', headers: botHeaders, body: JSON.stringify(handoff('crash-1')) });
    expect(posted.status).toBe(201);
    const handoffId = ((await posted.json()) as { handoffId: string }).handoffId;
    for (let i = 0; i < 100 && !first.events.some((e) => e.type === 'offer'); i++) await new Promise((r) => setTimeout(r, 50));
    expect((await emitUntilDisconnect(first.socket, 'offer.accept', { handoffId }))?.ok).toBe(true);
    first.socket.close();

    const acked = new Set<string>(); // `${role}:${clientMessageId}` acknowledged to its sender
    const unacked = new Set<string>(); // sent, no answer before the kill: retried after the restart
    let counter = 0;
    let kills = 0;

    const sendAgent = async (socket: Socket, id: string): Promise<boolean> => {
      const r = await emitUntilDisconnect<unknown>(socket, 'message.send', { handoffId, clientMessageId: id, text: `agent ${id}` });
      if (!r) return false;
      if (!r.ok) throw new Error(`agent message ${id} refused: ${JSON.stringify(r)}`);
      return true;
    };
    const sendCustomer = async (url: string, id: string): Promise<boolean> => {
      let res: Response;
      try {
        res = await fetch(`${url}/v1/conversations/crash-1/messages`, { method: 'POST', headers: botHeaders, body: JSON.stringify({ role: 'customer', text: `customer ${id}`, clientMessageId: id }) });
      } catch {
        return false; // connection reset or refused: the hub is gone
      }
      if (res.status < 200 || res.status > 299) throw new Error(`customer message ${id} refused: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
      return true;
    };

    for (let round = 0; round <= KILLS; round++) {
      if (round > 0) hub = await startHub();
      const agent = connectAgent(hub.url, token);
      await agent.ready;
      const url = hub.url;
      let alive = true;
      const send = async (key: string): Promise<boolean> => {
        const [role, id] = key.split(':') as [string, string];
        unacked.add(key);
        const ok = role === 'agent' ? await sendAgent(agent.socket, id) : await sendCustomer(url, id);
        if (ok) {
          unacked.delete(key);
          acked.add(key);
        }
        return ok;
      };
      // Retries of what had no answer before the last kill go first: they must find their events already there.
      for (const key of [...unacked]) expect(await send(key), `retry of ${key}`).toBe(true);
      if (round === KILLS) {
        agent.socket.close();
        break;
      }
      const worker = async (role: 'agent' | 'customer') => {
        while (alive) if (!(await send(`${role}:${role}-${String(++counter).padStart(6, '0')}`))) return;
      };
      // A refusal is a test failure; it is kept (not left unhandled) and reported once the round is over.
      const flowing = [...Array.from({ length: WORKERS }, () => worker('agent')), ...Array.from({ length: WORKERS }, () => worker('customer'))].map((p) =>
        p.then(
          () => undefined,
          (e: unknown) => e,
        ),
      );
      await new Promise((r) => setTimeout(r, 150 + random() * 600));
      hub.child.kill('SIGKILL');
      kills++;
      await hub.exited;
      alive = false;
      const errors = (await Promise.all(flowing)).filter((e) => e !== undefined);
      agent.socket.close();
      expect(errors).toEqual([]);
    }
    hub.child.kill('SIGTERM');
    await hub.exited;

    const db = new Database(join(dir, 'hub.db'), { readonly: true });
    const messages = db
      .prepare('SELECT id, role, client_message_id AS clientId FROM messages WHERE handoff_id = ? AND before_handoff = 0')
      .all(handoffId) as { id: string; role: string; clientId: string }[];
    const customerEventIds = new Set(
      (db.prepare("SELECT json_extract(body, '$.messageId') AS id FROM customer_events WHERE handoff_id = ? AND type = 'message'").all(handoffId) as { id: string }[]).map((r) => r.id),
    );
    const agentEventIds = new Set(
      (db.prepare("SELECT json_extract(body, '$.message.id') AS id FROM agent_events WHERE agent_id = 'maya' AND json_extract(body, '$.type') = 'message'").all() as { id: string }[]).map((r) => r.id),
    );
    db.close();

    const withoutEvents = messages.filter((m) => !agentEventIds.has(m.id) || (m.role === 'agent' && !customerEventIds.has(m.id)));
    const stored = new Set(messages.map((m) => `${m.role}:${m.clientId}`));
    const lost = [...acked].filter((k) => !stored.has(k));
    console.log(
      `crash test (seed ${SEED}): kills ${kills}, messages acknowledged ${acked.size}, stored ${messages.length}, without events ${withoutEvents.length}, acknowledged but lost ${lost.length}`,
    );
    expect(kills).toBe(KILLS);
    expect(acked.size).toBeGreaterThan(KILLS * 10);
    expect(lost).toEqual([]);
    expect(withoutEvents.map((m) => `${m.role}:${m.clientId}`)).toEqual([]);
  }, 120_000);
});
