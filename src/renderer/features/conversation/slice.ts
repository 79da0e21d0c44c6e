// The open conversation: full detail per hand-off, the messages as they arrive, drafts per conversation,
// and the actions that end or move a conversation (wrap-up, transfer, hand back).
import type { DeskConversation, DeskMessage } from '../../../shared/desk-api/contract';
import { REPLY_MAX_CHARS, TRANSCRIPT_EARLIER_PAGE, TRANSCRIPT_FIRST_PAGE } from '../../../shared/desk-api/limits';
import type { WrapUp } from '../../../shared/domain/conversation';
import type { DeskState, DeskStore } from '../../app/store';
import type { DeskApi } from '../../../shared/desk-api/contract';
import { mergeMessage } from './messages';
import { inboxOrder } from '../inbox/selectors';

export interface ConversationSlice {
  activeId?: string;
  details: Record<string, DeskConversation>;
  drafts: Record<string, string>;
  sending: Record<string, boolean>;
  loadingDetail: boolean;
  /** Conversations whose earlier messages are being fetched (the agent scrolled to the top of what is loaded). */
  loadingEarlier: Record<string, boolean>;
  applyConversationDetail: (conversation: DeskConversation) => void;
  applyMessage: (message: DeskMessage) => void;
  openConversation: (handoffId: string) => Promise<void>;
  openConversationAt: (index: number) => Promise<void>;
  /** Loads the page of messages before the oldest one shown, when there are any. */
  loadEarlier: (handoffId: string) => Promise<void>;
  setDraft: (handoffId: string, text: string) => void;
  /** Sends the draft of the conversation; false when nothing was sent. */
  sendReply: (handoffId: string) => Promise<boolean>;
  resolve: (handoffId: string, wrapUp: WrapUp) => Promise<boolean>;
  transfer: (handoffId: string, target: { queue?: string; agentId?: string; note?: string }) => Promise<boolean>;
  handBack: (handoffId: string, note?: string) => Promise<boolean>;
}

type Setter = DeskStore['setState'];

/**
 * A newest-messages page arriving for a conversation whose earlier pages the agent already loaded keeps them:
 * the messages before the page's first one stay, so reopening the conversation does not cut the transcript.
 */
export function keepLoadedEarlier(shown: DeskConversation | undefined, incoming: DeskConversation): DeskConversation {
  const first = incoming.messages.find((m) => !m.pending);
  if (!shown || !incoming.earlier || !first) return incoming;
  const at = shown.messages.findIndex((m) => m.id === first.id);
  if (at <= 0) return incoming;
  return { ...incoming, messages: [...shown.messages.slice(0, at), ...incoming.messages], earlier: Math.max(0, incoming.earlier - at) };
}

