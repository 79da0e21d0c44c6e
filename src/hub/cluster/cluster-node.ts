// One hub node of a cluster that serves side by side (BATON_DATABASE_URL + BATON_REDIS_URL): every node listens on
// its own port and serves bots and desks itself. The parts: Redis connections (redis-bus.ts); socket.io's Redis
// Streams adapter, so room emits and serverSideEmit cross nodes; cross-node hints (below) for what the router
// tells its listener; shared presence (presence.ts); shared rate limits (redis-rate-limit.ts); and the routing
// lease (routing-lease.ts), whose holder alone runs the HandoffRouter and answers the other nodes' routing
// requests (router-rpc.ts, remote-router.ts). A node that takes the lease over rebuilds the router from the
// database, counts the agents Redis says are connected, and starts answering.
import { randomUUID } from 'node:crypto';
import type { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Logger } from '../../shared/log';
import type { AgentEvent } from '../../shared/protocol/agent-socket';
import type { HandoffRouter } from '../routing/handoff-router';
import { RouterUnavailableError } from '../routing/router-unavailable';
import type { HubRateLimiters, HubRateLimits } from '../http/rate-limit';
import { openRedisBus, type RedisBus } from './redis-bus';
import { createRpcClient, serveRpc, type RpcServer } from './router-rpc';
import { startPresence } from './presence';
import { createClusterRouter, PRESENCE_SYNC, ROUTED_OPS } from './remote-router';
import { createRedisHubRateLimiters } from './redis-rate-limit';
import { acquireRoutingLease, type RoutingLease } from './routing-lease';

/** What the router (and the admin helpers) tell the sockets, streams and waiters: on every node in a cluster. */
export interface Fanout {
  agentEvent(agentId: string, event: AgentEvent): void;
  customerEvent(conversationId: string): void;
  queuesChanged(): void;
  typing(conversationId: string, signal: { typing: boolean; agentName: string }): void;
  disconnectAgent(agentId: string): void;
}

type Hint =
  | { t: 'agent'; agentId: string; event: AgentEvent }
  | { t: 'customer'; conversationId: string }
  | { t: 'queues' }
  | { t: 'typing'; conversationId: string; typing: boolean; agentName: string }
  | { t: 'drop'; agentId: string };

const HINT = 'baton:hint';

export interface ClusterNodeOptions {
  redisUrl: string;
  databaseUrl: string;
  /** BATON_REDIS_PREFIX: the start of every key and channel (default `baton`). */
  prefix?: string;
  /** The router built on this node; it routes only while this node holds the lease. */
  local: HandoffRouter;
  logger: Logger;
  /** How long a routing request waits for the holder (5 s). */
  rpcTimeoutMs?: number;
  leasePollMs?: number;
  presenceHeartbeatMs?: number;
  presenceTtlMs?: number;
  /** This node took the lease and routes now. */
  onRouting?: () => void;
  /** The lease's database session ended under this node while it routed. */
  onLeaseLost: (why: string) => void;
}

export interface ClusterNode {
  readonly nodeId: string;
  readonly bus: RedisBus;
  /** What the HTTP and socket layers call. */
  readonly router: HandoffRouter;
  readonly adapter: ReturnType<typeof createAdapter>;
  holding(): boolean;
  rateLimiters(limits: Partial<HubRateLimits>): HubRateLimiters;
  /** Applies what happens here on this node and tells the others. */
  spread(local: Fanout): Fanout;
  /** Once the socket.io server exists: hears the other nodes' hints and starts competing for the lease. */
  attach(io: Server, local: Fanout, catchUp: () => void): void;
  /** Stops answering routing requests (they wait for the next holder), first thing when the hub closes. */
  stopRouting(): Promise<void>;
  /**
   * Gives the lease up once this node's router has written everything it decided, so another node routes while
   * this one finishes the rest of its requests (which send their routing operations to the new holder).
   */
  releaseLease(): Promise<void>;
  /** Gives up the lease (if still held) and leaves Redis: the last thing before the store closes. */
  close(): Promise<void>;
}

