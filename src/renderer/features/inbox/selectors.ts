// Pure inbox selectors: ordering and badges, so the list reads at a glance and tests can prove the order.
import type { ConversationListItem, Offer } from '../../../shared/desk-api/contract';

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

/** Conversations with an unanswered customer message first, longest waiting first; the rest most recent first. */
export function sortConversations(items: readonly ConversationListItem[]): ConversationListItem[] {
  return items.slice().sort((a, b) => {
    const aWaiting = a.unread > 0;
    const bWaiting = b.unread > 0;
    if (aWaiting !== bWaiting) return aWaiting ? -1 : 1;
    const diff = Date.parse(a.lastMessageAt) - Date.parse(b.lastMessageAt);
    return aWaiting ? diff : -diff;
  });
}

/** The count the window title and tray show: offers waiting for an answer. */
export const waitingCount = (offers: readonly Offer[]): number => offers.length;

export const windowTitle = (waiting: number): string => (waiting > 0 ? `(${waiting}) Baton Desk` : 'Baton Desk');
