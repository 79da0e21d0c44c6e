// A typed client for the hub's bot API (PRODUCT.md "Bot-facing HTTP API (v1)"), usable from any Node 20 bot:
// handOff(), evaluate(), postCustomerMessage() with generated idempotency keys, and events(), an async iterator
// over the SSE stream that resumes where it stopped. Retries 429 and 5xx with exponential backoff and full jitter,
// honouring Retry-After. Uses only fetch; imports nothing of the hub.
import { randomUUID } from 'node:crypto';
import type { HandoffAccepted, HandoffRequest } from '../shared/domain/handoff';
import type { CustomerEvent } from '../shared/protocol/customer-events';
import { readSseFrames } from '../shared/protocol/sse-frames';

export interface BotClientOptions {
  hubUrl: string;
  /** A bot key, or a conversation's customer token. */
  key: string;
  maxRetries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export class BatonApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'BatonApiError';
  }
}

export type HandOffAnswer = HandoffAccepted & { customerToken?: string };

const defaultSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Seconds or an HTTP date, as milliseconds from now; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const s = Number(header);
  if (Number.isFinite(s) && s >= 0) return s * 1000;
  const d = Date.parse(header);
  return Number.isNaN(d) ? undefined : Math.max(0, d - now);
}

export function createBotClient(opts: BotClientOptions) {
  const base = opts.hubUrl.replace(/\/+$/, '');
  const doFetch = opts.fetch ?? fetch;
  const sleep = opts.sleep ?? defaultSleep;
  const random = opts.random ?? Math.random;
  const maxRetries = opts.maxRetries ?? 5;
  const baseDelay = opts.baseDelayMs ?? 250;
  const maxDelay = opts.maxDelayMs ?? 10_000;

  const delayFor = (attempt: number, retryAfter: number | undefined): number => {
    const backoff = Math.min(maxDelay, baseDelay * 2 ** attempt) * random();
    return retryAfter === undefined ? backoff : Math.max(retryAfter, backoff);
  };

  async function request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      let res: Response | undefined;
      try {
        res = await doFetch(`${base}${path}`, {
          method,
          headers: { authorization: `Bearer ${opts.key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      } catch (e) {
        // A refused or reset connection is retried like a 503.
        if (attempt >= maxRetries) throw e;
        await sleep(delayFor(attempt, undefined));
        continue;
      }
      if (res.ok) return (await res.json()) as T;
      const retryable = res.status === 429 || res.status >= 500;
      if (retryable && attempt < maxRetries) {
        await res.body?.cancel();
        await sleep(delayFor(attempt, retryAfterMs(res.headers.get('retry-after'))));
        continue;
      }
      const text = await res.text();
      let code = 'http_error';
      let message = `${method} ${path} answered ${res.status}`;
      try {
        const j = JSON.parse(text) as { error?: { code?: string; message?: string } };
        code = j.error?.code ?? code;
        message = j.error?.message ?? message;
      } catch {
        /* not JSON */
      }
      throw new BatonApiError(res.status, code, message);
    }
  }

  const conv = (id: string): string => `/v1/conversations/${encodeURIComponent(id)}`;

  return {
    handOff: (req: HandoffRequest): Promise<HandOffAnswer> => request('POST', '/v1/handoffs', req),
    evaluate: (body: unknown): Promise<unknown> => request('POST', '/v1/policy/evaluate', body),
    /** The same clientMessageId makes a retried post land once; one is generated when not given. */
    postCustomerMessage: (conversationId: string, text: string, clientMessageId: string = randomUUID()): Promise<{ messageId?: string; id?: string }> =>
      request('POST', `${conv(conversationId)}/messages`, { role: 'customer', text, clientMessageId }),
    end: (conversationId: string): Promise<{ status: string }> => request('POST', `${conv(conversationId)}/end`, {}),
    rate: (conversationId: string, score: number, comment?: string): Promise<unknown> => request('POST', `${conv(conversationId)}/csat`, comment === undefined ? { score } : { score, comment }),

    /**
     * The conversation's customer events from the SSE stream, after `after`. A dropped connection or a hub
     * restart reconnects with Last-Event-ID, so nothing is lost or repeated. Stop with the signal or `break`.
     */
    async *events(conversationId: string, o: { after?: number; signal?: AbortSignal } = {}): AsyncGenerator<CustomerEvent> {
      let last = o.after ?? 0;
      let attempt = 0;
      while (!o.signal?.aborted) {
        let res: Response;
        try {
          res = await doFetch(`${base}${conv(conversationId)}/stream`, {
            headers: { authorization: `Bearer ${opts.key}`, accept: 'text/event-stream', 'last-event-id': String(last) },
            ...(o.signal ? { signal: o.signal } : {}),
          });
        } catch (e) {
          if (o.signal?.aborted) return;
          if (attempt >= maxRetries) throw e;
          await sleep(delayFor(attempt++, undefined));
          continue;
        }
        if (!res.ok || !res.body) {
          const retryable = res.status === 429 || res.status >= 500;
          await res.body?.cancel();
          if (!retryable || attempt >= maxRetries) throw new BatonApiError(res.status, 'http_error', `The stream answered ${res.status}`);
          await sleep(delayFor(attempt++, retryAfterMs(res.headers.get('retry-after'))));
          continue;
        }
        attempt = 0;
        try {
          for await (const frame of readSseFrames(res.body)) {
            const e = JSON.parse(frame.data) as CustomerEvent;
            // Frames without a seq (typing signals, for clients that ask for them) are not history.
            if (typeof e.seq !== 'number' || e.seq <= last) continue;
            last = e.seq;
            yield e;
          }
        } catch (e) {
          if (o.signal?.aborted) return;
          void e; // a reset stream is reconnected below
        }
        if (o.signal?.aborted) return;
        await sleep(delayFor(attempt++, undefined));
      }
    },
  };
}

export type BotClient = ReturnType<typeof createBotClient>;
