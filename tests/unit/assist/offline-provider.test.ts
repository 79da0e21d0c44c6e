// The offline provider on realistic hand-offs: the right actions, grounded in the specific CRM facts, and the
// same answer every time for the same conversation.
import { describe, expect, it } from 'vitest';
import { analyseOffline, createOfflineProvider } from '../../../src/main/services/assist/offline-provider';
import { createAssistEngine } from '../../../src/main/services/assist/assist-engine';
import type { AssistUpdate } from '../../../src/shared/domain/assist';
import type { ConversationView } from '../../../src/shared/domain/conversation';
import {
  angryVipConversation,
  doubleChargeConversation,
  lateDeliveryConversation,
  passwordResetConversation,
  refundConversation,
} from './conversations';
import { createInMemoryKb } from './in-memory-kb';

const kb = createInMemoryKb();
const analyse = (conversation: ConversationView) => analyseOffline(conversation, kb);

describe('refund for a delivered order', () => {
  const result = analyse(refundConversation());

  it('detects a refund request', () => {
    expect(result.intents[0]?.name).toBe('refund');
  });

  it('offers a return label, naming the order, the delivery date and the return window', () => {
    const [first] = result.suggestions;
    expect(first?.title).toBe('Offer a return label');
    expect(first?.reason).toBe('Order 3348917502 was delivered on 12 Nov; it is inside the 30-day return window.');
    expect(first?.reply).toContain('Anna');
    expect(first?.reply).toContain('€94');
    expect(first?.kbArticleId).toBe('kb-returns');
  });

  it('summarises with the customer words and the order fact', () => {
    expect(result.summary.source).toBe('offline');
    expect(result.summary.intent).toBe('refund');
    expect(result.summary.summary).toContain('money back');
    expect(result.summary.summary).toContain('Order 3348917502: delivered 12 Nov');
    expect(result.summary.recommendedAction).toMatch(/^Offer a return label: Order 3348917502/);
  });

  it('explains the window instead when the delivery is too old', () => {
    const conversation = refundConversation();
    const order = conversation.crm?.orders?.[0];
    if (order) order.deliveredAt = '2026-09-01T10:00:00Z';
    const [first] = analyse(conversation).suggestions;
    expect(first?.title).toBe('Explain the 30-day return window');
    expect(first?.reason).toContain('delivered on 1 Sep, 80 days ago: outside the 30-day return window');
  });

  it('reads the return window from the knowledge base', () => {
    const custom = createInMemoryKb([
      { id: 'kb-r14', title: 'Returns policy', body: 'Items can be returned within 14 days of delivery. We email a prepaid return label.', category: 'returns', language: 'en', updatedAt: '2026-01-01T00:00:00Z' },
    ]);
    const [first] = analyseOffline(refundConversation(), custom).suggestions;
    expect(first?.reason).toContain('inside the 14-day return window');
    expect(first?.kbArticleId).toBe('kb-r14');
  });
});

describe('late delivery', () => {
  const result = analyse(lateDeliveryConversation());

  it('checks the tracking for the named order with its age, then offers the shipping refund', () => {
    expect(result.intents[0]?.name).toBe('late_delivery');
    const [first, second] = result.suggestions;
    expect(first?.title).toBe('Check the tracking for order 5512093311');
    expect(first?.reason).toContain('placed on 10 Nov (10 days ago)');
    expect(first?.reason).toContain('"shipped"');
    expect(second?.title).toBe('Apologise and refund the shipping cost');
    expect(second?.kbArticleId).toBe('kb-late-delivery');
  });

  it('opens an investigation when the order is marked delivered but did not arrive', () => {
    const conversation = lateDeliveryConversation();
    const order = conversation.crm?.orders?.[0];
    if (order) Object.assign(order, { status: 'delivered', deliveredAt: '2026-11-18T12:00:00Z' });
    const [first] = analyse(conversation).suggestions;
    expect(first?.title).toBe('Open a missing-parcel investigation');
    expect(first?.reason).toContain('marked delivered on 18 Nov');
  });
});

describe('billing dispute', () => {
  it('confirms the duplicate when the CRM shows two identical charges', () => {
    const result = analyse(doubleChargeConversation());
    expect(result.intents[0]?.name).toBe('billing_dispute');
    const [first] = result.suggestions;
    expect(first?.title).toBe('Confirm the duplicate charge and refund it');
    expect(first?.reason).toContain('Two charges of €49.99 for order 7781200456 both on 15 Nov');
    expect(first?.reply).toContain('€49.99');
  });

  it('asks to check the payment history when the data shows one charge only', () => {
    const conversation = doubleChargeConversation();
    const order = conversation.crm?.orders?.[0] as Record<string, unknown> | undefined;
    if (order) order.charges = [{ amount: 49.99, currency: 'EUR', at: '2026-11-15T09:00:05Z' }];
    const [first] = analyse(conversation).suggestions;
    expect(first?.title).toBe('Check the payment history for a duplicate');
  });

  it('finds the duplicate from the amount the customer typed', () => {
    const conversation = doubleChargeConversation();
    conversation.crm = undefined;
    const first = conversation.messages[0];
    if (first) first.text = 'You charged me £12.50 twice this morning!';
    const [action] = analyse(conversation).suggestions;
    expect(action?.reason).toContain('Two charges of £12.50');
  });
});

