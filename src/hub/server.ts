// Baton Hub entry point: opens the store, builds the router, serves the HTTP API and the /agent socket.io
// namespace on one node:http server. `startHub` is what the CLI, `npm start` and the tests call.
import { createServer } from 'node:http';
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo, Socket } from 'node:net';
import { Server as SocketServer } from 'socket.io';
import { createLogger, type Logger } from '../shared/log';
import type { HubStore } from './store/hub-store';
import { openHubStore, type OpenedStore } from './store/open-store';
import { createHandoffRouter, type HandoffRouter, type RouterTimers } from './routing/handoff-router';
import type { PriorityRule } from './routing/priority';
import { issueToken as issueAgentToken, issueTokenSync, type IssueTokenInput } from './auth/agent-tokens';
import { createHubHttpHandler } from './http/hub-http';
import { createBotAuth, issueBotKey, issueBotKeySync } from './auth/bot-keys';
import { createHubRateLimiters, type HubRateLimits } from './http/rate-limit';
import { createCustomerTokens, loadCustomerTokenSecret } from './auth/customer-token';
import { createStatusCallback } from './http/status-callback';
import { parseCallbackAllow } from './http/callback-guard';
import { createOriginPolicy } from './http/origins';
import { attachAgentNamespace } from './socket/agent-namespace';
import { importKbArticles, importKbArticlesSync, readKbFile, type KbArticleInput } from './kb/kb-import';
import { createPolicyEngine } from './policy/policy-engine';
import { createWidgetServer } from './http/widget-asset';
import type { CustomerTypingSignal } from '../shared/protocol/customer-events';
import { acquireRoutingLease, type RoutingLease } from './cluster/routing-lease';
import { startForwarder, type Forwarder } from './cluster/forwarder';
import { openClusterNode, type ClusterNode, type Fanout } from './cluster/cluster-node';

export interface HubOptions {
  /** 0 = an ephemeral port. Default 7300. */
  port?: number;
  host?: string;
  /** Where the embedded SQLite database (hub.db) and the customer-token secret live. */
  dataDir: string;
  /** BATON_DATABASE_URL: a postgres:// URL puts the hub's state in PostgreSQL; unset = SQLite in dataDir. */
  databaseUrl?: string;
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
  /** Agents' desks get queue snapshots at most this often unless the set of queues changes (5 s; supervisors: 200 ms). */
  agentQueuePushMs?: number;
  /** A waiting customer is re-told their place at most this often (30 s). */
  retellMs?: number;
  /** How long a customer token keeps working after its conversation ended (1 h). */
  customerTokenGraceMs?: number;
  /** The built widget the hub serves at GET /widget.js (default out/widget/widget.js; bundled from source when absent). */
  widgetFile?: string;
  /** On PostgreSQL: called once when another hub process holds the routing lease and this one waits for it. */
  onStandby?: () => void;
  /** On PostgreSQL: called after the hub closed itself because its routing lease was lost. */
  onLeaseLost?: () => void;
  /** How often a standby asks for the routing lease (500 ms). */
  leasePollMs?: number;
  /**
   * BATON_HUB_ADVERTISE: the `host:port` other hub processes reach this one at (default: host and port, with
   * 127.0.0.1 for an unspecified host). While standing by on a fixed port, a hub forwards what it accepts to the
   * lease holder's advertised address.
   */
  advertise?: string;
  /**
   * BATON_REDIS_URL (with a PostgreSQL databaseUrl): nodes serve side by side, each on its own port; socket.io's
   * Redis Streams adapter, presence and rate limits go through Redis, and the routing-lease holder answers the
   * other nodes' routing requests (see cluster/cluster-node.ts). Unset: one serving node, standbys forward.
   */
  redisUrl?: string;
  /** BATON_REDIS_PREFIX: the start of every Redis key and channel this hub uses (default `baton`). */
  redisPrefix?: string;
  /** Cluster mode: how long a routing request waits for the routing node before answering `unavailable` (5 s). */
  rpcTimeoutMs?: number;
  /** Cluster mode: how often a node renews its presence in Redis (1 s), and how long that outlives it (3 s). */
  presenceHeartbeatMs?: number;
  presenceTtlMs?: number;
  /** Cluster mode: called each time this node takes the routing lease and starts routing. */
  onRouting?: () => void;
}

