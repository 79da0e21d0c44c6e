// Baton Desk's services behind the DeskApi contract: the SQLite cache, the hub link with its outbox, the
// knowledge base and the assist engine. Electron-free: the Electron host and the browser host both run this and
// only carry its requests and events.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PENDING_SUGGESTION_PREFIX, type AssistEngine, type KbLookup, type SummaryView } from '../../../shared/domain/assist';
import type { AgentProfile, ConversationView, QueueSnapshot } from '../../../shared/domain/conversation';
import type { DeskApiHandlers, DeskEventSink, LinkState, Offer } from '../../../shared/desk-api/contract';
import type { AgentEvent } from '../../../shared/protocol/agent-socket';
import { createLogger, type Logger } from '../../../shared/log';
import { fail, ok, type Result } from '../../../shared/result';
import { fallbackSummary } from '../assist/extractive-summary';
import { createDeskCache } from '../cache/desk-cache';
import { openDatabase } from '../cache/open-database';
import { createKbIndex } from '../kb/kb-index';
import { loadSynonyms } from '../kb/synonyms';
import { loadSeedKb, syncKb } from '../kb/kb-sync';
import { createHubLink, OFFLINE_ERROR, type HubLink } from '../link/hub-link';
import { checkHubToken } from '../link/hub-identity';
import { createOutboxFlusher, type OutboxFlusher } from '../link/outbox-flusher';
import { createSupervisorQueries } from '../supervisor/supervisor-queries';
import { conversationView, deskConversation, listConversations, listItem, pendingMessage } from './conversation-views';
import { createDeskSettings, type AssistConfig } from './desk-settings';
import type { SecretStore } from './secret-store';
import { assertNever } from '../../../shared/assert-never';

/** Builds the assist engine once; it reads the live assist settings on every call, so a change needs no rebuild. */
export type AssistEngineFactory = (deps: { kb: KbLookup; settings: () => AssistConfig; logger: Logger }) => AssistEngine;

export interface DeskServiceOptions {
  dataDir: string;
  host: 'electron' | 'browser';
  events: DeskEventSink;
  secrets: SecretStore;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  assist?: AssistEngine | AssistEngineFactory;
  /** Loaded into an empty knowledge base; defaults to resources/seed/kb.json under the working directory. */
  seedKbFile?: string;
  /** The operator-editable synonym table for KB search; defaults to resources/kb/synonyms.json. */
  synonymsFile?: string;
  /** Link timings; tests shorten them. */
  link?: { reconnectDelayMs?: number; reconnectDelayMaxMs?: number; requestTimeoutMs?: number };
}

export interface DeskService {
  handlers: DeskApiHandlers;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The knowledge base, for the assist engine and the quick-search window. */
  kb: KbLookup;
  /** The current hub link: undefined before start() and after stop(); without a token it exists and stays offline. */
  readonly link: HubLink | undefined;
  /** Pulls knowledge-base changes from the hub now (it also happens each time the link comes online). */
  syncKnowledgeBase(): Promise<Result<number>>;
}

const NOT_FOUND = (handoffId: string) => fail('not_found', `Conversation ${handoffId} is not on this desk; it may have ended or moved to another agent.`);

