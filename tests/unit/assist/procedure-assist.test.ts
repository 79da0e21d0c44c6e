// The offline assistant with the seed knowledge base's procedures, on a real SQLite index: the request comes from
// retrieval over the articles, the suggestions follow the matched procedure, and facts come only from the
// hand-off. Several cases plant CRM records with fields missing.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyseOffline } from '../../../src/main/services/assist/offline-provider';
import { openDatabase } from '../../../src/main/services/cache/open-database';
import { createKbIndex } from '../../../src/main/services/kb/kb-index';
import { customerTier, tierLabel } from '../../../src/shared/domain/customer-tier';
import type { ConversationView, Message } from '../../../src/shared/domain/conversation';
import type { Crm } from '../../../src/shared/domain/handoff';

const root = resolve(import.meta.dirname, '../../..');
const kb = createKbIndex(openDatabase(':memory:'));
kb.upsert(JSON.parse(readFileSync(resolve(root, 'resources/seed/kb.json'), 'utf8')));
const NOW = Date.parse('2026-11-20T10:00:00.000Z');
const day = (d: number) => new Date(NOW - d * 86_400_000).toISOString();

function conversation(turns: string[], opts: { crm?: Crm; name?: string; tier?: string } = {}): ConversationView {
  const messages: Message[] = turns.map((t, i) => ({
    id: `m${i}`,
    handoffId: 'h1',
    role: t.startsWith('A:') ? 'agent' : t.startsWith('B:') ? 'bot' : 'customer',
    text: t.slice(2).trim(),
    at: new Date(NOW - (turns.length - i) * 60_000).toISOString(),
  }));
  return {
    handoffId: 'h1', conversationId: 'c1', status: 'active', customer: { id: 'cust', name: opts.name ?? 'Sam Doe', ...(opts.tier ? { tier: opts.tier } : {}) },
    reason: { trigger: 'customer_request' }, queue: 'general', skills: [], createdAt: day(0), priority: 0, expectations: [], messages,
    ...(opts.crm ? { crm: opts.crm } : {}),
  };
}

const allText = (a: ReturnType<typeof analyseOffline>) => [...a.suggestions.flatMap((s) => [s.title, s.reason, s.reply ?? '']), a.summary.summary, a.summary.recommendedAction].join('\n');

describe('request as retrieval over the knowledge base', () => {
  it('recognises a policy question phrased indirectly, with a confidence, citing the article', () => {
    const a = analyseOffline(conversation(['C: the same stroller is cheaper on another website', 'C: will you match that?']), kb);
    expect(a.request).toMatchObject({ articleId: 'kb-price-match', unclear: false });
    expect(a.request.confidence).toBeGreaterThan(0.3);
    expect(a.suggestions[0]).toMatchObject({ kbArticleId: 'kb-price-match', stepId: 'ask-link' });
  });

  it('uses every customer turn: a final order number does not lose the request', () => {
    const a = analyseOffline(conversation(['C: my parcel came today but the lamp is not in it', 'B: Which order?', 'C: 3030303'], { crm: { orders: [{ id: '3030303', status: 'delivered', deliveredAt: day(0) }] } }), kb);
    expect(a.request.articleId).toBe('kb-order-missing-item');
    expect(a.articles.map((h) => h.id)).toContain('kb-order-missing-item');
  });

  it('says unclear only when nothing points to a request, and then suggests the question to ask', () => {
    const a = analyseOffline(conversation(['C: hello?', 'B: How can I help?', 'C: I want a person', 'C: Kim']), kb);
    expect(a.request.unclear).toBe(true);
    expect(a.procedure).toBeUndefined();
    expect(a.suggestions[0]?.title).toBe('Ask what the customer needs');
    expect(a.summary.summary).toMatch(/^No clear request yet\./);
  });

  it('learns a new request from an added article, without code', () => {
    const db = createKbIndex(openDatabase(':memory:'));
    db.upsert(JSON.parse(readFileSync(resolve(root, 'resources/seed/kb.json'), 'utf8')));
    const turns = ['C: can I pick my order up at one of your stores instead?', 'C: the one in the city centre'];
    expect(analyseOffline(conversation(turns), db).request.articleId).not.toBe('kb-click-collect');
    db.upsert({
      id: 'kb-click-collect', title: 'Click and collect', category: 'delivery', body: 'Orders can be collected in store two hours after the confirmation; bring the pickup code.',
      askedAs: ['can I collect my order in a store', 'pick up in shop'],
      steps: [{ id: 'check-store', text: 'Check the store has collection.' }, { id: 'send-code', text: 'Send the pickup code.' }],
    });
    const a = analyseOffline(conversation(turns), db);
    expect(a.request.articleId).toBe('kb-click-collect');
    expect(a.suggestions[0]?.stepId).toBe('check-store');
  });
});

