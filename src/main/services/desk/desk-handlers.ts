// The DeskApi requests, each a thin step over the desk's parts: read the cache, ask the hub through the session,
// queue a reply in the outbox, ask assist. Inputs arrive already validated by the contract's schemas.
import { PENDING_SUGGESTION_PREFIX } from '../../../shared/domain/assist';
import type { AgentProfile, ConversationView } from '../../../shared/domain/conversation';
import type { DeskApiHandlers } from '../../../shared/desk-api/contract';
import { fail, ok } from '../../../shared/result';
import type { KbIndex } from '../kb/kb-index';
import { checkHubToken } from '../link/hub-identity';
import type { createSupervisorQueries } from '../supervisor/supervisor-queries';
import type { AssistCoordinator } from './assist-coordinator';
import { deskConversation, listConversations } from './conversation-views';
import { NOT_FOUND, publishConversation, type DeskCore } from './desk-parts';
import type { DeskSettings } from './desk-settings';
import type { FeedbackReporter } from './feedback-reporter';
import type { HubSession } from './hub-session';
import type { ReplyOutbox } from './reply-outbox';

export interface DeskHandlerParts {
  kb: KbIndex;
  settings: DeskSettings;
  session: HubSession;
  outbox: ReplyOutbox;
  assist: AssistCoordinator;
  feedback: FeedbackReporter;
  supervisorQueries: ReturnType<typeof createSupervisorQueries>;
}

