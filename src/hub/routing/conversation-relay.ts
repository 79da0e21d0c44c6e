// The operations on a conversation that make no routing decision: messages both ways, the customer's rating and
// the agent's feedback on suggestions, and who may see a hand-off. Each takes only its hand-off's lock (the
// store checks ownership in the same transaction as the write), so message traffic never waits for routing.
import type { AgentRecord, HubStore, Told } from '../store/hub-store';
import type { Message } from '../../shared/domain/conversation';
import { fail, ok, type Result } from '../../shared/result';
import { csatRefusal } from '../http/csat-rules';
import type { QueueIndex } from './queue-index';
import type { RouterLocks } from './router-locks';

export interface ConversationRelayDeps {
  store: HubStore;
  locks: RouterLocks;
  index: () => QueueIndex;
  /** Queues the events a write appended, for delivery once it is durable. */
  announce(conversationId: string, told: Told): void;
  agentName(agentId: string): Promise<string | undefined>;
  iso(): string;
}

export function createConversationRelay(deps: ConversationRelayDeps) {
  const { store, locks, announce, iso } = deps;
  const own = <T>(handoffId: string, fn: () => Promise<T>): Promise<T> => locks.onHandoff(handoffId, fn, 'none');
  return {
    sendAgentMessage: (agentId: string, req: { handoffId: string; clientMessageId: string; text: string }): Promise<Result<Message>> =>
      own(req.handoffId, async () => {
        const name = await deps.agentName(agentId);
        const r = await store.recordMessage(
          { handoffId: req.handoffId, role: 'agent', text: req.text, at: iso(), clientMessageId: req.clientMessageId, ...(name ? { authorName: name } : {}), beforeHandoff: false },
          { from: 'agent', agentId },
        );
        if (!r.ok) {
          if (r.reason === 'not_found') return fail('not_found', `No hand-off ${req.handoffId}. Refresh your inbox.`);
          return fail('forbidden', 'This conversation is not assigned to you (it may have been transferred, reassigned or ended).');
        }
        // A retry of a message that already went out answers the stored one (its events were written with it).
        if (r.created) {
          const h = deps.index().get(req.handoffId) ?? (await store.getHandoff(req.handoffId));
          if (h) announce(h.conversationId, r.told);
        }
        return ok(r.message);
      }),

    customerMessage: async (conversationId: string, req: { text: string; clientMessageId: string }): Promise<Result<{ message: Message; created: boolean }>> => {
      const latest = await store.latestHandoffForConversation(conversationId);
      if (!latest) return fail('not_found', `No hand-off for conversation ${conversationId}. Post it to /v1/handoffs first.`);
      return own(latest.id, async () => {
        const r = await store.recordMessage({ handoffId: latest.id, role: 'customer', text: req.text, at: iso(), clientMessageId: req.clientMessageId, beforeHandoff: false }, { from: 'customer' });
        if (!r.ok) return fail('conflict', `The hand-off of conversation ${conversationId} has ended (${r.status ?? 'unknown'}); start a new hand-off.`);
        if (r.created) announce(conversationId, r.told);
        return ok({ message: r.message, created: r.created });
      });
    },

    csat: async (conversationId: string, score: number, comment?: string): Promise<Result<null>> => {
      const h = await store.latestHandoffForConversation(conversationId);
      if (!h) return fail('not_found', `No hand-off for conversation ${conversationId}.`);
      return own(h.id, async () => {
        const now = (await store.getHandoff(h.id)) ?? h;
        const refused = csatRefusal(now);
        if (refused) return fail('conflict', refused);
        await store.updateHandoff(h.id, [h.status], { csatScore: score, ...(comment ? { csatComment: comment } : {}) });
        return ok(null);
      });
    },

    suggestionFeedback: (
      agentId: string,
      req: { handoffId: string; suggestionId: string; action: 'inserted' | 'edited' | 'dismissed'; provider?: string },
    ): Promise<Result<null>> =>
      own(req.handoffId, async () => {
        const h = await store.getHandoff(req.handoffId);
        // Whoever transferred, handed on or lost a conversation still rates the suggestions they saw in it.
        if (!h || (h.agentId !== agentId && !(await store.heldBy(h.id, agentId)))) {
          return fail('forbidden', 'Feedback is only accepted for conversations you hold or held.');
        }
        await store.addSuggestionFeedback({ ...req, agentId, at: iso() });
        return ok(null);
      }),

    /** Whether this agent may see the hand-off: it is offered to them, theirs, or they supervise. */
    async canSee(agent: AgentRecord, handoffId: string): Promise<boolean> {
      const h = await store.getHandoff(handoffId);
      if (!h) return false;
      return agent.role === 'supervisor' || h.agentId === agent.id || h.offeredTo === agent.id;
    },
  };
}