export function createDeskService(opts: DeskServiceOptions): DeskService {
  const logger = (opts.logger ?? createLogger('desk')).child('service');
  const env = opts.env ?? process.env;
  mkdirSync(opts.dataDir, { recursive: true });
  const db = openDatabase(join(opts.dataDir, 'desk.db'), { logger });
  const cache = createDeskCache(db);
  const kb = createKbIndex(db, { synonyms: loadSynonyms(opts.synonymsFile ?? resolve(process.cwd(), 'resources/kb/synonyms.json'), logger.child('kb')) });
  const settings = createDeskSettings(cache, opts.secrets, env, opts.host);
  const emit = opts.events;

  let queues: QueueSnapshot[] = [];
  let link: HubLink | undefined;
  let flusher: OutboxFlusher | undefined;
    let stopped = false;
  const suggestAborts = new Map<string, AbortController>();
  const summarizing = new Map<string, Promise<SummaryView>>();

  const buildAssist = (): AssistEngine | undefined => {
    if (!opts.assist) return undefined;
    if (typeof opts.assist !== 'function') return opts.assist;
    try {
      return opts.assist({ kb, settings: () => settings.assist(), logger: logger.child('assist') });
    } catch (e) {
      logger.error('assist.create_failed', { error: e instanceof Error ? e.name : 'unknown' });
      return undefined;
    }
  };
  const assist = buildAssist();
  const supervisorQueries = createSupervisorQueries({
    hubUrl: () => settings.hubUrl(),
    token: () => settings.agentToken(),
    signal: () => lifetime.signal,
    logger: logger.child('supervisor'),
  });

  const linkState = (): LinkState =>
    link?.state() ?? {
      state: 'offline',
      outbox: cache.outboxCount(),
      hubUrl: settings.hubUrl(),
      detail: 'No agent token: set one in Settings (or BATON_AGENT_TOKEN).',
    };
  const publishConversation = (handoffId: string) => {
    const item = listItem(cache, handoffId);
    if (item) emit('onConversation', item);
  };

  // ---- hub events, applied inside the link's transaction; the returned closure emits after commit ----
  function applyEvent(event: AgentEvent): (() => void) | void {
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
          publishConversation(event.conversation.handoffId);
          // Assigned by a supervisor or a transfer: the suggestions are ready when the agent opens it.
          void refreshSuggestions(event.conversation.handoffId);
        };
      }
      case 'conversation.updated': {
        const known = cache.getConversation(event.conversation.handoffId);
        if (!known && event.conversation.status !== 'active') return;
        const added = cache.upsertConversation(event.conversation);
        return () => {
          for (const m of added) emit('onMessage', m);
          publishConversation(event.conversation.handoffId);
        };
      }
      case 'conversation.removed': {
        cache.deleteOffer(event.handoffId);
        if (!cache.deleteConversation(event.handoffId)) return;
        return () => {
          suggestAborts.get(event.handoffId)?.abort();
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
          publishConversation(m.handoffId);
          if (settled) link?.publish();
          // A customer message changes what is needed; an agent's reply may have carried out a procedure step.
          if (inserted && (m.role === 'customer' || m.role === 'agent')) void refreshSuggestions(m.handoffId);
        };
      }
      default:
        return assertNever(event, 'hub event');
    }
  }

  function startLink(): void {
    const token = settings.agentToken();
    link = createHubLink({
      hubUrl: settings.hubUrl(),
      token,
      cache,
      logger: logger.child('link'),
      applyEvent,
      onHello: ({ agent }) => {
        cache.setAgent(agent);
        emit('onAgent', agent);
      },
      onQueues: (q) => {
        queues = q;
        emit('onQueues', q);
      },
      onState: (s) => emit('onLinkState', s),
      onOnline: () => {
        flusher?.kick();
        void reportFeedback();
        void syncKnowledgeBase();
      },
      ...opts.link,
    });
    const current = link;
    flusher = createOutboxFlusher({
      next: () => cache.outbox()[0],
      isOnline: () => current.isOnline(),
      send: (entry) => current.request('message.send', { handoffId: entry.handoffId, clientMessageId: entry.clientMessageId, text: entry.text }),
      delivered: (entry, message) => {
        if (stopped) return;
        const changed = cache.transaction(() => {
          const inserted = cache.insertMessage(message);
          const dequeued = cache.dequeueReply(entry.clientMessageId);
          return inserted || dequeued;
        });
        if (!changed) return;
        emit('onMessage', message);
        publishConversation(entry.handoffId);
        current.publish();
        // The reply may have carried out a procedure step: the ticks and the next step follow it.
        void refreshSuggestions(entry.handoffId);
      },
      rejected: (entry, error) => {
        if (stopped) return;
        cache.dequeueReply(entry.clientMessageId);
        // Same clientMessageId as the pending bubble, so the desk replaces it with why it was not sent.
        emit('onMessage', {
          id: `undelivered:${entry.clientMessageId}`,
          handoffId: entry.handoffId,
          role: 'system',
          text: `Your reply was not delivered: ${error.message}`,
          at: new Date().toISOString(),
          clientMessageId: entry.clientMessageId,
        });
        publishConversation(entry.handoffId);
        current.publish();
      },
      logger: logger.child('outbox'),
    });
    current.start();
  }

  function stopLink(): void {
    flusher?.stop();
    link?.stop();
    flusher = undefined;
    link = undefined;
  }

  let kbSync: Promise<Result<number>> | undefined;
  /** Aborted on stop, so no request outlives the service. */
  let lifetime = new AbortController();
  /** One sync at a time; a caller arriving during one shares its result. */
  function syncKnowledgeBase(): Promise<Result<number>> {
    const token = settings.agentToken();
    if (!token) return Promise.resolve(fail('no_token', 'No agent token: set one in Settings to sync the knowledge base.'));
    kbSync ??= syncKb(kb, settings.hubUrl(), token, { logger: logger.child('kb'), signal: lifetime.signal })
      .then((r) => {
        if (!r.ok) logger.warn('kb.sync_failed', { code: r.error.code });
        return r;
      })
      .finally(() => {
        kbSync = undefined;
      });
    return kbSync;
  }

  // One report run at a time: a second caller (a new rating while going online) would otherwise send the same
  // unreported rows twice. A call during a run asks for one more pass, so nothing recorded meanwhile waits.
  let reporting: Promise<void> | undefined;
  let reportAgain = false;
  function reportFeedback(): Promise<void> {
    if (reporting) {
      reportAgain = true;
      return reporting;
    }
    reporting = (async () => {
      do {
        reportAgain = false;
        await reportFeedbackOnce();
      } while (reportAgain && !stopped);
    })()
      .catch((e: unknown) => logger.warn('feedback.report_failed', { error: e instanceof Error ? e.name : 'unknown' }))
      .finally(() => {
        reporting = undefined;
      });
    return reporting;
  }

  async function reportFeedbackOnce(): Promise<void> {
    for (const f of cache.unreportedFeedback()) {
      if (!link?.isOnline()) return;
      const r = await link.request<null>('suggestion.feedback', { handoffId: f.handoffId, suggestionId: f.suggestionId, action: f.action, ...(f.provider ? { provider: f.provider } : {}) });
      // Stopped meanwhile: the database is closing; the row stays unreported and goes out next time.
      if (stopped) return;
      // Anything but offline/timeout is final (e.g. the hub does not know the conversation any more).
      if (r.ok || (r.error.code !== 'offline' && r.error.code !== 'timeout')) cache.markFeedbackReported(f.id);
      else return;
    }
  }

  // ---- assist ----
  function summarize(handoffId: string): Promise<SummaryView> | undefined {
    const cached = cache.getSummary(handoffId);
    if (cached) return Promise.resolve(cached);
    const running = summarizing.get(handoffId);
    if (running) return running;
    const view = conversationView(cache, handoffId);
    if (!view) return undefined;
    const p = (async () => {
      let summary: SummaryView;
      try {
        summary = assist ? await assist.summarize(view, lifetime.signal) : fallbackSummary(view);
      } catch (e) {
        logger.warn('assist.summary_failed', { handoffId, error: e instanceof Error ? e.name : 'unknown' });
        summary = fallbackSummary(view);
      }
      cache.putSummary(summary);
      return summary;
    })().finally(() => summarizing.delete(handoffId));
    summarizing.set(handoffId, p);
    return p;
  }

  async function refreshSuggestions(handoffId: string): Promise<Result<null>> {
    const view = conversationView(cache, handoffId);
    if (!view) return NOT_FOUND(handoffId);
    suggestAborts.get(handoffId)?.abort();
    const controller = new AbortController();
    suggestAborts.set(handoffId, controller);
    const requestId = randomUUID();
    if (!assist) {
      const lastCustomer = [...view.messages].reverse().find((m) => m.role === 'customer');
      emit('onAssist', { handoffId, requestId, provider: 'offline', status: 'done', suggestions: [], articles: lastCustomer ? kb.search(lastCustomer.text, { limit: 3, mode: 'text' }) : [] });
      return ok(null);
    }
    const engine = assist;
    void engine
      .suggest(view, {
        requestId,
        signal: controller.signal,
        context: { stepMarks: cache.stepMarks(handoffId) },
        onUpdate: (u) => {
          if (stopped) return;
          emit('onAssist', u);
          // An 'error' update carries the offline fallback's suggestions: they are as real as a 'done' set.
          if (u.status === 'done' || u.status === 'error') cache.putSuggestions(handoffId, requestId, u.provider, u.suggestions);
        },
      })
      .catch((e: unknown) => logger.warn('assist.suggest_failed', { handoffId, error: e instanceof Error ? e.name : 'unknown' }))
      .finally(() => {
        if (suggestAborts.get(handoffId) === controller) suggestAborts.delete(handoffId);
      });
    return ok(null);
  }

  const request = <T>(name: Parameters<HubLink['request']>[0], payload: unknown): Promise<Result<T>> =>
    link ? link.request<T>(name, payload) : Promise.resolve({ ok: false, error: { ...OFFLINE_ERROR } });

  const removeLocally = (handoffId: string, reason: string) => {
    suggestAborts.get(handoffId)?.abort();
    if (cache.deleteConversation(handoffId)) emit('onConversationRemoved', { handoffId, reason });
  };

  // ---- the DeskApi ----
  const handlers: DeskApiHandlers = {
    getSnapshot: () =>
      ok({
        ...(cache.agent() ? { agent: cache.agent() as AgentProfile } : {}),
        link: linkState(),
        offers: cache.listOffers(),
        conversations: listConversations(cache),
        settings: settings.view(),
      }),
    getConversation: ({ handoffId }) => {
      const c = deskConversation(cache, handoffId);
      return c ? ok(c) : NOT_FOUND(handoffId);
    },
    acceptOffer: async ({ handoffId }) => {
      const r = await request<ConversationView>('offer.accept', { handoffId });
      if (!r.ok) {
        if (r.error.code !== 'offline' && r.error.code !== 'timeout' && cache.deleteOffer(handoffId)) emit('onOfferRevoked', { handoffId, reason: r.error.message });
        return r;
      }
      cache.transaction(() => {
        cache.deleteOffer(handoffId);
        cache.upsertConversation(r.value);
      });
      publishConversation(handoffId);
      // Suggestions too: the customer has already written, so the panel must not wait for their next message.
      void refreshSuggestions(handoffId);
      // The summary is ready by the time the agent looks for it.
      void summarize(handoffId)
        ?.then((s) => emit('onSummary', s))
        .catch((e: unknown) => logger.warn('assist.summary_failed', { handoffId, error: e instanceof Error ? e.name : 'unknown' }));
      const c = deskConversation(cache, handoffId);
      return c ? ok(c) : NOT_FOUND(handoffId);
    },
    declineOffer: async ({ handoffId }) => {
      const r = await request<null>('offer.decline', { handoffId });
      if (r.ok && cache.deleteOffer(handoffId)) emit('onOfferRevoked', { handoffId, reason: 'declined' });
      return r.ok ? ok(null) : r;
    },
    sendReply: ({ handoffId, text }) => {
      if (!cache.getConversation(handoffId)) return NOT_FOUND(handoffId);
      // The outbox first: once this returns, the reply survives a crash, a restart or a lost link.
      const entry = { clientMessageId: randomUUID(), handoffId, text, createdAt: new Date().toISOString() };
      cache.transaction(() => {
        cache.enqueueReply(entry);
        cache.setDraft(handoffId, '');
      });
      const seq = cache.outboxFor(handoffId).find((e) => e.clientMessageId === entry.clientMessageId)?.seq ?? 0;
      const pending = pendingMessage({ ...entry, seq }, cache.agent()?.name);
      emit('onLinkState', linkState());
      publishConversation(handoffId);
      flusher?.kick();
      return ok(pending);
    },
    saveDraft: ({ handoffId, text }) => (cache.setDraft(handoffId, text) ? ok(null) : NOT_FOUND(handoffId)),
    markRead: ({ handoffId }) => {
      if (!cache.clearUnread(handoffId)) return NOT_FOUND(handoffId);
      publishConversation(handoffId);
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
      const p = summarize(handoffId);
      return p ? ok(await p) : NOT_FOUND(handoffId);
    },
    refreshSuggestions: ({ handoffId }) => refreshSuggestions(handoffId),
    markStep: ({ handoffId, articleId, stepId, done }) => {
      if (!cache.putStepMark(handoffId, { articleId, stepId, done })) return NOT_FOUND(handoffId);
      return refreshSuggestions(handoffId);
    },
    // Typing is a signal of the moment: offline or refused, it is dropped, never queued and never an error.
    setTyping: async ({ handoffId, typing }) => {
      if (link?.isOnline()) await request<null>('conversation.typing', { handoffId, typing });
      return ok(null);
    },
    suggestionFeedback: ({ handoffId, suggestionId, action }) => {
      // A suggestion still being written by the model has a transient id; it cannot be acted on yet.
      if (suggestionId.startsWith(PENDING_SUGGESTION_PREFIX))
        return fail('not_ready', 'That suggestion is still being written. Wait for it to finish, then insert it.');
      const provider = cache.suggestionProvider(suggestionId) ?? assist?.providerName;
      cache.addFeedback({ handoffId, suggestionId, action, ...(provider ? { provider } : {}) });
      void reportFeedback();
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
        const checked = await checkHubToken(patch.hubUrl ?? settings.hubUrl(), patch.agentToken, { signal: lifetime.signal });
        if (!checked.ok) return checked;
        identity = checked.value;
      }
      const { linkChanged } = settings.update(patch);
      let notice: string | undefined;
      if (linkChanged) {
        stopLink();
        // Another hub or token is another agent and another event stream: its sequence numbers start over, and
        // the previous agent's customers and unsent replies must neither be shown to nor sent as this one.
        const forgotten = cache.transaction(() => {
          const gone = cache.forgetAgentData();
          cache.resetLink();
          return gone;
        });
        queues = [];
        for (const handoffId of forgotten.handoffIds) {
          suggestAborts.get(handoffId)?.abort();
          emit('onConversationRemoved', { handoffId, reason: 'signed_out' });
        }
        for (const handoffId of forgotten.offerIds) emit('onOfferRevoked', { handoffId, reason: 'signed_out' });
        // The new identity shows at once; without a checked token the previous one is not shown any longer.
        if (identity) {
          cache.setAgent(identity);
          emit('onAgent', identity);
        }
        if (forgotten.discardedReplies > 0) {
          logger.warn('link.identity_changed_outbox_discarded', { replies: forgotten.discardedReplies });
          notice = `${forgotten.discardedReplies} unsent ${forgotten.discardedReplies === 1 ? 'reply' : 'replies'} of the previous sign-in ${forgotten.discardedReplies === 1 ? 'was' : 'were'} discarded, so they are not sent under this sign-in.`;
        }
        if (!stopped) startLink();
      }
      const view = settings.view();
      emit('onSettings', view);
      if (linkChanged) emit('onLinkState', linkState());
      return ok(notice ? { ...view, notice } : view);
    },
    // Agents get queue snapshots pushed; only supervisors may ask the hub, and offline everyone gets the last push.
    getQueues: async () => (link?.isOnline() && cache.agent()?.role === 'supervisor' ? request('supervisor.queues', {}) : ok(queues)),
    getAgents: () => request('supervisor.agents', {}),
    reassign: async (input) => {
      const r = await request<null>('supervisor.reassign', input);
      return r.ok ? ok(null) : r;
    },
    getWaitingList: () => supervisorQueries.waitingList(),
    getMetrics: (input) => supervisorQueries.metrics(input),
  };

  return {
    handlers,
    kb,
    syncKnowledgeBase,
    get link() {
      return link;
    },
    async start() {
      stopped = false;
      lifetime = new AbortController();
      loadSeedKb(kb, opts.seedKbFile ?? resolve(process.cwd(), 'resources/seed/kb.json'), logger.child('kb'));
      startLink();
    },
    async stop() {
      stopped = true;
      lifetime.abort();
      for (const c of suggestAborts.values()) c.abort();
      stopLink();
      // Everything that may still write to the cache finishes before it closes.
      await Promise.allSettled([...summarizing.values(), kbSync, reporting]);
      db.close();
    },
  };
}
