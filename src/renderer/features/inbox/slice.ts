// The inbox: offers waiting for this agent and the conversations they hold, kept current by DeskApi events.
import type { ConversationListItem, Offer } from '../../../shared/desk-api/contract';
import { TRANSCRIPT_FIRST_PAGE } from '../../../shared/desk-api/limits';
import type { SliceCreator } from '../../app/store';
import { sortOffers } from './selectors';

export interface InboxSlice {
  offers: Offer[];
  conversations: ConversationListItem[];
  /** Offers being accepted or declined, so buttons do not fire twice. */
  offerBusy: Record<string, boolean>;
  applyOffer: (offer: Offer) => void;
  applyOfferRevoked: (handoffId: string) => void;
  applyConversationItem: (item: ConversationListItem) => void;
  applyConversationRemoved: (handoffId: string) => void;
  acceptOffer: (handoffId: string) => Promise<void>;
  acceptTopOffer: () => Promise<void>;
  declineOffer: (handoffId: string) => Promise<void>;
  declineTopOffer: () => Promise<void>;
}

export const createInboxSlice: SliceCreator<InboxSlice> = (set, get, api) => ({
  offers: [],
  conversations: [],
  offerBusy: {},
  applyOffer: (offer) =>
    set((s) => ({
      offers: [...s.offers.filter((o) => o.conversation.handoffId !== offer.conversation.handoffId), offer],
    })),
  applyOfferRevoked: (handoffId) => set((s) => ({ offers: s.offers.filter((o) => o.conversation.handoffId !== handoffId) })),
  applyConversationItem: (item) =>
    set((s) => {
      const index = s.conversations.findIndex((c) => c.handoffId === item.handoffId);
      if (index === -1) return { conversations: [...s.conversations, item] };
      const conversations = s.conversations.slice();
      conversations[index] = item;
      return { conversations };
    }),
  applyConversationRemoved: (handoffId) =>
    set((s) => {
      const details = { ...s.details };
      delete details[handoffId];
      return {
        conversations: s.conversations.filter((c) => c.handoffId !== handoffId),
        details,
        activeId: s.activeId === handoffId ? undefined : s.activeId,
        dialog: s.activeId === handoffId ? null : s.dialog,
      };
    }),
  acceptOffer: async (handoffId) => {
    if (get().offerBusy[handoffId]) return;
    set((s) => ({ offerBusy: { ...s.offerBusy, [handoffId]: true } }));
    const result = await api.acceptOffer({ handoffId, latest: TRANSCRIPT_FIRST_PAGE });
    set((s) => {
      const offerBusy = { ...s.offerBusy };
      delete offerBusy[handoffId];
      return { offerBusy };
    });
    if (!result.ok) {
      get().reportError(result.error);
      return;
    }
    const conversation = result.value;
    get().applyOfferRevoked(handoffId);
    // The inbox row arrives as the desk's onConversation event (the desk builds it from its cache).
    get().applyConversationDetail(conversation);
    await get().openConversation(handoffId);
  },
  acceptTopOffer: async () => {
    const top = sortOffers(get().offers)[0];
    if (!top) {
      get().pushToast('info', 'No offer is waiting.');
      return;
    }
    await get().acceptOffer(top.conversation.handoffId);
  },
  declineOffer: async (handoffId) => {
    if (get().offerBusy[handoffId]) return;
    const result = await api.declineOffer({ handoffId });
    if (!result.ok) {
      get().reportError(result.error);
      return;
    }
    get().applyOfferRevoked(handoffId);
  },
  declineTopOffer: async () => {
    const top = sortOffers(get().offers)[0];
    if (top) await get().declineOffer(top.conversation.handoffId);
  },
});
