// The supervisor console's data: queue tiles (pushed by the hub) and the agents list, plus reassigning.
import type { QueueSnapshot } from '../../../shared/domain/conversation';
import type { AgentPresence } from '../../../shared/protocol/agent-socket';
import type { SliceCreator } from '../../app/store';

export interface SupervisorSlice {
  queues: QueueSnapshot[];
  agents: AgentPresence[];
  supervisorError?: string;
  applyQueues: (queues: QueueSnapshot[]) => void;
  loadSupervisor: () => Promise<void>;
  reassign: (handoffId: string, agentId: string) => Promise<boolean>;
}

export const createSupervisorSlice: SliceCreator<SupervisorSlice> = (set, get, api) => ({
  queues: [],
  agents: [],
  supervisorError: undefined,
  applyQueues: (queues) => set({ queues }),
  loadSupervisor: async () => {
    const [queues, agents] = await Promise.all([api.getQueues({}), api.getAgents({})]);
    set({
      queues: queues.ok ? queues.value : get().queues,
      agents: agents.ok ? agents.value : get().agents,
      supervisorError: !queues.ok ? queues.error.message : !agents.ok ? agents.error.message : undefined,
    });
  },
  reassign: async (handoffId, agentId) => {
    const result = await api.reassign({ handoffId, agentId });
    if (!result.ok) {
      get().reportError(result.error);
      return false;
    }
    get().pushToast('info', 'Conversation reassigned.');
    void get().loadSupervisor();
    return true;
  },
});
