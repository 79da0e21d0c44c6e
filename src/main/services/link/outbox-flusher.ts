// Delivers the outbox to the hub: oldest first, one at a time, each waiting for the hub's acknowledgement before
// the next, so replies arrive in the order the agent wrote them. A lost ack leaves the row in place and it is
// sent again later with the same clientMessageId, which the hub treats as the same message (idempotent).
import type { Message } from '../../../shared/domain/conversation';
import type { ErrorInfo, Result } from '../../../shared/result';
import type { Logger } from '../../../shared/log';
import type { OutboxEntry } from '../cache/desk-cache';

export interface OutboxFlusherOptions {
  next: () => OutboxEntry | undefined;
  isOnline: () => boolean;
  send: (entry: OutboxEntry) => Promise<Result<Message>>;
  /** The hub stored the reply: record the real message and remove the outbox row (one transaction). */
  delivered: (entry: OutboxEntry, message: Message) => void;
  /** The hub refused the reply for good (e.g. the conversation ended): remove it so it does not block the rest. */
  rejected: (entry: OutboxEntry, error: ErrorInfo) => void;
  logger: Logger;
  retryDelayMs?: number;
}

const RETRYABLE = new Set(['offline', 'timeout', 'protocol', 'internal', 'unavailable']);

export function createOutboxFlusher(opts: OutboxFlusherOptions) {
  let running = false;
  let again = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  async function drain(): Promise<void> {
    while (!stopped && opts.isOnline()) {
      const entry = opts.next();
      if (!entry) return;
      const r = await opts.send(entry);
      if (r.ok) {
        opts.delivered(entry, r.value);
        continue;
      }
      if (RETRYABLE.has(r.error.code)) {
        opts.logger.info('outbox.retry_later', { code: r.error.code });
        if (!stopped && opts.isOnline()) retry = setTimeout(kick, opts.retryDelayMs ?? 2_000);
        return;
      }
      opts.logger.warn('outbox.rejected', { code: r.error.code, handoffId: entry.handoffId });
      opts.rejected(entry, r.error);
    }
  }

  function kick(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    void (async () => {
      try {
        do {
          again = false;
          await drain();
        } while (again && !stopped);
      } catch (e) {
        opts.logger.error('outbox.failed', { error: e instanceof Error ? e.name : 'unknown' });
      } finally {
        running = false;
      }
    })();
  }

  return {
    /** Start delivering if online; safe to call any number of times. */
    kick,
    stop(): void {
      stopped = true;
      if (retry) clearTimeout(retry);
    },
    get busy(): boolean {
      return running;
    },
  };
}

export type OutboxFlusher = ReturnType<typeof createOutboxFlusher>;
