// The desk's link to the hub (socket.io-client on /agent). Authenticates with the agent token and the last
// applied seq so the hub replays what was missed; applies events in seq order, each together with the new
// lastSeq in ONE SQLite transaction, so a crash can never apply an event twice or skip one. Reports its state
// (connecting / online / reconnecting / offline) with what to do when it is not online.
import { io, type Socket } from 'socket.io-client';
import { fail, type Result } from '../../../shared/result';
import type { Logger } from '../../../shared/log';
import type { LinkState, LinkStateName } from '../../../shared/desk-api/contract';
import { AGENT_NAMESPACE, type AgentClientToServer, type AgentEvent, type AgentHello, type AgentServerToClient } from '../../../shared/protocol/agent-socket';
import type { QueueSnapshot } from '../../../shared/domain/conversation';
import type { DeskCache } from '../cache/desk-cache';
import { parseAgentEvent, parseAgentHello, parseQueueSnapshots } from '../../../shared/protocol/wire-parse';

export const OFFLINE_ERROR = { code: 'offline', message: 'The hub is unreachable; try again when the status bar says Online.' } as const;

export interface HubLinkOptions {
  hubUrl: string;
  token: string | undefined;
  cache: DeskCache;
  logger: Logger;
  /** Applies one event to the cache inside the link's transaction; answers what to emit once it is committed. */
  applyEvent: (event: AgentEvent) => (() => void) | void;
  onHello: (hello: AgentHello) => void;
  onQueues: (queues: QueueSnapshot[]) => void;
  onState: (state: LinkState) => void;
  /** Called after every (re)connection, once the hub said hello: time to flush the outbox. */
  onOnline: () => void;
  reconnectDelayMs?: number;
  reconnectDelayMaxMs?: number;
  requestTimeoutMs?: number;
}

type ClientSocket = Socket<AgentServerToClient, AgentClientToServer>;
type RequestName = keyof AgentClientToServer;

