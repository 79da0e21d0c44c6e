// Applies the hub's agent events to the desk cache. Each runs inside the link's transaction (with the event's
// sequence number), and the closure it returns tells the renderer only after that commit, so the desk never shows
// what a crash would take back. The switch is exhaustive: a new hub event fails to compile until it is handled.
import type { Offer } from '../../../shared/desk-api/contract';
import type { AgentEvent } from '../../../shared/protocol/agent-socket';
import { assertNever } from '../../../shared/assert-never';
import { publishConversation, type DeskCore } from './desk-parts';

export interface HubEventEffects {
  /** New suggestions for a conversation whose messages changed. */
  refreshSuggestions(handoffId: string): unknown;
  /** Stops the suggestion request of a conversation that left the desk. */
  abortSuggestions(handoffId: string): void;
  /** The outbox count changed: re-announce the link state. */
  publishLink(): void;
}

export function createHubEventReducer(core: Pick<DeskCore, 'cache' | 'emit'>, effects: HubEventEffects) {
  const { cache, emit } = core;
  return function applyEvent(event: AgentEvent): (() => void) | void {
    switch (event.type) {
      case 'offer': {
        const offer: Offer = { conversation: event.conversation, expiresAt: event.expiresAt };
        // A replayed offer that already ran out is history, not something to accept.
        if (Date.parse(offer.expiresAt) <= Date.now()) return;
        cache.upsertOffer(offer);
        return () => emit('onOffer', offer);
      }
      case 'offer.revoked': {
        cache.deleteOffer(event.handoffId);
        return () => emit('onOfferRevoked', { handoffId: event.handoffId, reason: event.reason });
      }
      case 'conversation.assigned': {
        cache.deleteOffer(event.conversation.handoffId);
        cache.upsertConversation(event.conversation);
        return () => {
          publishConversation(core, event.conversation.handoffId);
          // Assigned by a supervisor or a transfer: the suggestions are ready when the agent opens it.
          void effects.refreshSuggestions(event.conversation.handoffId);
        };
      }
      case 'conversation.updated': {
        const known = cache.getConversation(event.conversation.handoffId);
        if (!known && event.conversation.status !== 'active') return;
        const added = cache.upsertConversation(event.conversation);
        return () => {
          for (const m of added) emit('onMessage', m);
          publishConversation(core, event.conversation.handoffId);
        };
      }
      case 'conversation.removed': {
        cache.deleteOffer(event.handoffId);
        if (!cache.deleteConversation(event.handoffId)) return;
        return () => {
          effects.abortSuggestions(event.handoffId);
          emit('onConversationRemoved', { handoffId: event.handoffId, reason: event.reason });
        };
      }
      case 'message': {
        const m = event.message;
        // Our own reply echoed by the hub settles its outbox row in the same transaction.
        const settled = m.clientMessageId ? cache.dequeueReply(m.clientMessageId) : false;
        const inserted = cache.insertMessage(m);
        if (inserted && m.role === 'customer') cache.addUnread(m.handoffId, 1);
        if (!inserted && !settled) return;
        return () => {
          emit('onMessage', m);
          publishConversation(core, m.handoffId);
          if (settled) effects.publishLink();
          // A customer message changes what is needed; an agent's reply may have carried out a procedure step.
          if (inserted && (m.role === 'customer' || m.role === 'agent')) void effects.refreshSuggestions(m.handoffId);
        };
      }
      default:
        return assertNever(event, 'hub event');
    }
  };
}
