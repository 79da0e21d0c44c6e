// The OpenAI-compatible provider: one chat-completions client for OpenAI, Azure OpenAI (v1 base URL), Ollama,
// vLLM and LM Studio; only the base URL, model and key differ. Streams next-best actions as they complete,
// honours cancellation, and turns every failure into an ErrorInfo that tells the agent what to check.
import OpenAI, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
} from 'openai';
import { z } from 'zod';
import type { AssistUpdate, KbArticle, KbHit, SummaryView } from '../../../shared/domain/assist';
import type { ConversationView } from '../../../shared/domain/conversation';
import type { Logger } from '../../../shared/log';
import type { ErrorInfo } from '../../../shared/result';
import { redactMessages, restoreName } from './model-messages';
import type { PromptMessage } from './prompts';
import type { ModelGuidance } from './prompts';
import { suggestionMessages, summaryMessages } from './prompts';
import { SuggestionStreamParser, extractJsonObject } from './suggestion-stream-parser';

export interface OpenAIConnection {
  baseUrl: string;
  apiKey: string;
  model: string;
  timeoutMs: number;
  maxRetries: number;
}

export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';
export const DEFAULT_MODEL = 'gpt-4o-mini';
export const DEFAULT_TIMEOUT_MS = 20_000;
export const DEFAULT_MAX_RETRIES = 2;

/** The outcome of one streamed suggestion request, before any fallback. */
export type StreamOutcome =
  | { kind: 'done' }
  | { kind: 'cancelled' }
  | { kind: 'failed'; error: ErrorInfo };

export interface OpenAIProvider {
  suggest(
    conversation: ConversationView,
    context: { articles: KbHit[]; bodies: KbArticle[]; guidance?: ModelGuidance },
    opts: { requestId: string; signal: AbortSignal; emit: (update: AssistUpdate) => void },
  ): Promise<StreamOutcome>;
  summarize(conversation: ConversationView, bodies: KbArticle[], signal?: AbortSignal, guidance?: ModelGuidance): Promise<{ ok: true; value: SummaryView } | { ok: false; error: ErrorInfo }>;
}

export function createOpenAIProvider(connection: OpenAIConnection, deps: { logger: Logger; fetch?: typeof fetch }): OpenAIProvider {
  const client = new OpenAI({
    baseURL: connection.baseUrl,
    // Local servers (Ollama, vLLM, LM Studio) need no key, but the SDK insists on one.
    apiKey: connection.apiKey || 'not-needed',
    timeout: connection.timeoutMs,
    maxRetries: connection.maxRetries,
    // The SDK's own logger prints raw chunks, which can hold customer text; our logger records codes instead.
    logLevel: 'off',
    // Azure's v1 endpoint accepts the key as `api-key`; other servers ignore the extra header.
    ...(/\.azure\.com/i.test(connection.baseUrl) ? { defaultHeaders: { 'api-key': connection.apiKey } } : {}),
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  });
  const log = deps.logger;

  /** Some servers (LM Studio) reject `json_object`; retry once without it rather than fail. */
  async function create(messages: PromptMessage[], stream: boolean, signal: AbortSignal) {
    // No temperature: reasoning models (o-series, gpt-5) reject anything but the default.
    const base = { model: connection.model, messages };
    try {
      return stream
        ? await client.chat.completions.create({ ...base, stream: true, response_format: { type: 'json_object' } }, { signal })
        : await client.chat.completions.create({ ...base, stream: false, response_format: { type: 'json_object' } }, { signal });
    } catch (err) {
      if (!(err instanceof APIError) || err.status !== 400 || !/response_format|json/i.test(err.message)) throw err;
      log.info('assist.response_format_unsupported', { model: connection.model });
      return stream
        ? await client.chat.completions.create({ ...base, stream: true }, { signal })
        : await client.chat.completions.create({ ...base, stream: false }, { signal });
    }
  }

  return {
    async suggest(conversation, context, { requestId, signal, emit }) {
      const g = context.guidance;
      const base = {
        handoffId: conversation.handoffId,
        requestId,
        provider: 'openai' as const,
        articles: context.articles,
        ...(g ? { request: g.request } : {}),
        ...(g?.procedure ? { procedure: g.procedure } : {}),
      };
      const { messages, redacted } = redactMessages(suggestionMessages(conversation, context.bodies, g), conversation.customer);
      log.debug('assist.request', { handoffId: conversation.handoffId, requestId, redacted });

      const controller = new AbortController();
      const onCallerAbort = () => controller.abort();
      signal.addEventListener('abort', onCallerAbort, { once: true });
      let idleTimer: ReturnType<typeof setTimeout> | undefined;
      let idleTimedOut = false;
      // The SDK's timeout covers the wait for the response headers; a stream that stalls afterwards needs its own.
      const armIdleTimer = () => {
        clearTimeout(idleTimer);
        idleTimer = setTimeout(() => {
          idleTimedOut = true;
          controller.abort();
        }, connection.timeoutMs);
      };

      const parser = new SuggestionStreamParser();
      let lastPending = '';
      try {
        if (signal.aborted) return { kind: 'cancelled' };
        const stream = (await create(messages, true, controller.signal)) as AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk>;
        armIdleTimer();
        for await (const chunk of stream) {
          armIdleTimer();
          const delta = chunk.choices?.[0]?.delta?.content ?? '';
          if (!delta) continue;
          const completed = parser.push(delta);
          if (signal.aborted) return { kind: 'cancelled' };
          // Prose so far (or a model's preamble before its JSON): show the text until a suggestion takes shape.
          if (parser.looksUnstructured && parser.suggestions.length === 0 && !parser.pending) {
            emit({ ...base, status: 'streaming', suggestions: [], text: parser.answer });
            continue;
          }
          const pending = parser.pending;
          const shown = pending ? `${pending.title}\u0000${pending.reason}` : '';
          if (completed > 0 || shown !== lastPending) {
            lastPending = shown;
            const suggestions = restoreName(parser.suggestions, conversation.customer);
            emit({ ...base, status: 'streaming', suggestions: pending ? [...suggestions, pending] : suggestions });
          }
        }
        if (signal.aborted) return { kind: 'cancelled' };
        // An aborted SDK stream can end quietly instead of throwing: a stall must not pass for a complete answer.
        if (idleTimedOut) throw new Error('stream stalled');
        const { structured, suggestions } = parser.finish();
        const answer = parser.answer.trim();
        if (!structured && answer.length === 0) {
          return { kind: 'failed', error: { code: 'assist_empty_answer', message: `The model "${connection.model}" sent an empty answer. Showing offline suggestions; check the model in Settings → Assist.` } };
        }
        if (!structured) log.warn('assist.unstructured_answer', { handoffId: conversation.handoffId, requestId, chars: answer.length });
        emit({
          ...base,
          status: 'done',
          suggestions: restoreName(suggestions, conversation.customer),
          ...(structured ? {} : { text: answer }),
        });
        return { kind: 'done' };
      } catch (err) {
        if (signal.aborted) return { kind: 'cancelled' };
        const error = idleTimedOut
          ? timeoutError(connection)
          : describeFailure(err, connection);
        log.warn('assist.request_failed', { handoffId: conversation.handoffId, requestId, code: error.code });
        return { kind: 'failed', error };
      } finally {
        clearTimeout(idleTimer);
        signal.removeEventListener('abort', onCallerAbort);
      }
    },

    async summarize(conversation, bodies, signal, guidance) {
      const { messages } = redactMessages(summaryMessages(conversation, bodies, guidance), conversation.customer);
      try {
        const completion = (await create(messages, false, signal ?? new AbortController().signal)) as OpenAI.Chat.Completions.ChatCompletion;
        const content = completion.choices?.[0]?.message?.content ?? '';
        const parsed = summaryAnswerSchema.safeParse(extractJsonObject(content));
        if (!parsed.success) {
          log.warn('assist.summary_unstructured', { handoffId: conversation.handoffId, chars: content.length });
          return { ok: false, error: { code: 'assist_bad_answer', message: 'The model did not answer with a valid summary. Showing the offline summary.' } };
        }
        return {
          ok: true,
          value: {
            handoffId: conversation.handoffId,
            summary: parsed.data.summary,
            recommendedAction: parsed.data.recommendedAction,
            ...(parsed.data.intent ? { intent: parsed.data.intent } : {}),
            source: 'openai',
          },
        };
      } catch (err) {
        const error = signal?.aborted ? { code: 'cancelled', message: 'The summary was cancelled.' } : describeFailure(err, connection);
        log.warn('assist.summary_failed', { handoffId: conversation.handoffId, code: error.code });
        return { ok: false, error };
      }
    },
  };
}

