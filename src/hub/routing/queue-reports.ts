// What supervisors and bots read of the queues, from the router's index and the store: the queue tiles (waiting,
// longest wait, estimate, service level and abandoned over the last hour), everyone waiting in the order they
// will be served with what they were last told, and the agents' presence. Reads only: nothing here changes state.
import type { WaitingEntry } from '../../shared/domain/supervisor';
import type { QueueSnapshot } from '../../shared/domain/conversation';
import type { AgentPresence } from '../../shared/protocol/agent-socket';
import type { HubStore } from '../store/hub-store';
import type { QueueIndex } from './queue-index';
import type { AgentRoster } from './agent-roster';
import type { WaitEstimator } from './wait-estimator';

export interface QueueReportsDeps {
  store: HubStore;
  index: () => QueueIndex;
  roster: AgentRoster;
  waits: WaitEstimator;
  now: () => number;
  /** Seconds within which an answer counts toward the service level. */
  serviceLevelSeconds: number;
}

export function createQueueReports(deps: QueueReportsDeps) {
  const { store, roster, waits, now } = deps;
  return {
    async queues(): Promise<QueueSnapshot[]> {
      const t = now();
      const index = deps.index();
      const tallies = new Map(
        (await store.queueTallies(new Date(t - 3_600_000).toISOString(), new Date(t).toISOString(), deps.serviceLevelSeconds * 1000)).map((q) => [q.queue, q]),
      );
      const names = new Set<string>([...index.queues(), ...tallies.keys()]);
      for (const a of roster.all()) for (const s of a.skills) if (s !== '*') names.add(s);
      const out: QueueSnapshot[] = [];
      for (const queue of [...names].sort()) {
        const count = index.waiting(queue)?.size ?? 0;
        const estimate = await waits.forQueue(queue);
        const tally = tallies.get(queue);
        const oldest = index.oldestWaiting(queue);
        out.push({
          queue,
          waiting: count,
          longestWaitSeconds: oldest ? Math.max(0, Math.round((t - Date.parse(oldest.createdAt)) / 1000)) : 0,
          estimatedWaitSeconds: estimate(count + 1),
          serviceLevel: tally?.decided ? tally.inTime / tally.decided : 1,
          abandoned: tally?.abandoned ?? 0,
          agentsAvailable: roster.servingCount(queue),
        });
      }
      return out;
    },

    /**
     * Everyone waiting, per queue in the order they will be served, with what they were last told. `withPeople`
     * adds who they are and why they were handed off: for agents and supervisors, never for a bot key.
     */
    async waitingList(opts: { withPeople?: boolean } = {}): Promise<WaitingEntry[]> {
      const t = now();
      const index = deps.index();
      const out: WaitingEntry[] = [];
      for (const queue of index.queues().sort()) {
        let position = 0;
        for (const h of index.waiting(queue) ?? []) {
          position++;
          const told = (await store.customerEventsOfHandoff(h.id, 'expectation')).at(-1);
          out.push({
            handoffId: h.id,
            conversationId: h.conversationId,
            queue,
            position,
            estimatedWaitSeconds: told?.type === 'expectation' ? told.estimatedWaitSeconds : 0,
            waitedSeconds: Math.max(0, Math.round((t - Date.parse(h.createdAt)) / 1000)),
            trigger: h.trigger,
            vip: h.vip,
            frustrated: h.frustrated,
            status: h.status,
            ...(opts.withPeople
              ? {
                  customer: { id: h.customerId, ...(h.context.customer.name ? { name: h.context.customer.name } : {}), ...(h.context.customer.tier ? { tier: h.context.customer.tier } : {}) },
                  ...(h.context.reason.detail ? { detail: h.context.reason.detail } : {}),
                }
              : {}),
          });
        }
      }
      return out;
    },

    async presence(): Promise<AgentPresence[]> {
      const index = deps.index();
      return (await store.listAgents()).map((a) => ({ ...a, connected: roster.isConnected(a.id), activeConversations: index.activeCount(a.id) }));
    },
  };
}