describe('next-best actions follow the matched procedure', () => {
  it('starts with verifying the customer when the procedure does', () => {
    const a = analyseOffline(conversation(['C: my account is blocked after I typed the wrong password a few times', 'C: can you open it again']), kb);
    expect(a.request.articleId).toBe('kb-account-locked');
    expect(a.procedure?.nextStepId).toBe('verify');
    expect(a.suggestions[0]).toMatchObject({ stepId: 'verify', kbArticleId: 'kb-account-locked' });
    expect(a.suggestions[0]?.title).toMatch(/^Verify first/);
  });

  it('recognises steps the agent already did in their messages and suggests the next one', () => {
    const crm = { orders: [{ id: '9923014', status: 'delivered', deliveredAt: day(2) }] };
    const before = analyseOffline(conversation(['C: the headphones will not turn on, order 9923014 came broken'], { crm }), kb);
    expect(before.procedure?.nextStepId).toBe('ask-photos');
    const after = analyseOffline(
      conversation(['C: the headphones will not turn on, order 9923014 came broken', 'A: So sorry! Could you send me a photo of them and the outer box?', 'C: sent the pictures'], { crm }),
      kb,
    );
    expect(after.procedure?.steps.find((s) => s.id === 'ask-photos')).toMatchObject({ done: true, doneBy: 'agent_message' });
    expect(after.suggestions[0]?.stepId).toBe('offer-replacement');
  });

  it('takes a step ticked in the desk as done, and an untick as not done', () => {
    const turns = ['C: my account is locked, I got an email about it'];
    const ticked = analyseOffline(conversation(turns), kb, { stepMarks: [{ articleId: 'kb-account-locked', stepId: 'verify', done: true }] });
    expect(ticked.procedure?.steps[0]).toMatchObject({ done: true, doneBy: 'desk' });
    expect(ticked.suggestions[0]?.stepId).toBe('check-hold');
    const agentSaid = conversation([...turns, 'A: Thanks for confirming, you are verified.']);
    const unticked = analyseOffline(agentSaid, kb, { stepMarks: [{ articleId: 'kb-account-locked', stepId: 'verify', done: false }] });
    expect(unticked.procedure?.steps[0]?.done).toBe(false);
  });

  it('for a double charge follows the billing procedure and never proposes returning the shipped order', () => {
    const crm = { orders: [{ id: '3348917', status: 'shipped', total: 94, currency: 'USD', charges: [{ amount: 94, at: day(1) }, { amount: 94, at: day(1) }] }] };
    const a = analyseOffline(conversation(['C: I was charged twice for order 3348917 and I want a refund of one', 'C: two charges of $94'], { crm }), kb);
    expect(a.request.articleId).toBe('kb-double-charge');
    expect(a.suggestions[0]?.stepId).toBe('compare-charges');
    expect(allText(a)).not.toMatch(/\breturn (it|the order|label)|send it back|free return/i);
  });
});

