// Builds what the renderer sees (list items, full conversations with pending replies) from the cache.
import type { ConversationListItem, DeskConversation, DeskMessage } from '../../../shared/desk-api/contract';
import type { ConversationView } from '../../../shared/domain/conversation';
import type { DeskCache, OutboxEntry } from '../cache/desk-cache';

const PREVIEW_LENGTH = 120;

export function pendingMessage(entry: OutboxEntry, authorName?: string): DeskMessage {
  return {
    id: `pending:${entry.clientMessageId}`,
    handoffId: entry.handoffId,
    role: 'agent',
    text: entry.text,
    at: entry.createdAt,
    clientMessageId: entry.clientMessageId,
    ...(authorName ? { authorName } : {}),
    pending: true,
  };
}

export function conversationView(cache: DeskCache, handoffId: string): ConversationView | undefined {
  const cached = cache.getConversation(handoffId);
  if (!cached) return undefined;
  return { ...cached.conversation, messages: cache.listMessages(handoffId) };
}

/** The conversation as the desk shows it: stored messages (all, or the `latest` newest) then unsent replies. */
export function deskConversation(cache: DeskCache, handoffId: string, latest?: number): DeskConversation | undefined {
  const cached = cache.getConversation(handoffId);
  if (!cached) return undefined;
  const agentName = cache.agent()?.name;
  const stored = latest === undefined ? { messages: cache.listMessages(handoffId), earlier: 0 } : cache.latestMessages(handoffId, latest);
  const messages: DeskMessage[] = [...stored.messages, ...cache.outboxFor(handoffId).map((e) => pendingMessage(e, agentName))];
  return { ...cached.conversation, messages, draft: cached.draft, unread: cached.unread, ...(stored.earlier > 0 ? { earlier: stored.earlier } : {}) };
}

export function listItem(cache: DeskCache, handoffId: string): ConversationListItem | undefined {
  const cached = cache.getConversation(handoffId);
  if (!cached) return undefined;
  const c = cached.conversation;
  const pending = cache.outboxFor(handoffId);
  const lastPending = pending[pending.length - 1];
  const last = lastPending ? { text: lastPending.text, at: lastPending.createdAt } : cache.lastMessage(handoffId);
  return {
    handoffId: c.handoffId,
    customerName: c.customer.name ?? c.customer.id,
    ...(c.customer.tier ? { tier: c.customer.tier } : {}),
    status: c.status,
    queue: c.queue,
    trigger: c.reason.trigger,
    ...(c.sentiment !== undefined ? { sentiment: c.sentiment } : {}),
    createdAt: c.createdAt,
    ...(c.acceptedAt ? { acceptedAt: c.acceptedAt } : {}),
    lastMessageAt: last?.at ?? c.createdAt,
    lastMessagePreview: (last?.text ?? '').replace(/\s+/g, ' ').slice(0, PREVIEW_LENGTH),
    unread: cached.unread,
  };
}

export function listConversations(cache: DeskCache): ConversationListItem[] {
  return cache
    .listConversations()
    .map((c) => listItem(cache, c.conversation.handoffId))
    .filter((c): c is ConversationListItem => Boolean(c));
}
