// Assist for the desk: one summary per conversation (cached, shared by concurrent askers) and one suggestion
// request per conversation at a time (a newer one aborts the older), with the offline answers when there is no
// engine or it fails. Updates go to the renderer as they stream; finished sets are cached.
import { randomUUID } from 'node:crypto';
import type { AssistEngine, SummaryView } from '../../../shared/domain/assist';
import { ok, type Result } from '../../../shared/result';
import { fallbackSummary } from '../assist/extractive-summary';
import type { KbIndex } from '../kb/kb-index';
import { conversationView } from './conversation-views';
import { NOT_FOUND, type DeskCore } from './desk-parts';

export interface AssistCoordinator {
  /** The summary, cached or computed once; undefined when the conversation is not on this desk. */
  summarize(handoffId: string): Promise<SummaryView> | undefined;
  /** Asks for new suggestions (aborting a running request for the same conversation); answers at once. */
  refreshSuggestions(handoffId: string): Promise<Result<null>>;
  /** Stops a running suggestion request (the conversation left the desk). */
  abort(handoffId: string): void;
  abortAll(): void;
  /** Summaries still being written, for stop() to wait on before the cache closes. */
  running(): Promise<unknown>[];
  readonly providerName: string | undefined;
}

export function createAssistCoordinator(core: DeskCore, deps: { assist: AssistEngine | undefined; kb: KbIndex }): AssistCoordinator {
  const { cache, emit, logger, lifetime } = core;
  const { assist, kb } = deps;
  const suggestAborts = new Map<string, AbortController>();
  const summarizing = new Map<string, Promise<SummaryView>>();

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
        summary = assist ? await assist.summarize(view, lifetime.signal()) : fallbackSummary(view);
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
          if (lifetime.stopped()) return;
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

  return {
    summarize,
    refreshSuggestions,
    abort: (handoffId) => suggestAborts.get(handoffId)?.abort(),
    abortAll: () => {
      for (const c of suggestAborts.values()) c.abort();
    },
    running: () => [...summarizing.values()],
    providerName: assist?.providerName,
  };
}
