// The router a hub node in cluster mode hands its HTTP and socket layers: the same interface as HandoffRouter,
// so they do not know whether this node routes. Routing operations (they need the router's in-memory index) run
// on the local router when this node holds the routing lease and go to the holder over RPC otherwise. Messages,
// CSAT and suggestion feedback run locally on every node: their store calls check ownership atomically and take
// no routing decision. Presence goes to Redis first (the truth the holder reconciles with), then the holder is
// asked to reconcile now; a holder that cannot be reached picks it up at its next heartbeat.
import type { HandoffRouter } from '../routing/handoff-router';
import { fail, type Result } from '../../shared/result';
import { RouterUnavailableError } from '../routing/router-unavailable';
import type { NodePresence } from './presence';
import type { AgentEvent } from '../../shared/protocol/agent-socket';

/** Routing operations answered with a Result: an unreachable holder becomes `unavailable`, a retryable failure. */
const ROUTED_RESULT = ['customerEnd', 'accept', 'decline', 'setStatus', 'resolve', 'transfer', 'handBack', 'reassign'] as const;
/** Routing operations answered with a value: an unreachable holder throws RouterUnavailableError. */
const ROUTED_VALUE = ['submit', 'queues', 'waitingList', 'presence', 'currentStateEvents', 'graceExpired', 'expireOffer'] as const;
export const ROUTED_OPS: readonly string[] = [...ROUTED_RESULT, ...ROUTED_VALUE];
/** What the holder runs for another node: a routing operation, or a presence reconcile. */
export const PRESENCE_SYNC = 'presence.sync';

export interface ClusterRouterDeps {
  local: HandoffRouter;
  holding: () => boolean;
  call: (op: string, args: unknown[]) => Promise<unknown>;
  presence: NodePresence;
  /** The holder's reconcile, run here when this node holds the lease. */
  reconcile: () => Promise<void>;
  /** Hands this node's sockets the events a remote currentStateEvents appended (idempotent by seq). */
  deliverLocal: (agentId: string, event: AgentEvent) => void;
}

export function createClusterRouter(deps: ClusterRouterDeps): HandoffRouter {
  const { local, holding, call } = deps;
  const routed: Record<string, unknown> = {};
  for (const op of ROUTED_RESULT) {
    routed[op] = async (...args: unknown[]): Promise<Result<unknown>> => {
      const run = local[op] as (...a: unknown[]) => Promise<Result<unknown>>;
      if (holding()) return run(...args);
      try {
        return (await call(op, args)) as Result<unknown>;
      } catch (e) {
        if (e instanceof RouterUnavailableError) return fail('unavailable', e.message);
        throw e;
      }
    };
  }
  for (const op of ROUTED_VALUE) {
    routed[op] = (...args: unknown[]): Promise<unknown> => {
      const run = local[op] as (...a: unknown[]) => Promise<unknown>;
      return holding() ? run(...args) : call(op, args);
    };
  }
  const sync = async (): Promise<void> => {
    if (holding()) return deps.reconcile();
    // The presence is in Redis already; the holder reconciles at its next heartbeat if this does not reach it.
    await call(PRESENCE_SYNC, []).catch(() => undefined);
  };
  const router: HandoffRouter = {
    ...local,
    ...(routed as Partial<HandoffRouter>),
    async currentStateEvents(agentId: string) {
      if (holding()) return local.currentStateEvents(agentId);
      const events = (await call('currentStateEvents', [agentId])) as AgentEvent[];
      for (const e of events) deps.deliverLocal(agentId, e);
      return events;
    },
    // The lock only orders what runs on the holder; elsewhere there is nothing local to order against.
    withLock: <T>(fn: () => Promise<T>): Promise<T> => (holding() ? local.withLock(fn) : fn()),
    async connect(agentId: string) {
      await deps.presence.connected(agentId);
      await sync();
    },
    async disconnect(agentId: string) {
      await deps.presence.disconnected(agentId);
      await sync();
    },
  };
  return router;
}
