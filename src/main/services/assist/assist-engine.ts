// The assist engine the desk calls: picks the provider from the current settings on every call (a settings
// change applies at once), streams next-best actions, and falls back to the offline provider whenever the model
// endpoint fails, in the same update stream. Never throws.
import type { AssistEngine, AssistProviderName, AssistUpdate, KbArticle, KbLookup, SummaryView } from '../../../shared/domain/assist';
import type { ConversationView } from '../../../shared/domain/conversation';
import type { Logger } from '../../../shared/log';
import { silentLogger } from '../../../shared/log';
import { fallbackSummary } from './extractive-summary';
import { analyseOffline, createOfflineProvider } from './offline-provider';
import type { OpenAIConnection, OpenAIProvider } from './openai-provider';
import { DEFAULT_BASE_URL, DEFAULT_MAX_RETRIES, DEFAULT_MODEL, DEFAULT_TIMEOUT_MS, createOpenAIProvider } from './openai-provider';

export interface AssistSettings {
  provider: 'offline' | 'openai';
  baseUrl?: string;
  apiKey?: string;
  model?: string;
  timeoutMs?: number;
  maxRetries?: number;
}

/**
 * The provider that will actually answer. 'openai' needs a key or an explicit base URL (local servers such as
 * Ollama take no key); without either there is nothing to call, so the offline provider answers.
 */
export function effectiveProvider(settings: AssistSettings): AssistProviderName {
  return settings.provider === 'openai' && (Boolean(settings.apiKey?.trim()) || Boolean(settings.baseUrl?.trim())) ? 'openai' : 'offline';
}

export function createAssistEngine(opts: {
  settings: () => AssistSettings;
  kb: KbLookup;
  logger?: Logger;
  fetch?: typeof fetch;
}): AssistEngine {
  const log = (opts.logger ?? silentLogger).child('assist');
  const offline = createOfflineProvider(opts.kb);
  let cached: { key: string; provider: OpenAIProvider; connection: OpenAIConnection } | undefined;

  const readSettings = (): AssistSettings => {
    try {
      return opts.settings();
    } catch {
      return { provider: 'offline' };
    }
  };

  /** One SDK client per distinct connection, rebuilt when the settings change. */
  const openai = (settings: AssistSettings) => {
    const connection: OpenAIConnection = {
      baseUrl: (settings.baseUrl?.trim() || DEFAULT_BASE_URL).replace(/\/+$/, ''),
      apiKey: settings.apiKey?.trim() ?? '',
      model: settings.model?.trim() || DEFAULT_MODEL,
      timeoutMs: settings.timeoutMs && settings.timeoutMs > 0 ? settings.timeoutMs : DEFAULT_TIMEOUT_MS,
      maxRetries: settings.maxRetries !== undefined && settings.maxRetries >= 0 ? settings.maxRetries : DEFAULT_MAX_RETRIES,
    };
    const key = JSON.stringify(connection);
    if (cached?.key !== key) {
      cached = { key, connection, provider: createOpenAIProvider(connection, { logger: log, ...(opts.fetch ? { fetch: opts.fetch } : {}) }) };
    }
    return cached.provider;
  };

  const articleBodies = (ids: string[]): KbArticle[] => {
    const out: KbArticle[] = [];
    for (const id of ids) {
      try {
        const article = opts.kb.get(id);
        if (article) out.push(article);
      } catch {
        // A missing article only makes the prompt shorter.
      }
    }
    return out;
  };

  return {
    get providerName() {
      return effectiveProvider(readSettings());
    },

    async summarize(conversation: ConversationView, signal?: AbortSignal): Promise<SummaryView> {
      try {
        const settings = readSettings();
        // The bot's own summary wins: it saw the whole bot conversation, and it costs nothing.
        if (conversation.summary?.trim() || effectiveProvider(settings) === 'offline') return await offline.summarize(conversation);
        const analysis = analyseOffline(conversation, opts.kb);
        const result = await openai(settings).summarize(conversation, articleBodies(analysis.articles.map((a) => a.id)), signal, {
          request: analysis.request,
          ...(analysis.procedure ? { procedure: analysis.procedure } : {}),
          known: analysis.known,
          unknown: analysis.unknown,
        });
        return result.ok ? result.value : analysis.summary;
      } catch (err) {
        log.error('assist.summarize_crashed', { handoffId: conversation.handoffId, error: err instanceof Error ? err.name : 'unknown' });
        return fallbackSummary(conversation);
      }
    },

    async suggest(conversation, { requestId, signal, onUpdate, context }) {
      let finished = false;
      // After a cancel or a final update nothing more may reach the panel, whatever a provider still does.
      const emit = (update: AssistUpdate) => {
        if (finished) return;
        if (signal.aborted && update.status !== 'cancelled') return;
        if (update.status !== 'streaming') finished = true;
        try {
          onUpdate(update);
        } catch (err) {
          log.error('assist.listener_failed', { handoffId: conversation.handoffId, requestId, error: err instanceof Error ? err.name : 'unknown' });
        }
      };
      const cancelled = () =>
        emit({ handoffId: conversation.handoffId, requestId, provider: effectiveProvider(readSettings()), status: 'cancelled', suggestions: [] });

      try {
        const settings = readSettings();
        if (effectiveProvider(settings) === 'offline') {
          await offline.suggest(conversation, { requestId, signal, onUpdate: emit, ...(context ? { context } : {}) });
          return;
        }
        // The model gets what the offline provider worked out: the matched procedure, where the conversation is in
        // it, and which facts are known and which are not, so both providers reason from the same inputs.
        const analysis = analyseOffline(conversation, opts.kb, context);
        const outcome = await openai(settings).suggest(
          conversation,
          {
            articles: analysis.articles,
            bodies: articleBodies(analysis.articles.map((a) => a.id)),
            guidance: { request: analysis.request, ...(analysis.procedure ? { procedure: analysis.procedure } : {}), known: analysis.known, unknown: analysis.unknown },
          },
          { requestId, signal, emit },
        );
        if (outcome.kind === 'cancelled' || signal.aborted) return cancelled();
        if (outcome.kind === 'failed') {
          emit({
            handoffId: conversation.handoffId,
            requestId,
            provider: 'offline',
            status: 'error',
            suggestions: analysis.suggestions,
            articles: analysis.articles,
            request: analysis.request,
            ...(analysis.procedure ? { procedure: analysis.procedure } : {}),
            error: outcome.error,
          });
        }
      } catch (err) {
        if (signal.aborted) return cancelled();
        log.error('assist.suggest_crashed', { handoffId: conversation.handoffId, requestId, error: err instanceof Error ? err.name : 'unknown' });
        emit({
          handoffId: conversation.handoffId,
          requestId,
          provider: 'offline',
          status: 'error',
          suggestions: [],
          error: { code: 'assist_failed', message: 'Suggestions failed unexpectedly. Try again; if it keeps happening, switch Settings → Assist to offline.' },
        });
      } finally {
        if (!finished && signal.aborted) cancelled();
      }
    },
  };
}