const summaryAnswerSchema = z.object({
  summary: z.string().trim().min(1).max(4_000),
  recommendedAction: z.string().trim().min(1).max(2_000),
  intent: z.string().trim().max(100).nullish(),
});

const SETTINGS_HINT = 'Showing offline suggestions; check Settings → Assist.';

function timeoutError(connection: OpenAIConnection): ErrorInfo {
  return {
    code: 'assist_timeout',
    message: `The model endpoint at ${connection.baseUrl} did not answer within ${formatSeconds(connection.timeoutMs)}. Showing offline suggestions; check that the server is running and the timeout in Settings → Assist.`,
  };
}

/** Maps SDK and network failures to what the agent should check; the message never contains customer text. */
export function describeFailure(err: unknown, connection: OpenAIConnection): ErrorInfo {
  const where = connection.baseUrl;
  if (err instanceof APIConnectionTimeoutError) return timeoutError(connection);
  if (err instanceof APIUserAbortError) return { code: 'cancelled', message: 'The request was cancelled.' };
  if (err instanceof AuthenticationError || err instanceof PermissionDeniedError) {
    return {
      code: 'assist_unauthorized',
      message: `The model endpoint rejected the API key (HTTP ${err.status}). Showing offline suggestions; check the API key in Settings → Assist.`,
    };
  }
  if (err instanceof NotFoundError) {
    return {
      code: 'assist_model_not_found',
      message: `The model "${connection.model}" was not found at ${where} (HTTP 404). Showing offline suggestions; check the model name and base URL in Settings → Assist.`,
    };
  }
  if (err instanceof RateLimitError) {
    return {
      code: 'assist_rate_limited',
      message: `The model endpoint is rate limiting requests (HTTP 429) and retries did not help. Showing offline suggestions; try again shortly or check your plan's limits.`,
    };
  }
  if (err instanceof APIConnectionError) {
    const code = networkCode(err);
    const what =
      code === 'ECONNREFUSED'
        ? `connection refused at ${where}`
        : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
          ? `host not found for ${where}`
          : code
            ? `${code} at ${where}`
            : `no connection to ${where}`;
    return { code: 'assist_unreachable', message: `The model endpoint is unreachable (${what}). Showing offline suggestions; check the base URL in Settings → Assist.` };
  }
  if (err instanceof APIError && typeof err.status === 'number') {
    return {
      code: err.status >= 500 ? 'assist_provider_error' : 'assist_request_rejected',
      message: `The model endpoint answered HTTP ${err.status}. ${SETTINGS_HINT}`,
    };
  }
  const name = err instanceof Error ? err.name : 'unknown';
  return { code: 'assist_failed', message: `The model request failed (${name}). ${SETTINGS_HINT}` };
}

function networkCode(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function formatSeconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}
