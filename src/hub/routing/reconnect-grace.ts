// Reconnect grace: an agent who drops off with conversations held keeps them until a deadline, in case the desk
// comes back (a network blip, a laptop lid). The deadline is stored with the agent (agents.grace_until), so a
// hub that restarts or a node that takes the routing over keeps the same one; the roster holds this router's copy
// first. When it passes with the agent still away, their conversations go back to the queue.
import type { Logger } from '../../shared/log';
import type { AgentRecord, HubStore } from '../store/hub-store';
import type { AgentRoster } from './agent-roster';
import { KeyedTimers, type RouterTimers } from './offer-timers';

export interface ReconnectGraceDeps {
  store: HubStore;
  roster: AgentRoster;
  timers: RouterTimers;
  now: () => number;
  graceMs: number;
  log: Logger;
  /** Wraps a timer callback (the router's lock, never after it stopped). */
  guarded: (what: string, fn: () => Promise<void>) => () => void;
  /** The grace period ran out with the agent still away: what they hold goes back to the queue... */
  requeueHeld: (agentId: string) => Promise<void>;
  /** ...and then to whoever is free. */
  dispatch: () => Promise<void>;
}

export function createReconnectGrace(deps: ReconnectGraceDeps) {
  const { store, roster, now, log } = deps;
  const timers = new KeyedTimers(deps.timers);

  /** This router's deadline first; the stored one only matters to a router that starts after this one. */
  async function setUntil(agentId: string, until: string | undefined): Promise<void> {
    const a = roster.get(agentId);
    if (a) {
      const next: AgentRecord = { ...a };
      if (until) next.graceUntil = until;
      else delete next.graceUntil;
      roster.set(next);
    }
    try {
      await store.setAgentGrace(agentId, until);
    } catch (e) {
      // A router that takes over would then grant a full grace period instead: log it, keep going.
      log.error('router.grace_not_stored', { agentId, error: e instanceof Error ? e.name : 'unknown' });
    }
  }

  const grace = {
    /** The agent is away with conversations held. `stored`: keep the deadline already stored (at start). */
    async start(agentId: string, stored = false): Promise<void> {
      const agent = roster.get(agentId) ?? (await roster.refresh(store, agentId));
      let until = stored && agent?.graceUntil ? Date.parse(agent.graceUntil) : Number.NaN;
      if (!Number.isFinite(until)) {
        until = now() + deps.graceMs;
        await setUntil(agentId, new Date(until).toISOString());
      }
      // The deadline this timer is for: if the agent came back and left again before it ran, a newer one counts.
      const deadline = new Date(until).toISOString();
      timers.set(agentId, deps.guarded('grace', () => grace.expire(agentId, deadline)), Math.max(0, until - now()));
    },

    /** The agent is back (or their conversations went back to the queue): no deadline is pending. */
    async end(agentId: string): Promise<void> {
      timers.clear(agentId);
      if (roster.get(agentId)?.graceUntil) await setUntil(agentId, undefined);
    },

    /**
     * The deadline passed (call it under the router's exclusive lock). `deadline`: from the timer, the grace period
     * it was set for; it does nothing once another has replaced it.
     */
    async expire(agentId: string, deadline?: string): Promise<void> {
      if (deadline !== undefined && roster.get(agentId)?.graceUntil !== deadline) return;
      if (roster.isConnected(agentId)) return grace.end(agentId);
      await deps.requeueHeld(agentId);
      await grace.end(agentId);
      log.info('agent.grace_expired', { agentId });
      await deps.dispatch();
    },

    stop(): void {
      timers.clearAll();
    },
  };
  return grace;
}