export async function openClusterNode(opts: ClusterNodeOptions): Promise<ClusterNode> {
  const log = opts.logger;
  const nodeId = randomUUID();
  const bus = await openRedisBus(opts.redisUrl, opts.prefix ?? 'baton', log);
  const heartbeatMs = opts.presenceHeartbeatMs ?? 1_000;
  const rpc = await createRpcClient(bus, nodeId, opts.rpcTimeoutMs ?? 5_000);
  const presence = startPresence(bus, nodeId, {
    heartbeatMs,
    ...(opts.presenceTtlMs !== undefined ? { ttlMs: opts.presenceTtlMs } : {}),
    onError: (e) => log.warn('cluster.heartbeat_failed', { error: e instanceof Error ? e.message : 'unknown' }),
  });
  const local = opts.local;
  let holding = false;
  let closing = false;
  let closed = false;
  let io: Server | undefined;

  // The holder's view of who is connected, as it last told its router: reconciled with Redis at every heartbeat
  // and whenever a node says an agent came or went.
  const known = new Map<string, number>();
  let reconciling: Promise<void> = Promise.resolve();
  const reconcileOnce = async (): Promise<void> => {
    const want = await presence.counts();
    for (const agentId of new Set([...want.keys(), ...known.keys()])) {
      const target = want.get(agentId) ?? 0;
      let have = known.get(agentId) ?? 0;
      for (; have < target; have++) await local.connect(agentId);
      for (; have > target; have--) await local.disconnect(agentId);
      if (target > 0) known.set(agentId, target);
      else known.delete(agentId);
    }
  };
  const reconcile = (): Promise<void> => {
    const run = reconciling.then(reconcileOnce);
    reconciling = run.catch((e: unknown) => log.warn('cluster.reconcile_failed', { error: e instanceof Error ? e.message : 'unknown' }));
    return run;
  };

  const hint = (h: Hint): void => {
    // Once the connections close, the adapter's publish would reject where nobody can catch it.
    if (!closed && bus.client.isOpen) io?.serverSideEmit(HINT, h);
  };
  const apply = (f: Fanout, h: Hint): void => {
    switch (h.t) {
      case 'agent':
        return f.agentEvent(h.agentId, h.event);
      case 'customer':
        return f.customerEvent(h.conversationId);
      case 'queues':
        return f.queuesChanged();
      case 'typing':
        return f.typing(h.conversationId, { typing: h.typing, agentName: h.agentName });
      case 'drop':
        return f.disconnectAgent(h.agentId);
    }
  };

  let localFanout: Fanout | undefined;
  const router = createClusterRouter({
    local,
    holding: () => holding,
    call: (op, args) => rpc.call(op, args),
    presence,
    reconcile,
    deliverLocal: (agentId, event) => localFanout?.agentEvent(agentId, event),
  });

  let lease: RoutingLease | undefined;
  let rpcServer: RpcServer | undefined;
  let sweep: ReturnType<typeof setInterval> | undefined;
  const abort = new AbortController();

  const handle = async (op: string, args: unknown[]): Promise<unknown> => {
    if (!holding) throw new RouterUnavailableError();
    if (op === PRESENCE_SYNC) return reconcile();
    if (!ROUTED_OPS.includes(op)) throw new Error(`not a routing operation: ${op}`);
    return (local[op as keyof HandoffRouter] as (...a: unknown[]) => Promise<unknown>)(...args);
  };

  const takeOver = async (): Promise<void> => {
    // Who is connected first, so the rebuilt router starts no reconnect grace for agents on other nodes.
    known.clear();
    await reconcile();
    await local.start();
    holding = true;
    rpcServer = serveRpc(bus, handle, log.child('rpc'));
    sweep = setInterval(() => void reconcile().catch(() => undefined), heartbeatMs);
    sweep.unref?.();
    log.info('cluster.routing', { nodeId });
    opts.onRouting?.();
    // Every node's supervisors see the queues as the new holder knows them.
    localFanout?.queuesChanged();
    hint({ t: 'queues' });
  };

  /** Gives the lease up once; a second call (close after an early release) does nothing. */
  const releaseLease = async (): Promise<void> => {
    const held = lease;
    lease = undefined;
    await held?.release();
  };

  const competeForLease = (): void => {
    acquireRoutingLease(opts.databaseUrl, {
      logger: log.child('lease'),
      signal: abort.signal,
      ...(opts.leasePollMs !== undefined ? { pollMs: opts.leasePollMs } : {}),
      onLost: (why) => {
        holding = false;
        opts.onLeaseLost(why);
      },
    }).then(
      async (l) => {
        lease = l;
        if (closing) return;
        try {
          await takeOver();
        } catch (e) {
          log.error('cluster.takeover_failed', { error: e instanceof Error ? e.message : 'unknown' });
          opts.onLeaseLost('the router could not start');
        }
      },
      (e: unknown) => {
        if (!closing) log.error('cluster.lease_failed', { error: e instanceof Error ? e.message : 'unknown' });
      },
    );
  };

  return {
    nodeId,
    bus,
    router,
    adapter: createAdapter(bus.client, { streamName: bus.key('sio'), channelPrefix: bus.key('sio'), onlyPlaintext: true }),
    holding: () => holding,
    rateLimiters: (limits) => createRedisHubRateLimiters(bus, limits),
    spread: (f) => ({
      agentEvent: (agentId, event) => {
        f.agentEvent(agentId, event);
        hint({ t: 'agent', agentId, event });
      },
      customerEvent: (conversationId) => {
        f.customerEvent(conversationId);
        hint({ t: 'customer', conversationId });
      },
      queuesChanged: () => {
        f.queuesChanged();
        hint({ t: 'queues' });
      },
      typing: (conversationId, s) => {
        f.typing(conversationId, s);
        hint({ t: 'typing', conversationId, typing: s.typing, agentName: s.agentName });
      },
      disconnectAgent: (agentId) => {
        f.disconnectAgent(agentId);
        hint({ t: 'drop', agentId });
      },
    }),
    attach(server, f, catchUp) {
      io = server;
      localFanout = f;
      server.on(HINT, (h: Hint) => apply(f, h));
      // A hint lost with its node (killed between commit and publish) is made good from the store.
      const timer = setInterval(catchUp, 2_000);
      timer.unref?.();
      abort.signal.addEventListener('abort', () => clearInterval(timer));
      competeForLease();
    },
    async stopRouting() {
      closing = true;
      abort.abort();
      holding = false;
      if (sweep) clearInterval(sweep);
      await rpcServer?.stop();
    },
    releaseLease,
    async close() {
      closed = true;
      await rpc.close();
      await presence.close().catch(() => undefined);
      await releaseLease();
      await bus.close();
    },
  };
}
