// When a customer's CSAT rating is accepted (issue 11 point 7): only after a person was in the conversation, and
// once per hand-off. The answer says why a rating was refused, so a bot can tell the customer something sensible.
import type { HandoffRecord } from '../store/hub-store';

export function csatRefusal(h: HandoffRecord): string | undefined {
  if (!h.firstAcceptedAt) {
    return `Nobody from the team joined conversation ${h.conversationId} (it is ${h.status}), so there is no service to rate; CSAT is accepted only after a person was in the conversation.`;
  }
  if (h.csatScore !== undefined && h.csatScore !== null) {
    return `Conversation ${h.conversationId} was already rated ${h.csatScore}; a hand-off takes one rating, and the first one stands.`;
  }
  return undefined;
}
