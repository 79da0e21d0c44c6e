// The agent's replies on their way to the hub. A reply goes into the cache's outbox first (so it survives a crash,
// a restart or a lost link) and shows as a pending bubble; the flusher delivers the outbox in order while the
// link is online and turns each row into the hub's stored message, or into a note saying why it was not sent.
import { randomUUID } from 'node:crypto';
import type { DeskMessage, LinkState } from '../../../shared/desk-api/contract';
import { ok, type Result } from '../../../shared/result';
import type { HubLink } from '../link/hub-link';
import { createOutboxFlusher, type OutboxFlusher } from '../link/outbox-flusher';
import { pendingMessage } from './conversation-views';
import { NOT_FOUND, publishConversation, type DeskCore } from './desk-parts';

export interface ReplyOutbox {
  /** Queues a reply and answers its pending bubble; the flusher (if a link runs) is woken. */
  send(handoffId: string, text: string): Result<DeskMessage>;
  /** The flusher for one link; it stops with that link. */
  flusherFor(link: HubLink): OutboxFlusher;
}

export function createReplyOutbox(
  core: DeskCore,
  deps: { linkState: () => LinkState; flusher: () => OutboxFlusher | undefined; refreshSuggestions: (handoffId: string) => unknown },
): ReplyOutbox {
  const { cache, emit, logger, lifetime } = core;
  return {
    send(handoffId, text) {
      if (!cache.getConversation(handoffId)) return NOT_FOUND(handoffId);
      // The outbox first: once this returns, the reply survives a crash, a restart or a lost link.
      const entry = { clientMessageId: randomUUID(), handoffId, text, createdAt: new Date().toISOString() };
      cache.transaction(() => {
        cache.enqueueReply(entry);
        cache.setDraft(handoffId, '');
      });
      const seq = cache.outboxFor(handoffId).find((e) => e.clientMessageId === entry.clientMessageId)?.seq ?? 0;
      const pending = pendingMessage({ ...entry, seq }, cache.agent()?.name);
      emit('onLinkState', deps.linkState());
      publishConversation(core, handoffId);
      deps.flusher()?.kick();
      return ok(pending);
    },
    flusherFor(link) {
      return createOutboxFlusher({
        next: () => cache.outbox()[0],
        isOnline: () => link.isOnline(),
        send: (entry) => link.request('message.send', { handoffId: entry.handoffId, clientMessageId: entry.clientMessageId, text: entry.text }),
        delivered: (entry, message) => {
          if (lifetime.stopped()) return;
          const changed = cache.transaction(() => {
            const inserted = cache.insertMessage(message);
            const dequeued = cache.dequeueReply(entry.clientMessageId);
            return inserted || dequeued;
          });
          if (!changed) return;
          emit('onMessage', message);
          publishConversation(core, entry.handoffId);
          link.publish();
          // The reply may have carried out a procedure step: the ticks and the next step follow it.
          void deps.refreshSuggestions(entry.handoffId);
        },
        rejected: (entry, error) => {
          if (lifetime.stopped()) return;
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
          publishConversation(core, entry.handoffId);
          link.publish();
        },
        logger: logger.child('outbox'),
      });
    },
  };
}