describe('facts only from the context (planted missing CRM fields)', () => {
  it('an order without a status is unknown: the cancel procedure looks it up, never calls it processing', () => {
    const a = analyseOffline(conversation(['C: please cancel order 1134410, I bought it by mistake yesterday'], { crm: { orders: [{ id: '1134410', total: 55, currency: 'EUR' }] } }), kb);
    expect(a.request.articleId).toBe('kb-cancel-order');
    expect(a.suggestions[0]).toMatchObject({ stepId: 'check-status', title: 'Look up the order status first' });
    expect(a.procedure?.steps.find((s) => s.id === 'check-status')?.missing).toContain('order.status');
    expect(a.unknown).toContain('order.status');
    expect(allText(a)).not.toMatch(/processing|shipped|dispatched|"[a-z ]+" in our system|I've cancelled/i);
    expect(a.summary.summary).toContain('status not in the CRM data');
  });

  it('a delivered order without a delivery date: the return window step asks the customer for the date', () => {
    const a = analyseOffline(conversation(['C: can I still return the dress from order 8820017? changed my mind, tags still on'], { crm: { orders: [{ id: '8820017', status: 'delivered' }] } }), kb);
    expect(a.request.articleId).toBe('kb-return-label');
    expect(a.suggestions[0]).toMatchObject({ stepId: 'check-window', title: 'Ask for the delivery date first' });
    expect(a.suggestions[0]?.reply).toMatch(/which day the parcel arrived/);
    expect(allText(a)).not.toMatch(/\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b|days ago/);
  });

  it('no CRM at all: the order number is asked for, no amounts or dates appear', () => {
    const a = analyseOffline(conversation(['C: my parcel says delivered but it is not here', 'C: I checked everywhere']), kb);
    expect(a.request.articleId).toBe('kb-lost-parcel');
    expect(a.suggestions[0]).toMatchObject({ stepId: 'verify' });
    expect(a.suggestions[0]?.reply).toMatch(/order number/);
    expect(allText(a)).not.toMatch(/[€$£]\s?\d|\b\d{5,}\b/);
  });

  it('a duplicate charge without amounts asks for them instead of naming one', () => {
    const a = analyseOffline(conversation(['C: I think I paid twice for order 3360042'], { crm: { orders: [{ id: '3360042', status: 'shipped' }] } }), kb);
    expect(a.suggestions[0]).toMatchObject({ stepId: 'compare-charges', title: 'Ask for the amount and dates of the two charges first' });
    expect(allText(a)).not.toMatch(/[€$£]\s?\d/);
  });
});

describe('summaries and wording', () => {
  it('states the request in the customer words even when no keyword rule knows it', () => {
    const a = analyseOffline(conversation(['C: hi', 'C: the courier texted that I have to pay 23 pounds before they hand over my parcel', 'C: I live in London']), kb);
    expect(a.request.articleId).toBe('kb-customs-fees');
    expect(a.summary.summary).toContain('"the courier texted that I have to pay 23 pounds before they hand over my parcel".');
    expect(a.request.inTheirWords).toBe('the courier texted that I have to pay 23 pounds before they hand over my parcel');
  });

  it('puts punctuation between a quote and the order that follows it', () => {
    const crm = { orders: [{ id: '3301876', status: 'in transit', placedAt: day(8) }] };
    const a = analyseOffline(conversation(['C: my order 3301876 was meant to be here on monday'], { crm }), kb);
    expect(a.summary.summary).toMatch(/"my order 3301876 was meant to be here on monday"\. Order 3301876: in transit, placed 12 Nov\./);
  });

  it('writes a VIP tier as VIP, not "Vip", and uses the CRM tier over the bot one', () => {
    const crm = { accountType: 'vip', customerSince: '2015-04-01T00:00:00.000Z', orders: [{ id: '3301876', status: 'in transit' }] };
    const a = analyseOffline(conversation(['C: where is my order 3301876? it is late'], { crm, tier: 'standard' }), kb);
    const text = allText(a);
    expect(text).toContain('VIP customer since 2015');
    expect(text).not.toMatch(/Vip\b/);
    expect(customerTier({ customer: { tier: 'standard' }, crm: { accountType: 'premium' } })).toBe('premium');
    expect(tierLabel('vip')).toBe('VIP');
    expect(tierLabel('premium')).toBe('Premium');
  });
});
