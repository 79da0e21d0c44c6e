// How long the customer waited for a person: from the hand-off to the first agent reply, and since when they
// have been waiting for the next one.
import type { DeskConversation } from '../../../shared/desk-api/contract';

type Times = Pick<DeskConversation, 'createdAt' | 'messages'>;

export function handoffTimes(c: Times): { answeredAt?: string; timeToAnswerSeconds?: number } {
  const first = c.messages.find((m) => m.role === 'agent' && !m.beforeHandoff);
  if (!first) return {};
  return { answeredAt: first.at, timeToAnswerSeconds: Math.max(0, (Date.parse(first.at) - Date.parse(c.createdAt)) / 1000) };
}

/**
 * Since when the customer has been waiting for the agent: the hand-off until the first reply, afterwards the
 * oldest customer message after the agent's latest reply. Undefined when the agent spoke last.
 */
export function customerWaitingSince(c: Times): string | undefined {
  let lastAgent = -1;
  c.messages.forEach((m, i) => {
    if (m.role === 'agent' && !m.beforeHandoff) lastAgent = i;
  });
  if (lastAgent === -1) return c.createdAt;
  return c.messages.slice(lastAgent + 1).find((m) => m.role === 'customer')?.at;
}
