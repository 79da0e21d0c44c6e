// The link's ordering rules, against a scripted socket.io hub that misbehaves on purpose: it replays events the
// desk already has, repeats a message under a new seq, and sends garbage.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Server } from 'socket.io';
import { afterEach, describe, expect, it } from 'vitest';
import { createDeskService } from '../../../src/main/services/desk/desk-service';
import { createMemorySecretStore } from '../../../src/main/services/desk/secret-store';
import type { DeskApiEvent } from '../../../src/shared/desk-api/contract';
import type { ConversationView, Message } from '../../../src/shared/domain/conversation';
import { silentLogger } from '../../../src/shared/log';
import type { AgentEvent } from '../../../src/shared/protocol/agent-socket';
import { tempDir } from '../../unit/desk/temp-dir';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const at = '2026-01-01T00:00:00.000Z';
const conversation: ConversationView = {
  handoffId: 'h1', conversationId: 'c1', status: 'active', customer: { id: 'cust', name: 'Ada' }, reason: { trigger: 'other' },
  queue: 'general', skills: [], createdAt: at, priority: 0, expectations: [], messages: [],
};
const msg = (id: string, text: string): Message => ({ id, handoffId: 'h1', role: 'customer', text, at });

async function scriptedHub(script: (lastSeq: number) => unknown[]) {
  const http = createServer();
  const io = new Server(http);
  const seenLastSeq: number[] = [];
  io.of('/agent').on('connection', (socket) => {
    const lastSeq = (socket.handshake.auth as { lastSeq: number }).lastSeq;
    seenLastSeq.push(lastSeq);
    socket.emit('hello', { agent: { id: 'a1', name: 'Maya', role: 'agent', skills: [], capacity: 3, status: 'available' }, headSeq: 5 });
    for (const e of script(lastSeq)) socket.emit('event', e);
    // A queue push last: socket.io keeps order, so once the desk reports it, every event before it was handled.
    socket.emit('queues', []);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => io.close(() => resolve())));
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, io, seenLastSeq };
}

describe('hub link ordering', () => {
  it('applies each seq once, drops old seqs and repeated message ids, ignores invalid events, and resumes from the stored lastSeq', async () => {
    const all: (AgentEvent | Record<string, unknown>)[] = [
      { seq: 1, at, type: 'conversation.assigned', conversation },
      { seq: 2, at, type: 'message', message: msg('m1', 'first') },
      { seq: 3, at, type: 'message', message: msg('m2', 'second') },
      { seq: 3, at, type: 'message', message: msg('m-dup-seq', 'same seq again') },
      { seq: 2, at, type: 'message', message: msg('m-old', 'an old seq') },
      { seq: 4, at, type: 'message', message: msg('m1', 'first, repeated under a new seq') },
      { seq: 5, at, type: 'nonsense', payload: 1 },
      { seq: 'x', type: 'message' },
    ];
    // The hub replays everything after the desk's lastSeq, like the real one, then one stale event and garbage.
    const hub = await scriptedHub((lastSeq) => [...all.filter((e) => typeof e.seq === 'number' && (e.seq as number) > lastSeq), all[1], all[7]]);
    const t = tempDir('baton-link-');
    cleanups.push(t.cleanup);
    const start = () => {
      const events: { event: DeskApiEvent; payload: unknown }[] = [];
      let notify = () => {};
      const service = createDeskService({
        dataDir: t.dir, host: 'browser', secrets: createMemorySecretStore(), logger: silentLogger, seedKbFile: join(t.dir, 'none.json'),
        env: { BATON_HUB_URL: hub.url, BATON_AGENT_TOKEN: 'token-0000' },
        events: (event, payload) => {
          events.push({ event, payload });
          notify();
        },
      });
      const drained = new Promise<void>((resolve) => (notify = () => events.some((e) => e.event === 'onQueues') && resolve()));
      return { service, events, drained };
    };

    const first = start();
    await first.service.start();
    await first.drained;
    const c1 = first.service.handlers.getConversation({ handoffId: 'h1' });
    if (!('ok' in c1) || !c1.ok) throw new Error(`conversation missing: ${JSON.stringify(first.events.map((e) => e.event))}`);
    expect(c1.value.messages.map((m) => m.text)).toEqual(['first', 'second']);
    expect(first.events.filter((e) => e.event === 'onMessage').map((e) => (e.payload as Message).id)).toEqual(['m1', 'm2']);
    await first.service.stop();

    const second = start();
    await second.service.start();
    await second.drained;
    // seq 5 was invalid and never applied, so the desk resumes after 4.
    expect(hub.seenLastSeq).toEqual([0, 4]);
    expect(second.events.filter((e) => e.event === 'onMessage')).toEqual([]);
    await second.service.stop();
  });
});
