// Realistic handed-off conversations for assist tests: what a bot would send, as the desk sees it.
import type { ConversationView, Message } from '../../../src/shared/domain/conversation';
import type { Crm, Customer } from '../../../src/shared/domain/handoff';

let seq = 0;
function conversation(opts: {
  customer: Customer;
  turns: [Message['role'], string][];
  crm?: Crm;
  start?: string;
  extra?: Partial<ConversationView>;
}): ConversationView {
  const handoffId = `h-${++seq}`;
  const start = Date.parse(opts.start ?? '2026-11-20T10:00:00Z');
  return {
    handoffId,
    conversationId: `c-${seq}`,
    status: 'active',
    customer: opts.customer,
    reason: { trigger: 'customer_request' },
    queue: 'support',
    skills: [],
    createdAt: new Date(start).toISOString(),
    priority: 0,
    expectations: [],
    crm: opts.crm,
    messages: opts.turns.map(([role, text], i) => ({
      id: `${handoffId}-m${i}`,
      handoffId,
      role,
      text,
      at: new Date(start + i * 60_000).toISOString(),
      beforeHandoff: role !== 'agent',
    })),
    ...opts.extra,
  };
}

export const refundConversation = () =>
  conversation({
    customer: { id: 'cust-1', name: 'Anna Berg', email: 'anna.berg@example.com', phone: '+44 20 7946 0958', tier: 'standard' },
    turns: [
      ['customer', 'Hi, I want to return the running shoes I bought. They are too small.'],
      ['bot', 'I can help with returns. Which order is it?'],
      ['customer', 'Order 3348917502. I want my money back please, a refund to my card.'],
    ],
    crm: {
      orders: [
        { id: '3348917502', status: 'delivered', total: 94, currency: 'EUR', placedAt: '2026-11-08T09:00:00Z', deliveredAt: '2026-11-12T15:00:00Z', items: ['Running shoes'] },
        { id: '3348000001', status: 'delivered', total: 12, currency: 'EUR', placedAt: '2026-09-01T09:00:00Z', deliveredAt: '2026-09-04T15:00:00Z' },
      ],
    },
  });

export const lateDeliveryConversation = () =>
  conversation({
    customer: { id: 'cust-2', name: 'Ben Okafor', tier: 'standard' },
    turns: [
      ['customer', 'Where is my order? It was supposed to arrive on Monday.'],
      ['bot', 'Let me check. Can you share your order number?'],
      ['customer', 'It is 5512093311 and it still has not arrived. Tracking has not moved for days.'],
    ],
    crm: { orders: [{ id: '5512093311', status: 'shipped', total: 59.5, currency: 'GBP', placedAt: '2026-11-10T09:00:00Z' }] },
  });

export const doubleChargeConversation = () =>
  conversation({
    customer: { id: 'cust-3', name: 'Chloé Martin', email: 'chloe@example.fr' },
    turns: [
      ['customer', 'I was charged twice for my order 7781200456, I can see two identical payments on my card statement.'],
      ['bot', 'I am sorry to hear that. I will connect you with an agent.'],
    ],
    crm: {
      orders: [
        {
          id: '7781200456',
          status: 'delivered',
          total: 49.99,
          currency: 'EUR',
          placedAt: '2026-11-15T09:00:00Z',
          deliveredAt: '2026-11-18T09:00:00Z',
          charges: [
            { amount: 49.99, currency: 'EUR', at: '2026-11-15T09:00:05Z' },
            { amount: 49.99, currency: 'EUR', at: '2026-11-15T09:00:41Z' },
          ],
        },
      ],
    },
  });

export const passwordResetConversation = () =>
  conversation({
    customer: { id: 'cust-4', name: 'Dev Patel', email: 'dev.patel@example.com' },
    turns: [
      ['customer', "I forgot my password and can't log in."],
      ['bot', 'You can reset it from the sign-in page.'],
      ['customer', 'I tried, but the verification code never comes to my phone.'],
    ],
  });

export const angryVipConversation = () =>
  conversation({
    customer: { id: 'cust-5', name: 'Elena Rossi', tier: 'platinum', email: 'elena@example.it' },
    turns: [
      ['customer', 'My order 9000123457 is late AGAIN.'],
      ['bot', 'I am sorry, let me find out more.'],
      ['customer', 'This is UNACCEPTABLE!!! Third time this year. Worst service ever, I am furious.'],
    ],
    crm: {
      accountType: 'platinum',
      customerSince: '2019-03-02T00:00:00Z',
      orders: [{ id: '9000123457', status: 'in transit', total: 420, currency: 'EUR', placedAt: '2026-11-09T09:00:00Z' }],
    },
    extra: { reason: { trigger: 'sentiment' }, sentiment: -0.8 },
  });

/** A short conversation of customer messages only, for rule-by-rule tests. */
export const customerSays = (texts: string[], orders: NonNullable<Crm['orders']> = []) =>
  conversation({ customer: { id: 'cust-x', name: 'Sam Lee' }, turns: texts.map((t) => ['customer', t] as [Message['role'], string]), crm: { orders } });
