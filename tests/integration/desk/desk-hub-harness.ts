// Test harness: a real hub on loopback, a TCP proxy in front of it whose connections the test can cut, and a
// desk service whose events are recorded and can be awaited.
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { startHub, type RunningHub } from '../../../src/hub/server';
import { createDeskService, type AssistEngineFactory, type DeskService } from '../../../src/main/services/desk/desk-service';
import { createMemorySecretStore } from '../../../src/main/services/desk/secret-store';
import type { DeskApiEvent, DeskApiEventPayloads } from '../../../src/shared/desk-api/contract';
import type { HandoffRequest } from '../../../src/shared/domain/handoff';
import { silentLogger } from '../../../src/shared/log';

export const BOT_KEY = 'test-bot-key-0001';

export async function startTestHub(dataDir: string): Promise<RunningHub> {
  return startHub({ port: 0, host: '127.0.0.1', dataDir, botKeys: [BOT_KEY], offerTimeoutMs: 60_000, reconnectGraceMs: 60_000, logger: silentLogger });
}

/** A TCP proxy to the hub: `cut()` drops every connection through it, like a network outage. */
export async function startCuttableProxy(targetPort: number): Promise<{ url: string; cut(): void; block(on: boolean): void; close(): Promise<void> }> {
  const pairs = new Set<[Socket, Socket]>();
  let blocked = false;
  const server: Server = createServer((client) => {
    if (blocked) {
      client.destroy();
      return;
    }
    const upstream = connect(targetPort, '127.0.0.1');
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    client.pipe(upstream);
    upstream.pipe(client);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      pairs.delete(pair);
    };
    client.on('error', drop);
    upstream.on('error', drop);
    client.on('close', drop);
    upstream.on('close', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const cut = () => {
    for (const [a, b] of pairs) {
      a.destroy();
      b.destroy();
    }
    pairs.clear();
  };
  return {
    url: `http://127.0.0.1:${port}`,
    cut,
    /** While blocked, every connection attempt is dropped at once: the hub is unreachable. */
    block(on: boolean) {
      blocked = on;
      if (on) cut();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const [a, b] of pairs) {
          a.destroy();
          b.destroy();
        }
        server.close(() => resolve());
      }),
  };
}

export interface RecordedEvent<E extends DeskApiEvent = DeskApiEvent> {
  event: E;
  payload: DeskApiEventPayloads[E];
}

export function startDesk(opts: { dataDir: string; hubUrl: string; token: string; assist?: AssistEngineFactory; seedKbFile?: string }) {
  const log: RecordedEvent[] = [];
  const waiters = new Set<() => void>();
  const desk: DeskService = createDeskService({
    dataDir: opts.dataDir,
    host: 'browser',
    events: (event, payload) => {
      log.push({ event, payload } as RecordedEvent);
      for (const w of [...waiters]) w();
    },
    secrets: createMemorySecretStore(),
    env: { BATON_HUB_URL: opts.hubUrl, BATON_AGENT_TOKEN: opts.token },
    logger: silentLogger,
    seedKbFile: opts.seedKbFile ?? join(opts.dataDir, 'no-seed.json'),
    link: { reconnectDelayMs: 20, reconnectDelayMaxMs: 100, requestTimeoutMs: 2_000 },
    ...(opts.assist ? { assist: opts.assist } : {}),
  });

  /** Resolves with the first recorded event at or after log index `from` that matches, and its index; fails after `ms`. */
  function waitForAt<E extends DeskApiEvent>(event: E, match: (p: DeskApiEventPayloads[E]) => boolean = () => true, ms = 10_000, from = 0): Promise<{ payload: DeskApiEventPayloads[E]; index: number }> {
    return new Promise((resolve, reject) => {
      const check = () => {
        for (let i = from; i < log.length; i++) {
          const r = log[i]!;
          if (r.event !== event || !match(r.payload as DeskApiEventPayloads[E])) continue;
          waiters.delete(check);
          clearTimeout(timer);
          resolve({ payload: r.payload as DeskApiEventPayloads[E], index: i });
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`Timed out waiting for ${event}`));
      }, ms);
      if (!check()) waiters.add(check);
    });
  }
  const waitFor = <E extends DeskApiEvent>(event: E, match?: (p: DeskApiEventPayloads[E]) => boolean, ms?: number, from?: number) =>
    waitForAt(event, match, ms, from).then((r) => r.payload);

  /** Resolves when `condition()` holds, re-checked after every desk event; fails after `ms`. */
  function until(condition: () => boolean, what: string, ms = 15_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!condition()) return false;
        waiters.delete(check);
        clearTimeout(timer);
        resolve();
        return true;
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`Timed out: ${what}`));
      }, ms);
      if (!check()) waiters.add(check);
    });
  }

  return { desk, log, waitFor, waitForAt, until };
}

export async function postHandoff(hubUrl: string, request: Partial<HandoffRequest> & { conversationId: string }): Promise<{ handoffId: string }> {
  const body: HandoffRequest = {
    customer: { id: `cust-${request.conversationId}`, name: 'Ada Lovelace', tier: 'gold' },
    transcript: [
      { role: 'customer', text: 'My refund has not arrived.' },
      { role: 'bot', text: 'Let me connect you with a person.' },
    ],
    reason: { trigger: 'customer_request', detail: 'asked for a human' },
    ...request,
  };
  const res = await fetch(`${hubUrl}/v1/handoffs`, { method: 'POST', headers: { authorization: `Bearer ${BOT_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 201 && res.status !== 200) throw new Error(`hand-off refused: ${res.status} ${await res.text()}`);
  return (await res.json()) as { handoffId: string };
}

export async function customerSays(hubUrl: string, conversationId: string, text: string, clientMessageId: string): Promise<void> {
  const res = await fetch(`${hubUrl}/v1/conversations/${encodeURIComponent(conversationId)}/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${BOT_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ text, clientMessageId }),
  });
  if (!res.ok) throw new Error(`customer message refused: ${res.status} ${await res.text()}`);
}

export async function customerSees(hubUrl: string, conversationId: string): Promise<{ type: string; text?: string; role?: string; messageId?: string }[]> {
  const res = await fetch(`${hubUrl}/v1/conversations/${encodeURIComponent(conversationId)}/events?after=0&limit=500`, { headers: { authorization: `Bearer ${BOT_KEY}` } });
  return ((await res.json()) as { events: { type: string; text?: string; role?: string; messageId?: string }[] }).events;
}
