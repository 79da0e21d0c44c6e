// The conversation's customer events from GET /v1/conversations/{id}/stream, read with fetch (EventSource
// cannot send the customer token in a header). A dropped connection or a restarted hub is reconnected with
// Last-Event-ID set to the last seq applied, and a seq at or below it is dropped, so nothing is lost or shown
// twice. Typing frames carry no id: they are signals of the moment, never replayed.
import type { CustomerEvent, CustomerTypingSignal } from '../shared/protocol/customer-events';
import { readSseFrames, type SseFrame } from '../shared/protocol/sse-frames';

export interface StreamHandlers {
  event(e: CustomerEvent): void;
  typing(t: CustomerTypingSignal): void;
  /** true when the stream is open, false while it is being re-established. */
  connected(up: boolean): void;
  /** The token or conversation was refused (401/403/404): retrying cannot help. */
  refused(status: number): void;
}

export interface ConversationStream {
  stop(): void;
}

export function openConversationStream(o: { hubUrl: string; conversationId: string; token: string; after: number; handlers: StreamHandlers }): ConversationStream {
  let last = o.after;
  let stopped = false;
  let controller: AbortController | undefined;
  let attempt = 0;
  const url = `${o.hubUrl}/v1/conversations/${encodeURIComponent(o.conversationId)}/stream?typing=1`;

  const frame = ({ event, data }: SseFrame): void => {
    const parsed = JSON.parse(data) as CustomerEvent | CustomerTypingSignal;
    if (event === 'typing' || parsed.type === 'typing') {
      o.handlers.typing(parsed as CustomerTypingSignal);
      return;
    }
    const e = parsed as CustomerEvent;
    if (typeof e.seq !== 'number' || e.seq <= last) return;
    last = e.seq;
    o.handlers.event(e);
  };

  async function run(): Promise<void> {
    while (!stopped) {
      controller = new AbortController();
      try {
        const res = await fetch(url, { headers: { authorization: `Bearer ${o.token}`, accept: 'text/event-stream', 'last-event-id': String(last) }, signal: controller.signal, cache: 'no-store' });
        if (res.status === 401 || res.status === 403 || res.status === 404) {
          o.handlers.refused(res.status);
          return;
        }
        if (!res.ok || !res.body) throw new Error(`stream answered ${res.status}`);
        attempt = 0;
        o.handlers.connected(true);
        for await (const f of readSseFrames(res.body)) frame(f);
      } catch {
        // A refused, reset or aborted connection: reconnect below unless stopped.
      }
      if (stopped) return;
      o.handlers.connected(false);
      const delay = Math.min(5_000, 400 * 2 ** attempt++) * (0.5 + Math.random() / 2);
      await new Promise((r) => setTimeout(r, delay));
    }
  }
  void run();
  return {
    stop() {
      stopped = true;
      controller?.abort();
    },
  };
}
