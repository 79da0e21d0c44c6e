// Who is signed in and how the link to the hub is doing; loads the first snapshot of the desk.
import type { AgentProfile, AgentStatus } from '../../../shared/domain/conversation';
import type { DeskConnectionState, DeskSnapshot, LinkState } from '../../../shared/desk-api/contract';
import type { SliceCreator } from '../../app/store';

export interface SessionSlice {
  agent?: AgentProfile;
  link: LinkState;
  /** Whether the page reaches the desk backend at all; the hub link's state only counts while this is 'open'. */
  desk: DeskConnectionState;
  /** False until the first snapshot arrived. */
  loaded: boolean;
  loadError?: string;
  loadSnapshot: () => Promise<void>;
  applySnapshot: (snapshot: DeskSnapshot) => void;
  applyAgent: (agent: AgentProfile) => void;
  applyLink: (link: LinkState) => void;
  applyDeskConnection: (state: DeskConnectionState) => void;
  setStatus: (status: AgentStatus) => Promise<void>;
  toggleAvailability: () => Promise<void>;
}

export const createSessionSlice: SliceCreator<SessionSlice> = (set, get, api) => {
  // Once the backend has been reached, a later reconnection reloads the snapshot: events sent meanwhile were lost.
  let openedBefore = false;
  return {
    agent: undefined,
    link: { state: 'connecting', outbox: 0, hubUrl: '' },
    desk: 'connecting',
    loaded: false,
    loadError: undefined,
    loadSnapshot: async () => {
      const result = await api.getSnapshot({});
      if (!result.ok) {
        set({ loadError: result.error.message });
        return;
      }
      get().applySnapshot(result.value);
    },
    applySnapshot: (snapshot) =>
      set({
        agent: snapshot.agent,
        link: snapshot.link,
        offers: snapshot.offers,
        conversations: snapshot.conversations,
        settings: snapshot.settings,
        loaded: true,
        loadError: undefined,
      }),
    applyAgent: (agent) => set({ agent }),
    applyLink: (link) => set({ link }),
    applyDeskConnection: (desk) => {
      set({ desk });
      if (desk !== 'open') return;
      if (openedBefore) void get().loadSnapshot();
      openedBefore = true;
    },
    setStatus: async (status) => {
      const result = await api.setStatus({ status });
      if (!result.ok) {
        get().reportError(result.error);
        return;
      }
      const agent = get().agent;
      if (agent) set({ agent: { ...agent, status: result.value } });
    },
    toggleAvailability: async () => {
      const current = get().agent?.status;
      await get().setStatus(current === 'available' ? 'away' : 'available');
    },
  };
};