describe('password reset', () => {
  it('sends a reset link and checks two-factor because the customer mentions codes', () => {
    const result = analyse(passwordResetConversation());
    expect(result.intents[0]?.name).toBe('password_reset');
    expect(result.suggestions.map((s) => s.title).slice(0, 2)).toEqual(['Send a password reset link', 'Check two-factor authentication']);
    expect(result.suggestions[1]?.reason).toContain('verification codes');
    expect(result.suggestions[0]?.kbArticleId).toBe('kb-password-reset');
  });
});

describe('angry VIP', () => {
  const result = analyse(angryVipConversation());

  it('empathises first, then fixes the concrete problem, then treats them as VIP', () => {
    expect(result.mood).toBeLessThanOrEqual(-0.4);
    expect(result.suggestions.map((s) => s.title)).toEqual([
      'Acknowledge the frustration first',
      'Check the tracking for order 9000123457',
      'Prioritise this VIP customer and offer goodwill',
    ]);
    expect(result.suggestions[2]?.reason).toContain('Platinum customer since 2019');
    expect(result.suggestions[0]?.reply).toContain('Elena');
  });

  it('summarises the concrete issue, not just the anger, and recommends the fix behind the empathy', () => {
    expect(result.summary.intent).toBe('late_delivery');
    expect(result.summary.summary).toMatch(/^Late delivery\. Platinum customer says:/);
    expect(result.summary.summary).toContain('9000123457');
    expect(result.summary.recommendedAction).toMatch(/^Acknowledge the frustration, then check the tracking for order 9000123457/);
  });
});

describe('general behaviour', () => {
  it('never gives more than three suggestions, each with a title and a reason', () => {
    for (const make of [refundConversation, lateDeliveryConversation, doubleChargeConversation, passwordResetConversation, angryVipConversation]) {
      const { suggestions } = analyse(make());
      expect(suggestions.length).toBeGreaterThan(0);
      expect(suggestions.length).toBeLessThanOrEqual(3);
      for (const s of suggestions) expect(s.title && s.reason && s.id).toBeTruthy();
      expect(new Set(suggestions.map((s) => s.id)).size).toBe(suggestions.length);
    }
  });

  it('is deterministic: the same conversation gives the same suggestions, ids and summary', () => {
    const a = analyseOffline(angryVipConversation(), createInMemoryKb());
    const b = analyseOffline(angryVipConversation(), createInMemoryKb());
    expect(b.suggestions).toEqual(a.suggestions);
    expect(b.summary).toEqual({ ...a.summary, handoffId: b.summary.handoffId });
  });

  it('keeps a suggestion id when only unrelated parts of the conversation change', () => {
    const before = analyse(refundConversation()).suggestions[0]?.id;
    const conversation = refundConversation();
    conversation.messages.push({ id: 'x', handoffId: conversation.handoffId, role: 'agent', text: 'Let me check.', at: '2026-11-20T10:02:30Z' });
    expect(analyse(conversation).suggestions[0]?.id).toBe(before);
  });

  it('asks what the customer needs when nothing is recognisable', () => {
    const conversation = passwordResetConversation();
    conversation.messages = [{ id: 'm', handoffId: conversation.handoffId, role: 'customer', text: 'Hello?', at: '2026-11-20T10:00:00Z' }];
    expect(analyse(conversation).suggestions[0]?.title).toBe('Ask what the customer needs');
  });

  it('uses the bot summary and recommended action when the bot sent them', () => {
    const conversation = { ...refundConversation(), summary: 'Wants to return shoes bought on 8 Nov.', recommendedAction: 'Send a return label.' };
    expect(analyse(conversation).summary).toMatchObject({ summary: 'Wants to return shoes bought on 8 Nov.', recommendedAction: 'Send a return label.', source: 'bot' });
  });

  it('uses the bot intent as evidence', () => {
    const conversation = passwordResetConversation();
    conversation.messages = [{ id: 'm', handoffId: conversation.handoffId, role: 'customer', text: 'I need help please.', at: '2026-11-20T10:00:00Z' }];
    conversation.intent = { name: 'order.cancel', confidence: 0.9 };
    expect(analyse(conversation).intents[0]?.name).toBe('cancel_order');
  });
});

describe('the offline stream', () => {
  it('emits one streaming update per suggestion, then done, through the engine', async () => {
    const engine = createAssistEngine({ settings: () => ({ provider: 'offline' }), kb });
    expect(engine.providerName).toBe('offline');
    const updates: AssistUpdate[] = [];
    await engine.suggest(refundConversation(), { requestId: 'r1', signal: new AbortController().signal, onUpdate: (u) => updates.push(u) });
    const final = updates.at(-1);
    expect(final?.status).toBe('done');
    expect(updates.filter((u) => u.status === 'streaming').map((u) => u.suggestions.length)).toEqual(
      final?.suggestions.map((_, i) => i + 1),
    );
    expect(updates.every((u) => u.provider === 'offline' && u.requestId === 'r1')).toBe(true);
    expect(final?.articles?.[0]?.id).toBe('kb-returns');
  });

  it('reports cancelled when asked after the signal was aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const updates: AssistUpdate[] = [];
    await createOfflineProvider(kb).suggest(refundConversation(), { requestId: 'r2', signal: controller.signal, onUpdate: (u) => updates.push(u) });
    expect(updates.map((u) => u.status)).toEqual(['cancelled']);
  });

  it('offline summaries through the engine need no network', async () => {
    const engine = createAssistEngine({ settings: () => ({ provider: 'offline' }), kb });
    const summary = await engine.summarize(lateDeliveryConversation());
    expect(summary.source).toBe('offline');
    expect(summary.summary).toContain('5512093311');
  });
});
