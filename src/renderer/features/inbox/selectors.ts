// Pure inbox selectors: ordering and badges, so the list reads at a glance and tests can prove the order.
import type { ConversationListItem, DeskConversation, Offer } from '../../../shared/desk-api/contract';
import { customerWaitingSince } from '../handoff/handoff-times';

export const FRUSTRATION_THRESHOLD = -0.5;

/** VIP when the tier says so or the hub handed off because the customer is on its VIP list. */
export const isVip = (tier: string | undefined, trigger?: string): boolean => tier?.toLowerCase() === 'vip' || trigger === 'vip';
export const isFrustrated = (sentiment: number | undefined): boolean =>
  sentiment !== undefined && sentiment <= FRUSTRATION_THRESHOLD;

/** Highest priority first; among equals the customer who has waited longest (oldest hand-off) first. */
export function sortOffers(offers: readonly Offer[]): Offer[] {
  return offers.slice().sort((a, b) => {
    const byPriority = b.conversation.priority - a.conversation.priority;
    if (byPriority !== 0) return byPriority;
    return Date.parse(a.conversation.createdAt) - Date.parse(b.conversation.createdAt);
  });
}

/**
 * Since when the customer has waited for this agent, or undefined when the agent spoke last. With the full
 * conversation loaded the messages say it exactly; from the list row alone, unread messages are the sign.
 */
export function waitingSinceFor(item: ConversationListItem, detail: Pick<DeskConversation, 'createdAt' | 'messages'> | undefined): string | undefined {
  if (detail) return customerWaitingSince(detail);
  return item.unread > 0 ? item.lastMessageAt : undefined;
}

/** handoffId -> since when that customer waits (undefined: answered). */
export function conversationWaits(
  items: readonly ConversationListItem[],
  details: Readonly<Record<string, Pick<DeskConversation, 'createdAt' | 'messages'> | undefined>>,
): Record<string, string | undefined> {
  return Object.fromEntries(items.map((c) => [c.handoffId, waitingSinceFor(c, details[c.handoffId])]));
}

/** Conversations with an unanswered customer message first, longest waiting first; the rest most recent first. */
export function sortConversations(items: readonly ConversationListItem[], waits: Readonly<Record<string, string | undefined>>): ConversationListItem[] {
  return items.slice().sort((a, b) => {
    const aSince = waits[a.handoffId];
    const bSince = waits[b.handoffId];
    if ((aSince === undefined) !== (bSince === undefined)) return aSince !== undefined ? -1 : 1;
    if (aSince !== undefined && bSince !== undefined) return Date.parse(aSince) - Date.parse(bSince);
    return Date.parse(b.lastMessageAt) - Date.parse(a.lastMessageAt);
  });
}

/** The inbox order the list, the palette numbers and next/previous conversation all share: the agent's open
 *  conversations (active, or offered and being accepted), waiting customers first. */
export const inboxOrder = (s: { conversations: readonly ConversationListItem[]; details: Record<string, DeskConversation | undefined> }): ConversationListItem[] => {
  const open = s.conversations.filter((c) => c.status === 'active' || c.status === 'offered');
  return sortConversations(open, conversationWaits(open, s.details));
};

/** The count the window title and tray show: offers waiting for an answer. */
export const waitingCount = (offers: readonly Offer[]): number => offers.length;

export const windowTitle = (waiting: number): string => (waiting > 0 ? `(${waiting}) Baton Desk` : 'Baton Desk');
