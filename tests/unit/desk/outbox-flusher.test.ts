import { afterEach, describe, expect, it } from 'vitest';
import type { OutboxEntry } from '../../../src/main/services/cache/desk-cache';
import { createOutboxFlusher } from '../../../src/main/services/link/outbox-flusher';
import type { Message } from '../../../src/shared/domain/conversation';
import { silentLogger } from '../../../src/shared/log';
import { fail, ok, type Result } from '../../../src/shared/result';
import { cacheWithConversation } from './temp-dir';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const setup = () => cacheWithConversation(cleanups);

/** A hub that stores messages idempotently on clientMessageId, like the real one. */
function fakeHub() {
  const stored: Message[] = [];
  return {
    stored,
    receive(entry: OutboxEntry): Message {
      const existing = stored.find((m) => m.clientMessageId === entry.clientMessageId);
      if (existing) return existing;
      const m: Message = { id: `m${stored.length + 1}`, handoffId: entry.handoffId, role: 'agent', text: entry.text, at: new Date().toISOString(), clientMessageId: entry.clientMessageId };
      stored.push(m);
      return m;
    },
  };
}

/** Polls `check` until it holds; fails loudly with `what` after `timeoutMs` instead of spinning forever. */
function waitFor(check: () => boolean, what = 'condition', timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (check()) return resolve();
      if (Date.now() > deadline) return reject(new Error(`waitFor: ${what} did not hold within ${timeoutMs} ms`));
      setImmediate(tick);
    };
    tick();
  });
}

describe('OutboxFlusher', () => {
  it('delivers queued replies once each, in the order they were written, despite lost acks and outages', async () => {
    const cache = setup();
    const hub = fakeHub();
    const texts = Array.from({ length: 30 }, (_, i) => `reply ${i}`);
    texts.forEach((text, i) => cache.enqueueReply({ clientMessageId: `client-${String(i).padStart(4, '0')}`, handoffId: 'h1', text, createdAt: new Date().toISOString() }));

    let online = true;
    let calls = 0;
    const flusher = createOutboxFlusher({
      next: () => cache.outbox()[0],
      isOnline: () => online,
      send: async (entry): Promise<Result<Message>> => {
        calls += 1;
        if (calls % 7 === 0) {
          // The hub stored it but the ack was lost: the row stays and is sent again.
          hub.receive(entry);
          return fail('timeout', 'lost ack');
        }
        if (calls % 5 === 0) {
          online = false;
          setImmediate(() => {
            online = true;
            flusher.kick();
          });
          return fail('offline', 'down');
        }
        return ok(hub.receive(entry));
      },
      delivered: (entry) => cache.dequeueReply(entry.clientMessageId),
      rejected: () => expect.fail('nothing is rejected here'),
      logger: silentLogger,
      retryDelayMs: 1,
    });
    flusher.kick();
    await waitFor(() => cache.outboxCount() === 0 && !flusher.busy, 'outbox drained and flusher idle');
    flusher.stop();
    expect(hub.stored.map((m) => m.text)).toEqual(texts);
    expect(calls).toBeGreaterThan(texts.length);
  });

  it('waits while offline and drops a reply the hub refuses for good without blocking the rest', async () => {
    const cache = setup();
    const hub = fakeHub();
    ['a', 'b', 'c'].forEach((text) => cache.enqueueReply({ clientMessageId: `client-${text}-0000`, handoffId: 'h1', text, createdAt: new Date().toISOString() }));
    let online = false;
    const rejected: string[] = [];
    const flusher = createOutboxFlusher({
      next: () => cache.outbox()[0],
      isOnline: () => online,
      send: async (entry) => (entry.text === 'b' ? fail('not_found', 'conversation ended') : ok(hub.receive(entry))),
      delivered: (entry) => cache.dequeueReply(entry.clientMessageId),
      rejected: (entry) => {
        rejected.push(entry.text);
        cache.dequeueReply(entry.clientMessageId);
      },
      logger: silentLogger,
    });
    flusher.kick();
    await waitFor(() => !flusher.busy, 'flusher idle');
    expect(cache.outboxCount()).toBe(3);
    online = true;
    flusher.kick();
    await waitFor(() => cache.outboxCount() === 0 && !flusher.busy, 'outbox drained and flusher idle');
    expect(hub.stored.map((m) => m.text)).toEqual(['a', 'c']);
    expect(rejected).toEqual(['b']);
  });
});