export const createConversationSlice = (
  set: Setter,
  get: () => DeskState,
  api: DeskApi,
  draftSaveDelayMs: number,
): ConversationSlice => {
  // Drafts are saved after typing pauses; one timer per conversation.
  const draftTimers = new Map<string, ReturnType<typeof setTimeout>>();
  const saveDraftSoon = (handoffId: string, text: string) => {
    const pending = draftTimers.get(handoffId);
    if (pending) clearTimeout(pending);
    draftTimers.set(
      handoffId,
      setTimeout(() => {
        draftTimers.delete(handoffId);
        void api.saveDraft({ handoffId, text });
      }, draftSaveDelayMs),
    );
  };

  const removeLocally = (handoffId: string) => get().applyConversationRemoved(handoffId);

  // The customer sees "… is typing" while a draft grows: told at most every 3 s, and once when it is emptied.
  const typingToldAt = new Map<string, number>();
  const tellTyping = (handoffId: string, text: string) => {
    const told = typingToldAt.get(handoffId);
    if (text.trim()) {
      if (told !== undefined && Date.now() - told < 3_000) return;
      typingToldAt.set(handoffId, Date.now());
      void api.setTyping({ handoffId, typing: true });
    } else if (told !== undefined) {
      typingToldAt.delete(handoffId);
      void api.setTyping({ handoffId, typing: false });
    }
  };

  const slice: ConversationSlice = {
    activeId: undefined,
    details: {},
    drafts: {},
    sending: {},
    loadingDetail: false,
    loadingEarlier: {},
    applyConversationDetail: (conversation) =>
      set((s) => ({
        details: { ...s.details, [conversation.handoffId]: keepLoadedEarlier(s.details[conversation.handoffId], conversation) },
        // A saved draft wins only when the agent has not typed here in this session.
        drafts:
          s.drafts[conversation.handoffId] === undefined
            ? { ...s.drafts, [conversation.handoffId]: conversation.draft }
            : s.drafts,
      })),
    applyMessage: (message) =>
      set((s) => {
        const detail = s.details[message.handoffId];
        if (!detail) return {};
        return { details: { ...s.details, [message.handoffId]: { ...detail, messages: mergeMessage(detail.messages, message) } } };
      }),
    openConversation: async (handoffId) => {
      set({ activeId: handoffId, view: 'desk', loadingDetail: !get().details[handoffId] });
      get().requestComposerFocus();
      // The transcript shows as soon as it arrives; the summary fills its panel when it is ready.
      const pendingDetail = api.getConversation({ handoffId, latest: TRANSCRIPT_FIRST_PAGE });
      void get().loadSummary(handoffId);
      const detail = await pendingDetail;
      if (get().activeId === handoffId) set({ loadingDetail: false });
      if (!detail.ok) {
        get().reportError(detail.error);
        return;
      }
      get().applyConversationDetail(detail.value);
      // The customer has written already: suggestions are asked for now, not at their next message.
      if (!get().assist[handoffId] && detail.value.messages.some((m) => m.role === 'customer')) void get().refreshSuggestions(handoffId);
      if (detail.value.unread > 0 || (get().conversations.find((c) => c.handoffId === handoffId)?.unread ?? 0) > 0) {
        set((s) => ({ conversations: s.conversations.map((c) => (c.handoffId === handoffId ? { ...c, unread: 0 } : c)) }));
        void api.markRead({ handoffId });
      }
    },
    loadEarlier: async (handoffId) => {
      const detail = get().details[handoffId];
      const oldest = detail?.messages.find((m) => !m.pending);
      if (!detail?.earlier || !oldest || get().loadingEarlier[handoffId]) return;
      set((s) => ({ loadingEarlier: { ...s.loadingEarlier, [handoffId]: true } }));
      const page = await api.getEarlierMessages({ handoffId, beforeId: oldest.id, limit: TRANSCRIPT_EARLIER_PAGE });
      set((s) => {
        const loadingEarlier = { ...s.loadingEarlier };
        delete loadingEarlier[handoffId];
        const now = s.details[handoffId];
        // The conversation was closed or reloaded meanwhile: this page belongs to what was shown before.
        if (!page.ok || !now || now.messages.find((m) => !m.pending)?.id !== oldest.id) return { loadingEarlier };
        const known = new Set(now.messages.map((m) => m.id));
        const older = page.value.messages.filter((m) => !known.has(m.id));
        return { loadingEarlier, details: { ...s.details, [handoffId]: { ...now, messages: [...older, ...now.messages], earlier: page.value.earlier } } };
      });
      if (!page.ok) get().reportError(page.error);
    },
    openConversationAt: async (index) => {
      const item = inboxOrder(get())[index];
      if (item) await get().openConversation(item.handoffId);
    },
    setDraft: (handoffId, text) => {
      set((s) => ({ drafts: { ...s.drafts, [handoffId]: text } }));
      saveDraftSoon(handoffId, text);
      tellTyping(handoffId, text);
    },
    sendReply: async (handoffId) => {
      const text = get().drafts[handoffId] ?? '';
      if (!text.trim() || get().sending[handoffId]) return false;
      // The composer shows the count in red and disables Send; Enter must not get round that.
      if (text.length > REPLY_MAX_CHARS) return false;
      set((s) => ({ sending: { ...s.sending, [handoffId]: true } }));
      const result = await api.sendReply({ handoffId, text });
      set((s) => ({ sending: { ...s.sending, [handoffId]: false } }));
      if (!result.ok) {
        get().reportError(result.error);
        return false;
      }
      get().applyMessage(result.value);
      // Clear only what was sent: the agent may have typed more while it was on its way.
      if ((get().drafts[handoffId] ?? '') === text) get().setDraft(handoffId, '');
      return true;
    },
    resolve: async (handoffId, wrapUp) => {
      const result = await api.resolve({ handoffId, wrapUp });
      if (!result.ok) {
        get().reportError(result.error);
        return false;
      }
      removeLocally(handoffId);
      get().pushToast('info', wrapUp.resolution === 'resolved' ? 'Conversation resolved.' : 'Conversation closed as unresolved.');
      return true;
    },
    transfer: async (handoffId, target) => {
      const result = await api.transfer({ handoffId, ...target });
      if (!result.ok) {
        get().reportError(result.error);
        return false;
      }
      removeLocally(handoffId);
      get().pushToast('info', target.queue ? `Transferred to the ${target.queue} queue.` : 'Transferred to the agent.');
      return true;
    },
    handBack: async (handoffId, note) => {
      const result = await api.handBack({ handoffId, note });
      if (!result.ok) {
        get().reportError(result.error);
        return false;
      }
      removeLocally(handoffId);
      get().pushToast('info', 'Handed back to the bot.');
      return true;
    },
  };
  return slice;
};
