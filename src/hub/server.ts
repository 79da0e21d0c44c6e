// Baton Hub entry point: opens the store, builds the router, serves the HTTP API and the /agent socket.io
// namespace on one node:http server. `startHub` is what the CLI, `npm start` and the tests call.
import { createServer } from 'node:http';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { Server as SocketServer } from 'socket.io';
import { createLogger, type Logger } from '../shared/log';
import { createGroupCommitStore } from './store/sqlite-store';
import type { HubStore } from './store/hub-store';
import { createHandoffRouter, type HandoffRouter, type RouterTimers } from './routing/handoff-router';
import type { PriorityRule } from './routing/priority';
import { issueToken as issueAgentToken, type IssueTokenInput } from './auth/agent-tokens';
import { createHubHttpHandler } from './http/hub-http';
import { createBotAuth, issueBotKey } from './auth/bot-keys';
import { createHubRateLimiters, type HubRateLimits } from './http/rate-limit';
import { createCustomerTokens, loadCustomerTokenSecret } from './auth/customer-token';
import { createStatusCallback } from './http/status-callback';
import { parseCallbackAllow } from './http/callback-guard';
import { createOriginPolicy } from './http/origins';
import { attachAgentNamespace } from './socket/agent-namespace';
import { importKbArticles, readKbFile, type KbArticleInput } from './kb/kb-import';
import { createPolicyEngine } from './policy/policy-engine';
import { createWidgetServer } from './http/widget-asset';
import type { CustomerTypingSignal } from '../shared/protocol/customer-events';

export interface HubOptions {
  /** 0 = an ephemeral port. Default 7300. */
  port?: number;
  host?: string;
  dataDir: string;
  botKeys: string[];
  offerTimeoutMs?: number;
  /** How long before someone who declined or missed an offer is asked again when nobody else can take it (30 s). */
  reofferAfterMs?: number;
  reconnectGraceMs?: number;
  /** A JSON knowledge base imported at start (unchanged articles are left alone). */
  seedKbFile?: string;
  logger?: Logger;
  maxBodyBytes?: number;
  botRatePerMinute?: number;
  /** Per-token, per-address limits besides the bot key's (see http/rate-limit.ts for the defaults). */
  rateLimits?: Partial<Omit<HubRateLimits, 'botPerMinute'>>;
  priorityOrder?: PriorityRule[];
  vipTiers?: string[];
  /** First-contact resolution window; default 72 h. */
  fcrWindowMs?: number;
  now?: () => number;
  timers?: RouterTimers;
  /** BATON_CALLBACK_ALLOW: internal callback targets allowed anyway (`host`, `host:port`, IP or CIDR). */
  callbackAllow?: string[];
  /** BATON_ALLOWED_ORIGINS: web origins that may open the socket.io endpoint (default: the desk's own, see http/origins.ts). */
  allowedOrigins?: string[];
  /** How many stored events a reconnecting desk is sent per read (500). */
  replayPageSize?: number;
  /** A waiting customer is re-told their place at most this often (30 s). */
  retellMs?: number;
  /** How long a customer token keeps working after its conversation ended (1 h). */
  customerTokenGraceMs?: number;
  /** The built widget the hub serves at GET /widget.js (default out/widget/widget.js; bundled from source when absent). */
  widgetFile?: string;
}

export interface RunningHub {
  url: string;
  port: number;
  store: HubStore;
  router: HandoffRouter;
  issueToken(input: IssueTokenInput): { agentId: string; token: string };
  /** A new key for the named bot (created when new), as `bots add` / `bots rotate` do. */
  issueBotKey(name: string): { botId: string; key: string; keyId: string };
  importKb(articles: KbArticleInput[]): number;
  close(): Promise<void>;
}

