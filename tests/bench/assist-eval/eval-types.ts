// The shape of a labelled conversation in the assist evaluation set, and how one becomes the ConversationView the
// engine sees at a hand-off after the customer's n-th turn.
import type { ConversationView, Message } from '../../../src/shared/domain/conversation';
import type { Crm } from '../../../src/shared/domain/handoff';

export interface EvalConversation {
  id: string;
  /** What the customer wants, in a few words (the request label). */
  request: string;
  /** The request family, for the per-family table. */
  family: string;
  /** The right article, or null when the request is unclear even at the last turn. */
  article: string | null;
  /** The right next step at the last turn: a step id of `article`, or 'ask' when unclear. */
  nextStep: string;
  customer?: { name?: string; tier?: string; email?: string };
  crm?: Crm;
  /** "C: …" customer, "B: …" bot, "A: …" agent, oldest first. */
  turns: string[];
}

/** The reference clock of every conversation: fixed, so the figures do not move from one day to the next. */
export const EVAL_NOW = Date.parse('2026-11-20T10:00:00.000Z');
export const daysAgo = (days: number): string => new Date(EVAL_NOW - days * 86_400_000).toISOString();

export function order(id: string, status: string | undefined, opts: { delivered?: number; placed?: number; total?: number; currency?: string; items?: string[]; charges?: { amount: number; at: string }[] } = {}) {
  return {
    id,
    ...(status ? { status } : {}),
    ...(opts.placed !== undefined ? { placedAt: daysAgo(opts.placed) } : {}),
    ...(opts.delivered !== undefined ? { deliveredAt: daysAgo(opts.delivered) } : {}),
    ...(opts.total !== undefined ? { total: opts.total, currency: opts.currency ?? 'EUR' } : {}),
    ...(opts.items ? { items: opts.items } : {}),
    ...(opts.charges ? { charges: opts.charges } : {}),
  };
}

const ROLES = { C: 'customer', B: 'bot', A: 'agent' } as const;

/** The conversation as handed off after the customer's `customerTurns`-th message (all turns when larger). */
export function viewAt(c: EvalConversation, customerTurns: number): ConversationView {
  const messages: Message[] = [];
  let seen = 0;
  const start = EVAL_NOW - c.turns.length * 60_000;
  for (const [i, line] of c.turns.entries()) {
    const role = ROLES[line.slice(0, 1) as keyof typeof ROLES];
    if (!role || line[1] !== ':') throw new Error(`${c.id}: turn ${i} must start with C:, B: or A:`);
    if (role === 'customer') {
      if (seen === customerTurns) break;
      seen++;
    }
    messages.push({ id: `${c.id}-${i}`, handoffId: c.id, role, text: line.slice(2).trim(), at: new Date(start + i * 60_000).toISOString() });
  }
  return {
    handoffId: c.id,
    conversationId: c.id,
    status: 'active',
    customer: { id: `cust-${c.id}`, ...(c.customer ?? {}) },
    reason: { trigger: 'customer_request' },
    queue: 'general',
    skills: [],
    createdAt: new Date(start).toISOString(),
    priority: 0,
    expectations: [],
    ...(c.crm ? { crm: c.crm } : {}),
    messages,
  };
}

export function customerTurnCount(c: EvalConversation): number {
  return c.turns.filter((t) => t.startsWith('C:')).length;
}
