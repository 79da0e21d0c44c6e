// Test harness for the hub: a real hub on 127.0.0.1:0 in a temp dir, fetch helpers for the bot API, and a real
// socket.io-client desk that records every event so tests can await the one they need.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterEach } from 'vitest';
import { startHub, type HubOptions, type RunningHub } from '../../../src/hub/server';
import { silentLogger } from '../../../src/shared/log';
import type { AgentEvent, AgentHello } from '../../../src/shared/protocol/agent-socket';
import type { HandoffRequest } from '../../../src/shared/domain/handoff';
import type { Result } from '../../../src/shared/result';

// Response bodies are asserted field by field in the tests, so they stay loosely typed here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export const BOT_KEY = 'test-bot-key';

export async function startTestHub(opts: Partial<HubOptions> = {}, dir = mkdtempSync(join(tmpdir(), 'baton-hub-'))): Promise<{ hub: RunningHub; dir: string; cleanup: () => Promise<void> }> {
  const hub = await startHub({ port: 0, dataDir: dir, botKeys: [BOT_KEY], logger: silentLogger, ...opts });
  return {
    hub,
    dir,
    cleanup: async () => {
      await hub.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const botHeaders = { authorization: `Bearer ${BOT_KEY}`, 'content-type': 'application/json' };

export function handoff(conversationId: string, extra: Partial<HandoffRequest> = {}): HandoffRequest {
  return {
    conversationId,
    customer: { id: `cust-${conversationId}`, name: 'Crystal Minh', tier: 'standard' },
    transcript: [
      { role: 'customer', text: 'I was charged twice for order 3348917502.' },
      { role: 'bot', text: 'I can see two charges. Let me connect you with someone who can refund one.' },
    ],
    reason: { trigger: 'complexity', detail: 'billing dispute' },
    intent: { name: 'billing_dispute', confidence: 0.42 },
    queue: 'billing',
    ...extra,
  };
}

export async function api(hub: RunningHub, path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<{ status: number; json: Json }> {
  const res = await fetch(`${hub.url}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: init.headers ?? botHeaders,
    ...(init.body === undefined ? {} : { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

export const postHandoff = (hub: RunningHub, req: unknown) => api(hub, '/v1/handoffs', { body: req });

export interface TestDesk {
  socket: Socket;
  events: AgentEvent[];
  hello: Promise<AgentHello>;
  next(match: (e: AgentEvent) => boolean, label?: string): Promise<AgentEvent>;
  request<T>(event: string, payload: unknown): Promise<Result<T>>;
  close(): void;
}

export function connectDesk(hub: RunningHub, token: string, lastSeq = 0): TestDesk {
  const socket = io(`${hub.url}/agent`, { auth: { token, lastSeq }, transports: ['websocket'], reconnection: false, forceNew: true });
  const events: AgentEvent[] = [];
  const waiters: { match: (e: AgentEvent) => boolean; resolve: (e: AgentEvent) => void; from: number }[] = [];
  socket.on('event', (e: AgentEvent) => {
    events.push(e);
    for (const w of [...waiters]) {
      if (w.match(e)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(e);
      }
    }
  });
  const hello = new Promise<AgentHello>((resolve, reject) => {
    socket.once('hello', resolve);
    socket.once('connect_error', reject);
  });
  return {
    socket,
    events,
    hello,
    next(match, label = 'event') {
      const seen = events.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${label}; got ${events.map((e) => e.type).join(',')}`)), 8_000);
        waiters.push({ match, from: events.length, resolve: (e) => (clearTimeout(timer), resolve(e)) });
      });
    },
    request<T>(event: string, payload: unknown) {
      return socket.timeout(8_000).emitWithAck(event, payload) as Promise<Result<T>>;
    },
    close() {
      socket.close();
    },
  };
}

export const isOffer = (handoffId?: string) => (e: AgentEvent) => e.type === 'offer' && (!handoffId || e.conversation.handoffId === handoffId);

/** Reads customer events until one matches (long-polling, no sleeps). */
export async function nextCustomerEvent(hub: RunningHub, conversationId: string, match: (e: Json) => boolean, after = 0): Promise<Json> {
  for (let i = 0; i < 20; i++) {
    const r = await api(hub, `/v1/conversations/${encodeURIComponent(conversationId)}/events?after=${after}&wait=5`);
    const found = (r.json.events as Json[]).find(match);
    if (found) return found;
    after = r.json.nextAfter;
  }
  throw new Error('customer event never arrived');
}

/**
 * For a test file: cleanups that run after each test, newest first, and `hub()` to start a hub under them.
 * Call once at the top level of the file.
 */
export function useHubCleanups() {
  let pending: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of pending.reverse()) await c();
    pending = [];
  });
  return {
    cleanups: { push: (c: () => Promise<void> | void) => void pending.push(c) },
    async hub(opts: Partial<HubOptions> = {}): Promise<RunningHub> {
      const t = await startTestHub(opts);
      pending.push(t.cleanup);
      return t.hub;
    },
  };
}
