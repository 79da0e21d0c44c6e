// Start-up: the store is fed by DeskApi events, subscribed once here, and the first snapshot is loaded.
// Components never subscribe to the DeskApi themselves.
import type { DeskApi } from '../../shared/desk-api/contract';
import type { DeskStore } from './store';

export interface OfferAlerts {
  onNewOffer: (handoffId: string, customerName: string, queue: string) => void;
}

/** Wires every DeskApi event to its store action; returns a function that unsubscribes them all. */
export function connectDeskEvents(api: DeskApi, store: DeskStore, alerts?: OfferAlerts): () => void {
  const s = () => store.getState();
  const unsubscribers = [
    api.onLinkState((link) => s().applyLink(link)),
    api.onAgent((agent) => s().applyAgent(agent)),
    api.onOffer((offer) => {
      const known = s().offers.some((o) => o.conversation.handoffId === offer.conversation.handoffId);
      s().applyOffer(offer);
      if (!known) alerts?.onNewOffer(offer.conversation.handoffId, offer.conversation.customer.name ?? 'A customer', offer.conversation.queue);
    }),
    api.onOfferRevoked(({ handoffId }) => s().applyOfferRevoked(handoffId)),
    api.onConversation((item) => {
      // The open conversation is being read: its new messages are not unread.
      const open = s().activeId === item.handoffId && s().view === 'desk';
      s().applyConversationItem(open && item.unread > 0 ? { ...item, unread: 0 } : item);
      if (open && item.unread > 0) void api.markRead({ handoffId: item.handoffId });
    }),
    api.onConversationRemoved(({ handoffId }) => s().applyConversationRemoved(handoffId)),
    api.onMessage((message) => s().applyMessage(message)),
    api.onSummary((summary) => s().applySummary(summary)),
    api.onAssist((update) => s().applyAssist(update)),
    api.onQueues((queues) => s().applyQueues(queues)),
    api.onSettings((settings) => s().applySettings(settings)),
  ];
  return () => unsubscribers.forEach((off) => off());
}

/** Events first, then the snapshot, so nothing that happens in between is lost. */
export async function bootstrapDesk(api: DeskApi, store: DeskStore, alerts?: OfferAlerts): Promise<() => void> {
  const disconnect = connectDeskEvents(api, store, alerts);
  await store.getState().loadSnapshot();
  if (store.getState().agent?.role === 'supervisor') void store.getState().loadSupervisor();
  return disconnect;
}
