// The supervisor console's data: queue tiles (pushed by the hub and refreshed), the waiting list, agents with
// their load, the KPIs over time with the console's filters and range, and reassigning a conversation.
import type { QueueSnapshot } from '../../../shared/domain/conversation';
import type { SupervisorMetrics, WaitingConversation } from '../../../shared/domain/supervisor';
import type { AgentPresence } from '../../../shared/protocol/agent-socket';
import type { SliceCreator } from '../../app/store';
import { metricsRequestFor, type KpiRangeName, type SupervisorFilters } from './supervisor-selectors';

export interface SupervisorSlice {
  queues: QueueSnapshot[];
  agents: AgentPresence[];
  waiting: WaitingConversation[];
  /** Why the live data (queues, agents, waiting list) could not be refreshed; the last data stays shown. */
  supervisorError?: string;
  /** When the live data was last refreshed (ms). */
  supervisorUpdatedAt?: number;
  metrics?: SupervisorMetrics;
  metricsError?: string;
  metricsLoading: boolean;
  kpiRange: KpiRangeName;
  supervisorFilters: SupervisorFilters;
  /** Conversations with a reassign in flight, so their button cannot be pressed twice. */
  reassigning: string[];
  applyQueues: (queues: QueueSnapshot[]) => void;
  /** Queues, agents and the waiting list together. */
  loadSupervisor: () => Promise<void>;
  loadWaiting: () => Promise<void>;
  loadMetrics: () => Promise<void>;
  setKpiRange: (range: KpiRangeName) => void;
  setSupervisorFilters: (filters: SupervisorFilters) => void;
  reassign: (handoffId: string, agentId: string) => Promise<boolean>;
}

/** Queue pushes can come several times a second; the waiting list follows them at most this often. */
export const WAITING_FOLLOW_MS = 2_000;

export const createSupervisorSlice: SliceCreator<SupervisorSlice> = (set, get, api) => {
  // Only the newest metrics request may land: a slow answer for an old filter must not replace a newer one.
  let metricsRequest = 0;
  // A hub queue push means someone joined or left a queue: the console follows it with the waiting list,
  // throttled. The 10 s refresh fetches the waiting list itself, so only pushes trigger this.
  let lastFollow = 0;
  let followTimer: ReturnType<typeof setTimeout> | undefined;
  const followQueuePush = () => {
    if (followTimer !== undefined || get().view !== 'supervisor' || get().agent?.role !== 'supervisor') return;
    followTimer = setTimeout(
      () => {
        followTimer = undefined;
        lastFollow = Date.now();
        void get().loadWaiting();
      },
      Math.max(0, lastFollow + WAITING_FOLLOW_MS - Date.now()),
    );
  };

  return {
    queues: [],
    agents: [],
    waiting: [],
    supervisorError: undefined,
    supervisorUpdatedAt: undefined,
    metrics: undefined,
    metricsError: undefined,
    metricsLoading: false,
    kpiRange: '24h',
    supervisorFilters: {},
    reassigning: [],
    applyQueues: (queues) => {
      set({ queues });
      followQueuePush();
    },
    loadSupervisor: async () => {
      const [queues, agents, waiting] = await Promise.all([api.getQueues({}), api.getAgents({}), api.getWaitingList({})]);
      const firstError = [queues, agents, waiting].find((r) => !r.ok);
      set({
        queues: queues.ok ? queues.value : get().queues,
        agents: agents.ok ? agents.value : get().agents,
        waiting: waiting.ok ? waiting.value : get().waiting,
        supervisorError: firstError && !firstError.ok ? firstError.error.message : undefined,
        ...(firstError ? {} : { supervisorUpdatedAt: Date.now() }),
      });
    },
    loadWaiting: async () => {
      const waiting = await api.getWaitingList({});
      if (waiting.ok) set({ waiting: waiting.value, supervisorError: undefined, supervisorUpdatedAt: Date.now() });
      else set({ supervisorError: waiting.error.message });
    },
    loadMetrics: async () => {
      const id = ++metricsRequest;
      set({ metricsLoading: true });
      const r = await api.getMetrics(metricsRequestFor(get().kpiRange, get().supervisorFilters, Date.now()));
      if (id !== metricsRequest) return;
      set(r.ok ? { metrics: r.value, metricsError: undefined, metricsLoading: false } : { metricsError: r.error.message, metricsLoading: false });
    },
    setKpiRange: (kpiRange) => {
      if (kpiRange === get().kpiRange) return;
      set({ kpiRange });
      void get().loadMetrics();
    },
    setSupervisorFilters: (filters) => {
      const next = { ...get().supervisorFilters, ...filters };
      // An empty choice in a menu clears that filter.
      if (!next.queue) delete next.queue;
      if (!next.trigger) delete next.trigger;
      set({ supervisorFilters: next });
      void get().loadMetrics();
    },
    reassign: async (handoffId, agentId) => {
      if (get().reassigning.includes(handoffId)) return false;
      set({ reassigning: [...get().reassigning, handoffId] });
      const result = await api.reassign({ handoffId, agentId });
      set({ reassigning: get().reassigning.filter((id) => id !== handoffId) });
      if (!result.ok) {
        get().reportError(result.error);
        return false;
      }
      const name = get().agents.find((a) => a.id === agentId)?.name ?? 'the agent';
      get().pushToast('info', `Conversation reassigned to ${name}.`);
      void get().loadSupervisor();
      return true;
    },
  };
};