export function createDeskHandlers(core: DeskCore, parts: DeskHandlerParts): DeskApiHandlers {
  const { cache, emit, logger, lifetime } = core;
  const { kb, settings, session, outbox, assist, feedback, supervisorQueries } = parts;
  const request = session.request;

  const removeLocally = (handoffId: string, reason: string) => {
    assist.abort(handoffId);
    if (cache.deleteConversation(handoffId)) emit('onConversationRemoved', { handoffId, reason });
  };

  return {
    getSnapshot: () =>
      ok({
        ...(cache.agent() ? { agent: cache.agent() as AgentProfile } : {}),
        link: session.linkState(),
        offers: cache.listOffers(),
        conversations: listConversations(cache),
        settings: settings.view(),
      }),
    getConversation: ({ handoffId, latest }) => {
      const c = deskConversation(cache, handoffId, latest);
      return c ? ok(c) : NOT_FOUND(handoffId);
    },
    getEarlierMessages: ({ handoffId, beforeId, limit }) => {
      if (!cache.getConversation(handoffId)) return NOT_FOUND(handoffId);
      const page = cache.messagesBefore(handoffId, beforeId, limit);
      return page ? ok(page) : fail('not_found', `Message ${beforeId} is not stored in conversation ${handoffId}: reopen the conversation to load it again.`);
    },
    acceptOffer: async ({ handoffId, latest }) => {
      const r = await request<ConversationView>('offer.accept', { handoffId });
      if (!r.ok) {
        if (r.error.code !== 'offline' && r.error.code !== 'timeout' && cache.deleteOffer(handoffId)) emit('onOfferRevoked', { handoffId, reason: r.error.message });
        return r;
      }
      cache.transaction(() => {
        cache.deleteOffer(handoffId);
        cache.upsertConversation(r.value);
      });
      publishConversation(core, handoffId);
      // Suggestions too: the customer has already written, so the panel must not wait for their next message.
      void assist.refreshSuggestions(handoffId);
      // The summary is ready by the time the agent looks for it.
      void assist
        .summarize(handoffId)
        ?.then((s) => emit('onSummary', s))
        .catch((e: unknown) => logger.warn('assist.summary_failed', { handoffId, error: e instanceof Error ? e.name : 'unknown' }));
      const c = deskConversation(cache, handoffId, latest);
      return c ? ok(c) : NOT_FOUND(handoffId);
    },
    declineOffer: async ({ handoffId }) => {
      const r = await request<null>('offer.decline', { handoffId });
      if (r.ok && cache.deleteOffer(handoffId)) emit('onOfferRevoked', { handoffId, reason: 'declined' });
      return r.ok ? ok(null) : r;
    },
    sendReply: ({ handoffId, text }) => outbox.send(handoffId, text),
    saveDraft: ({ handoffId, text }) => (cache.setDraft(handoffId, text) ? ok(null) : NOT_FOUND(handoffId)),
    markRead: ({ handoffId }) => {
      if (!cache.clearUnread(handoffId)) return NOT_FOUND(handoffId);
      publishConversation(core, handoffId);
      return ok(null);
    },
    setStatus: async ({ status }) => {
      const r = await request<AgentProfile['status']>('status.set', { status });
      if (r.ok) {
        const agent = cache.agent();
        if (agent) {
          const next = { ...agent, status: r.value };
          cache.setAgent(next);
          emit('onAgent', next);
        }
      }
      return r;
    },
    resolve: async ({ handoffId, wrapUp }) => {
      const r = await request<null>('conversation.resolve', { handoffId, wrapUp });
      if (r.ok) removeLocally(handoffId, 'resolved');
      return r.ok ? ok(null) : r;
    },
    transfer: async (input) => {
      const r = await request<null>('conversation.transfer', input);
      if (r.ok) removeLocally(input.handoffId, 'transferred');
      return r.ok ? ok(null) : r;
    },
    handBack: async (input) => {
      const r = await request<null>('conversation.handback', input);
      if (r.ok) removeLocally(input.handoffId, 'handed_back');
      return r.ok ? ok(null) : r;
    },
    getSummary: async ({ handoffId }) => {
      const p = assist.summarize(handoffId);
      return p ? ok(await p) : NOT_FOUND(handoffId);
    },
    refreshSuggestions: ({ handoffId }) => assist.refreshSuggestions(handoffId),
    markStep: ({ handoffId, articleId, stepId, done }) => {
      if (!cache.putStepMark(handoffId, { articleId, stepId, done })) return NOT_FOUND(handoffId);
      return assist.refreshSuggestions(handoffId);
    },
    // Typing is a signal of the moment: offline or refused, it is dropped, never queued and never an error.
    setTyping: async ({ handoffId, typing }) => {
      if (session.link()?.isOnline()) await request<null>('conversation.typing', { handoffId, typing });
      return ok(null);
    },
    suggestionFeedback: ({ handoffId, suggestionId, action }) => {
      // A suggestion still being written by the model has a transient id; it cannot be acted on yet.
      if (suggestionId.startsWith(PENDING_SUGGESTION_PREFIX))
        return fail('not_ready', 'That suggestion is still being written. Wait for it to finish, then insert it.');
      const provider = cache.suggestionProvider(suggestionId) ?? assist.providerName;
      cache.addFeedback({ handoffId, suggestionId, action, ...(provider ? { provider } : {}) });
      void feedback.report();
      return ok(null);
    },
    searchKb: ({ query, category, language, limit }) =>
      ok(kb.search(query, { ...(category ? { category } : {}), ...(language ? { language } : {}), ...(limit ? { limit } : {}) })),
    getKbArticle: ({ id }) => {
      const a = kb.get(id);
      return a ? ok(a) : fail('not_found', `Knowledge-base article ${id} is not in the local index; it may have been removed.`);
    },
    getSettings: () => ok(settings.view()),
    updateSettings: async (patch) => {
      // A token is checked with the hub it is for before anything is saved: a typo or a revoked token gets an
      // error at the field, and the desk stays signed in as before instead of going offline with a stale name.
      let identity: AgentProfile | undefined;
      const newHub = patch.hubUrl !== undefined && patch.hubUrl !== settings.hubUrl();
      if (patch.agentToken !== undefined && (patch.agentToken !== settings.agentToken() || newHub)) {
        const checked = await checkHubToken(patch.hubUrl ?? settings.hubUrl(), patch.agentToken, { signal: lifetime.signal() });
        if (!checked.ok) return checked;
        identity = checked.value;
      }
      const { linkChanged } = settings.update(patch);
      const notice = linkChanged ? session.switchSignIn(identity).notice : undefined;
      const view = settings.view();
      emit('onSettings', view);
      if (linkChanged) emit('onLinkState', session.linkState());
      return ok(notice ? { ...view, notice } : view);
    },
    // Agents get queue snapshots pushed; only supervisors may ask the hub, and offline everyone gets the last push.
    getQueues: async () => (session.link()?.isOnline() && cache.agent()?.role === 'supervisor' ? request('supervisor.queues', {}) : ok(session.queues())),
    getAgents: () => request('supervisor.agents', {}),
    reassign: async (input) => {
      const r = await request<null>('supervisor.reassign', input);
      return r.ok ? ok(null) : r;
    },
    getWaitingList: () => supervisorQueries.waitingList(),
    getMetrics: (input) => supervisorQueries.metrics(input),
  };
}
