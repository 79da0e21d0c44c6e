// How long the customer waited for a person: from the hand-off to the first agent reply.
import type { DeskConversation } from '../../../shared/desk-api/contract';

export function handoffTimes(c: Pick<DeskConversation, 'createdAt' | 'messages'>): { answeredAt?: string; timeToAnswerSeconds?: number } {
  const first = c.messages.find((m) => m.role === 'agent' && !m.beforeHandoff);
  if (!first) return {};
  return { answeredAt: first.at, timeToAnswerSeconds: Math.max(0, (Date.parse(first.at) - Date.parse(c.createdAt)) / 1000) };
}