export async function startHub(options: HubOptions): Promise<RunningHub> {
  const log = options.logger ?? createLogger('hub');
  const now = options.now ?? Date.now;
  mkdirSync(options.dataDir, { recursive: true });
  // The embedded engine answers synchronously; the router and the API see it through the asynchronous HubStore
  // contract with group commit (concurrent writes share one durable commit), and the admin helpers (issueToken,
  // importKb) use it directly so they stay synchronous for callers.
  const { store, sync: embedded } = createGroupCommitStore(join(options.dataDir, 'hub.db'));

  const waiters = new Map<string, Set<() => void>>();
  const wake = (conversationId: string): void => {
    const set = waiters.get(conversationId);
    if (!set) return;
    waiters.delete(conversationId);
    for (const w of set) w();
  };
  // Agents' typing, relayed live to the customer streams that asked for it; nothing is stored.
  const typingListeners = new Map<string, Set<(signal: CustomerTypingSignal) => void>>();
  const onTyping = (conversationId: string, listener: (signal: CustomerTypingSignal) => void): (() => void) => {
    const set = typingListeners.get(conversationId) ?? new Set();
    typingListeners.set(conversationId, set);
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && typingListeners.get(conversationId) === set) typingListeners.delete(conversationId);
    };
  };
  const relayTyping = (conversationId: string, s: { typing: boolean; agentName: string }): void => {
    for (const l of typingListeners.get(conversationId) ?? []) l({ type: 'typing', typing: s.typing, agentName: s.agentName });
  };
  const openStreams = new Set<() => void>();
  const callbackAllow = parseCallbackAllow(options.callbackAllow);
  const callbacks = createStatusCallback({ logger: log.child('callback'), now, allow: callbackAllow });

  // The namespace is created after the router; the listener reaches it through this late-bound reference.
  const link: { nsp?: ReturnType<typeof attachAgentNamespace> } = {};
  const router = createHandoffRouter({
    store,
    now,
    logger: log.child('router'),
    ...(options.offerTimeoutMs !== undefined ? { offerTimeoutMs: options.offerTimeoutMs } : {}),
    ...(options.reofferAfterMs !== undefined ? { reofferAfterMs: options.reofferAfterMs } : {}),
    ...(options.reconnectGraceMs !== undefined ? { reconnectGraceMs: options.reconnectGraceMs } : {}),
    ...(options.priorityOrder ? { priorityOrder: options.priorityOrder } : {}),
    ...(options.vipTiers ? { vipTiers: options.vipTiers } : {}),
    ...(options.timers ? { timers: options.timers } : {}),
    ...(options.retellMs !== undefined ? { retellMs: options.retellMs } : {}),
    listener: {
      agentEvent: (agentId, event) => link.nsp?.deliver(agentId, event),
      customerEvent: (conversationId) => wake(conversationId),
      queuesChanged: () => link.nsp?.queuesChanged(),
      handoffStatus: (h, status) => callbacks.notify(h, status),
    },
  });

  const importKb = (articles: KbArticleInput[]): number => importKbArticles(embedded, articles, now);
  if (options.seedKbFile && existsSync(options.seedKbFile)) {
    const kb = readKbFile(options.seedKbFile);
    if (kb.ok) importKb(kb.value);
    else log.warn('kb.seed_invalid', { code: kb.error.code });
  }

  const limits = createHubRateLimiters({ ...options.rateLimits, ...(options.botRatePerMinute !== undefined ? { botPerMinute: options.botRatePerMinute } : {}) }, now);
  const handler = createHubHttpHandler({
    store,
    router,
    botKeys: options.botKeys,
    bots: createBotAuth(store, options.botKeys),
    callbackAllow,
    limits,
    policy: createPolicyEngine(),
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
    fcrWindowMs: options.fcrWindowMs ?? 72 * 3_600_000,
    now,
    logger: log.child('http'),
    customerTokens: createCustomerTokens(loadCustomerTokenSecret(options.dataDir)),
    ...(options.customerTokenGraceMs === undefined ? {} : { customerTokenGraceMs: options.customerTokenGraceMs }),
    widget: createWidgetServer(options.widgetFile ? { file: options.widgetFile } : {}),
    onTyping,
    openStreams,
    waitForCustomerEvent(conversationId, ms) {
      return new Promise((resolve) => {
        const set = waiters.get(conversationId) ?? new Set<() => void>();
        waiters.set(conversationId, set);
        const done = (): void => {
          clearTimeout(timer);
          set.delete(done);
          // An empty set per conversation ever polled would grow the map without bound.
          if (set.size === 0 && waiters.get(conversationId) === set) waiters.delete(conversationId);
          resolve();
        };
        const timer = setTimeout(done, ms);
        set.add(done);
      });
    },
  });

  const server = createServer(handler);
  server.requestTimeout = 60_000;
  const origins = createOriginPolicy(options.allowedOrigins);
  const io = new SocketServer(server, {
    serveClient: false,
    maxHttpBufferSize: options.maxBodyBytes ?? 1024 * 1024,
    // Only the desk's own web origins (or BATON_ALLOWED_ORIGINS); clients that send no Origin (the desk's Node side) pass.
    cors: { origin: (origin, cb) => cb(null, origins.allows(origin)) },
    allowRequest: origins.allowRequest,
  });
  link.nsp = attachAgentNamespace(io, {
    store,
    router,
    logger: log.child('agent'),
    limits,
    typing: relayTyping,
    ...(options.replayPageSize !== undefined ? { replayPageSize: options.replayPageSize } : {}),
  });
  await router.start();

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 7300, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log.info('hub.started', { port, host });

  let closed = false;
  return {
    url,
    port,
    store,
    router,
    issueToken: (input) => {
      const issued = issueAgentToken(embedded, input, now);
      // A re-issued token replaces the old one: sessions signed in with it end now, not at their next request.
      link.nsp?.disconnectAgent(issued.agentId);
      return issued;
    },
    issueBotKey: (name) => issueBotKey(embedded, name, now),
    importKb,
    async close() {
      if (closed) return;
      closed = true;
      router.stop();
      link.nsp?.close();
      for (const end of [...openStreams]) end();
      for (const id of [...waiters.keys()]) wake(id);
      await new Promise<void>((resolve) => {
        void io.close(() => resolve());
      });
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await router.idle();
      await callbacks.idle();
      embedded.close();
      log.info('hub.stopped', {});
    },
  };
}