/** The admin helpers, on whichever store the hub runs (the CLI's commands do the same). */
export interface HubAdmin {
  issueToken(input: IssueTokenInput): Promise<{ agentId: string; token: string }>;
  /** A new key for the named bot (created when new), as `bots add` / `bots rotate` do. */
  issueBotKey(name: string): Promise<{ botId: string; key: string; keyId: string }>;
  importKb(articles: KbArticleInput[]): Promise<number>;
}

export interface RunningHub {
  url: string;
  port: number;
  engine: OpenedStore['engine'];
  store: HubStore;
  router: HandoffRouter;
  /** Cluster mode (BATON_REDIS_URL): this node's id and whether it holds the routing lease now. */
  cluster?: { nodeId: string; holding: () => boolean };
  admin: HubAdmin;
  /**
   * The same helpers answered at once, for tests that need a token before their next
   * line: only on the embedded SQLite store, whose writes are synchronous. On PostgreSQL they throw; use `admin`.
   */
  issueToken(input: IssueTokenInput): { agentId: string; token: string };
  issueBotKey(name: string): { botId: string; key: string; keyId: string };
  importKb(articles: KbArticleInput[]): number;
  close(): Promise<void>;
}

export async function startHub(options: HubOptions): Promise<RunningHub> {
  const log = options.logger ?? createLogger('hub');
  const now = options.now ?? Date.now;
  mkdirSync(options.dataDir, { recursive: true });
  // The store comes from the configuration: embedded SQLite with group commit (concurrent writes share one durable
  // commit), or PostgreSQL. Everything, the admin helpers included, goes through the asynchronous contract; the
  // embedded engine also answers synchronously, which only the legacy synchronous helpers below use.
  const opened = await openHubStore({ databaseUrl: options.databaseUrl, dataDir: options.dataDir, logger: log.child('store') });
  const { store } = opened;
  const embedded = opened.engine === 'sqlite' ? opened.embedded : undefined;
  if (options.redisUrl && opened.engine !== 'postgres') {
    await store.close();
    throw new Error('BATON_REDIS_URL needs BATON_DATABASE_URL=postgres://...: nodes serving side by side share their state in PostgreSQL.');
  }
  const needEmbedded = (what: string) => {
    if (!embedded) throw new Error(`RunningHub.${what} answers synchronously and needs the embedded SQLite store; on PostgreSQL use hub.admin.${what}.`);
    return embedded;
  };

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
  const link: { nsp?: ReturnType<typeof attachAgentNamespace>; fan?: Fanout } = {};
  // What this node's sockets, streams and waiters hear; in cluster mode every other node hears it too.
  const localFanout: Fanout = {
    agentEvent: (agentId, event) => link.nsp?.deliver(agentId, event),
    customerEvent: (conversationId) => wake(conversationId),
    queuesChanged: () => link.nsp?.queuesChanged(),
    typing: relayTyping,
    disconnectAgent: (agentId) => link.nsp?.disconnectAgent(agentId),
  };
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
      agentEvent: (agentId, event) => link.fan?.agentEvent(agentId, event),
      customerEvent: (conversationId) => link.fan?.customerEvent(conversationId),
      queuesChanged: () => link.fan?.queuesChanged(),
      handoffStatus: (h, status) => callbacks.notify(h, status),
    },
  });
  let cluster: ClusterNode | undefined;
  if (options.redisUrl && options.databaseUrl) {
    try {
      cluster = await openClusterNode({
        redisUrl: options.redisUrl,
        databaseUrl: options.databaseUrl,
        local: router,
        logger: log.child('cluster'),
        ...(options.redisPrefix ? { prefix: options.redisPrefix } : {}),
        ...(options.rpcTimeoutMs !== undefined ? { rpcTimeoutMs: options.rpcTimeoutMs } : {}),
        ...(options.leasePollMs !== undefined ? { leasePollMs: options.leasePollMs } : {}),
        ...(options.presenceHeartbeatMs !== undefined ? { presenceHeartbeatMs: options.presenceHeartbeatMs } : {}),
        ...(options.presenceTtlMs !== undefined ? { presenceTtlMs: options.presenceTtlMs } : {}),
        ...(options.onRouting ? { onRouting: options.onRouting } : {}),
        onLeaseLost: (why) => {
          log.error('hub.lease_lost', { why });
          void self.hub?.close().finally(() => options.onLeaseLost?.());
        },
      });
    } catch (e) {
      await store.close();
      throw e;
    }
  }
  link.fan = cluster ? cluster.spread(localFanout) : localFanout;
  // What the HTTP and socket layers call: in cluster mode routing operations go to the lease holder.
  const served = cluster?.router ?? router;

  const admin: HubAdmin = {
    async issueToken(input) {
      const issued = await issueAgentToken(store, input, now);
      // A re-issued token replaces the old one: sessions signed in with it end now, not at their next request.
      link.fan?.disconnectAgent(issued.agentId);
      return issued;
    },
    issueBotKey: (name) => issueBotKey(store, name, now),
    importKb: (articles) => importKbArticles(store, articles, now),
  };
  if (options.seedKbFile && existsSync(options.seedKbFile)) {
    const kb = readKbFile(options.seedKbFile);
    if (kb.ok) await admin.importKb(kb.value);
    else log.warn('kb.seed_invalid', { code: kb.error.code });
  }

  const limitSettings = { ...options.rateLimits, ...(options.botRatePerMinute !== undefined ? { botPerMinute: options.botRatePerMinute } : {}) };
  // In cluster mode one budget per key across the nodes, kept in Redis.
  const limits = cluster ? cluster.rateLimiters(limitSettings) : createHubRateLimiters(limitSettings, now);
  const handler = createHubHttpHandler({
    store,
    router: served,
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
  // Connections that have not sent a request yet (a client's spare keep-alive socket): Node counts them neither
  // idle nor done, so closing would wait for the client to drop them (undici: 4 s), holding the routing lease.
  const unused = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    unused.add(socket);
    socket.once('close', () => unused.delete(socket));
  });
  server.on('request', (req: { socket: Socket }) => unused.delete(req.socket));
  server.on('upgrade', (req: { socket: Socket }) => unused.delete(req.socket));
  server.requestTimeout = 60_000;
  const origins = createOriginPolicy(options.allowedOrigins);
  const io = new SocketServer(server, {
    serveClient: false,
    maxHttpBufferSize: options.maxBodyBytes ?? 1024 * 1024,
    // Only the desk's own web origins (or BATON_ALLOWED_ORIGINS); clients that send no Origin (the desk's Node side) pass.
    cors: { origin: (origin, cb) => cb(null, origins.allows(origin)) },
    allowRequest: origins.allowRequest,
    ...(cluster ? { adapter: cluster.adapter } : {}),
  });
  link.nsp = attachAgentNamespace(io, {
    store,
    router: served,
    logger: log.child('agent'),
    limits,
    typing: (conversationId, signal) => link.fan?.typing(conversationId, signal),
    ...(options.replayPageSize !== undefined ? { replayPageSize: options.replayPageSize } : {}),
    ...(options.agentQueuePushMs !== undefined ? { agentQueuePushMs: options.agentQueuePushMs } : {}),
  });
  // On a shared database only the holder of the routing lease routes (and serves): a standby waits here, before
  // its HTTP server listens, forwarding its port to the holder meanwhile, and takes over once the holder's session
  // ends (see cluster/routing-lease.ts and cluster/forwarder.ts).
  const host = options.host ?? '127.0.0.1';
  const wantedPort = options.port ?? 7300;
  const hostForPeers = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const advertiseFor = (port: number): string => options.advertise ?? `${hostForPeers.includes(':') ? `[${hostForPeers}]` : hostForPeers}:${port}`;
  let lease: RoutingLease | undefined;
  let forwarder: Promise<Forwarder | undefined> | undefined;
  // The lease-lost handler closes the hub built below.
  const self: { hub?: RunningHub } = {};
  const nsp = link.nsp;
  // Side by side, this node serves at once and competes for the lease in the background.
  cluster?.attach(io, localFanout, () => nsp.catchUp());
  if (opened.engine === 'postgres' && options.databaseUrl && !cluster) {
    const pool = opened.store.pool;
    try {
      lease = await acquireRoutingLease(options.databaseUrl, {
        logger: log.child('lease'),
        ...(options.leasePollMs !== undefined ? { pollMs: options.leasePollMs } : {}),
        onStandby: () => {
          if (wantedPort !== 0) {
            forwarder = startForwarder({
              host,
              port: wantedPort,
              self: advertiseFor(wantedPort),
              holder: async () => (await pool.query<{ address: string }>('SELECT address FROM hub_lease WHERE id = 1')).rows[0]?.address,
              logger: log.child('forward'),
            }).catch((e: unknown) => {
              log.warn('hub.forward_failed', { error: e instanceof Error ? e.message : 'unknown' });
              return undefined;
            });
          }
          options.onStandby?.();
        },
        onLost: (why) => {
          log.error('hub.lease_lost', { why });
          void self.hub?.close().finally(() => options.onLeaseLost?.());
        },
      });
    } catch (e) {
      await store.close();
      throw e;
    }
    await (await forwarder)?.close();
  }
  if (!cluster) await router.start();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(wantedPort, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log.info('hub.started', { port, host });
  if (lease && opened.engine === 'postgres' && !cluster) {
    // Where standbys forward to: this process, now that it holds the lease and listens.
    await opened.store.pool.query(
      'INSERT INTO hub_lease (id, address, since) VALUES (1, $1, $2) ON CONFLICT (id) DO UPDATE SET address = excluded.address, since = excluded.since',
      [advertiseFor(port), new Date(now()).toISOString()],
    );
  }

  let closed = false;
  const hub: RunningHub = {
    url,
    port,
    engine: opened.engine,
    store,
    router: served,
    ...(cluster ? { cluster: { nodeId: cluster.nodeId, holding: cluster.holding } } : {}),
    admin,
    issueToken: (input) => {
      const issued = issueTokenSync(needEmbedded('issueToken'), input, now);
      link.fan?.disconnectAgent(issued.agentId);
      return issued;
    },
    issueBotKey: (name) => issueBotKeySync(needEmbedded('issueBotKey'), name, now),
    importKb: (articles) => importKbArticlesSync(needEmbedded('importKb'), articles, now),
    async close() {
      if (closed) return;
      closed = true;
      // In cluster mode routing requests wait for the next holder from now on.
      await cluster?.stopRouting();
      router.stop();
      if (cluster) {
        // Side by side, the other nodes serve too: once this router's decisions are written, one of them may
        // route while this node finishes its requests (their routing operations go to the new holder).
        await router.idle();
        await cluster.releaseLease();
      }
      link.nsp?.close();
      for (const end of [...openStreams]) end();
      for (const id of [...waiters.keys()]) wake(id);
      const ioClosed = new Promise<void>((resolve) => {
        void io.close(() => resolve());
      });
      // Keep-alive connections that were busy when closing began would otherwise stay open until their idle
      // timeout (5 s), holding the routing lease that long: close each as soon as its request is answered.
      server.closeIdleConnections();
      for (const socket of unused) socket.destroy();
      const sweep = setInterval(() => server.closeIdleConnections(), 50);
      await ioClosed;
      clearInterval(sweep);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await router.idle();
      await callbacks.idle();
      // Everything this process decided is written: a standby may take over now.
      await lease?.release();
      await cluster?.close();
      await store.close();
      log.info('hub.stopped', {});
    },
  };
  self.hub = hub;
  return hub;
}