export function createHubLink(opts: HubLinkOptions) {
  const { cache, logger } = opts;
  let socket: ClientSocket | undefined;
  let state: LinkStateName = 'offline';
  let detail: string | undefined = opts.token ? undefined : 'No agent token: set one in Settings (or BATON_AGENT_TOKEN).';
  /** The one pending reconnection that socket.io will not do on its own (server disconnect, transient refusal). */
  let serverRetry: ReturnType<typeof setTimeout> | undefined;
  let refusedRetries = 0;
  let stopped = true;

  /** Reconnects `s` later, replacing any reconnection already planned so timers never stack. */
  function retryLater(s: ClientSocket, delayMs: number): void {
    if (serverRetry) clearTimeout(serverRetry);
    serverRetry = setTimeout(() => {
      serverRetry = undefined;
      if (!stopped && socket === s) s.connect();
    }, delayMs);
  }
  /** The link's backoff for refusals socket.io does not retry: doubles from reconnectDelayMs up to the max. */
  const refusedBackoffMs = () => {
    const base = opts.reconnectDelayMs ?? 500;
    const max = opts.reconnectDelayMaxMs ?? 15_000;
    return Math.min(max, base * 2 ** Math.min(refusedRetries++, 16));
  };

  const snapshot = (): LinkState => ({
    state,
    outbox: cache.outboxCount(),
    hubUrl: opts.hubUrl,
    ...(state !== 'online' && detail ? { detail } : {}),
  });
  const setState = (next: LinkStateName, why?: string) => {
    state = next;
    detail = why;
    opts.onState(snapshot());
  };

  function applyInOrder(raw: unknown): void {
    const event = parseAgentEvent(raw);
    if (!event) {
      logger.warn('link.event_invalid');
      return;
    }
    const after = cache.transaction(() => {
      const last = cache.lastSeq();
      if (event.seq <= last) return undefined; // already applied: a replay overlapping what we had
      // A fresh desk (lastSeq 0) is sent the agent's current state as new events, not the history: its first
      // seq is the hub's head + 1, which is expected. Any other jump means events went missing.
      if (last > 0 && event.seq > last + 1) logger.warn('link.seq_gap', { last, seq: event.seq });
      const emit = opts.applyEvent(event);
      cache.setLastSeq(event.seq);
      return emit ?? undefined;
    });
    after?.();
  }

  function connect(): void {
    if (!opts.token) {
      setState('offline', 'No agent token: set one in Settings (or BATON_AGENT_TOKEN).');
      return;
    }
    const token = opts.token;
    const s: ClientSocket = io(new URL(AGENT_NAMESPACE, opts.hubUrl).toString(), {
      transports: ['websocket'],
      reconnection: true,
      reconnectionDelay: opts.reconnectDelayMs ?? 500,
      reconnectionDelayMax: opts.reconnectDelayMaxMs ?? 15_000,
      randomizationFactor: 0.5,
      timeout: 10_000,
      // A function, so every reconnection sends the lastSeq as it is now, not as it was at start.
      auth: (cb) => cb({ token, lastSeq: cache.lastSeq() }),
    });
    socket = s;
    setState('connecting');

    s.on('connect', () => logger.info('link.connected'));
    s.on('hello', (raw) => {
      const hello = parseAgentHello(raw);
      if (!hello) return logger.warn('link.hello_invalid');
      if (hello.headSeq < cache.lastSeq()) {
        // The hub's stream restarted (a new hub database): follow it, or every new event would look old.
        logger.warn('link.hub_stream_reset', { headSeq: hello.headSeq, lastSeq: cache.lastSeq() });
        cache.setLastSeq(hello.headSeq);
      }
      refusedRetries = 0;
      opts.onHello(hello);
      setState('online');
      opts.onOnline();
    });
    s.on('event', applyInOrder);
    s.on('queues', (raw) => {
      const queues = parseQueueSnapshots(raw);
      if (queues) opts.onQueues(queues);
      else logger.warn('link.queues_invalid');
    });
    s.on('connect_error', (err) => {
      if (stopped) return;
      if (!s.active && err.message.startsWith('unavailable')) {
        // The hub refused us for a passing reason (e.g. its store failed while checking the token): socket.io
        // gave up on this socket, so try again ourselves.
        logger.warn('link.refused_transient');
        setState('reconnecting', `The hub could not let us in just now (${err.message}); retrying.`);
        retryLater(s, refusedBackoffMs());
      } else if (!s.active) {
        // The hub refused us (its auth middleware said no): retrying with the same token cannot help.
        logger.warn('link.rejected');
        setState('offline', `Token rejected (${err.message}): set a valid agent token in Settings.`);
      } else {
        setState('reconnecting', `Cannot reach the hub at ${opts.hubUrl} (${err.message}); retrying. Check that the hub is running and the hub URL in Settings.`);
      }
    });
    s.on('disconnect', (reason) => {
      if (stopped) return;
      logger.info('link.disconnected', { reason });
      if (reason === 'io server disconnect') {
        // The hub closed the session on purpose; socket.io will not retry on its own, so try again later.
        setState('offline', 'The hub closed the connection; reconnecting in a few seconds.');
        retryLater(s, opts.reconnectDelayMaxMs ?? 5_000);
      } else {
        setState('reconnecting', 'Connection to the hub lost; reconnecting. Replies you send are kept and delivered when it returns.');
      }
    });
  }

  return {
    start(): void {
      stopped = false;
      connect();
    },
    stop(): void {
      stopped = true;
      if (serverRetry) clearTimeout(serverRetry);
      serverRetry = undefined;
      socket?.disconnect();
      socket = undefined;
      state = 'offline';
    },
    isOnline: () => state === 'online' && Boolean(socket?.connected),
    state: snapshot,
    /** Re-emits the state, e.g. after the outbox count changed. */
    publish(): void {
      opts.onState(snapshot());
    },
    /** One desk-to-hub request with an acknowledgement, as a Result; offline and timeout are errors, not throws. */
    request<T>(name: RequestName, payload: unknown, timeoutMs = opts.requestTimeoutMs ?? 10_000): Promise<Result<T>> {
      const s = socket;
      if (!s || !s.connected) return Promise.resolve({ ok: false, error: { ...OFFLINE_ERROR } });
      return new Promise((resolve) => {
        // The typed emit cannot express "any request name"; the payload was validated by the caller's schema.
        const timed = s.timeout(timeoutMs) as unknown as { emit(event: string, payload: unknown, ack: (err: Error | null, res: unknown) => void): void };
        timed.emit(name, payload, (err, res) => {
          if (err) return resolve(fail('timeout', `The hub did not answer "${name}" in time; try again.`));
          if (res && typeof res === 'object' && 'ok' in res) return resolve(res as Result<T>);
          resolve(fail('protocol', `The hub sent an unexpected answer to "${name}".`));
        });
      });
    },
    /** For tests: the underlying socket, to cut it. */
    get socket(): ClientSocket | undefined {
      return socket;
    },
  };
}

export type HubLink = ReturnType<typeof createHubLink>;
