// The offline provider over the real seed knowledge base (resources/seed/kb.json): each scenario's actions link
// the article an agent would open for it.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyseOffline } from '../../../src/main/services/assist/offline-provider';
import { angryVipConversation, customerSays, doubleChargeConversation, lateDeliveryConversation, passwordResetConversation, refundConversation } from './conversations';
import { createInMemoryKb, seedArticles } from './in-memory-kb';

const seedPath = path.resolve(import.meta.dirname, '../../../resources/seed/kb.json');

// No silent skip: if the seed moves, this suite must fail and say where it looked.
it('finds the seed knowledge base', () => {
  expect(fs.existsSync(seedPath), `seed knowledge base not found at ${seedPath}`).toBe(true);
});

describe('offline actions over the seed knowledge base', () => {
  const kb = createInMemoryKb(seedArticles());
  const linked = (make: () => Parameters<typeof analyseOffline>[0]) => analyseOffline(make(), kb).suggestions.map((s) => s.kbArticleId);

  it.each([
    ['refund', refundConversation, 'kb-return-label'],
    ['late delivery', lateDeliveryConversation, 'kb-late-delivery'],
    ['double charge', doubleChargeConversation, 'kb-double-charge'],
    ['password reset', passwordResetConversation, 'kb-password-reset'],
    ['angry VIP', angryVipConversation, 'kb-vip-service'],
  ])('%s links %s', (_, make, articleId) => {
    expect(linked(make)).toContain(articleId);
  });

  it('reads the 30-day window from the returns article, not the refund-timing day counts', () => {
    expect(analyseOffline(refundConversation(), kb).suggestions[0]?.reason).toContain('inside the 30-day return window');
  });
});

describe('a long conversation', () => {
  const kb = createInMemoryKb(seedArticles());
  it('is read by its opening and latest turns: 600 old middle turns about a password do not outvote the double charge', () => {
    const middle = Array.from({ length: 600 }, (_, i) => `Earlier, turn ${i}: I could not reset my password, the reset link never arrived.`);
    const long = customerSays([
      'I was charged twice for the same order, two identical payments are on my card statement.',
      ...middle,
      ...Array.from({ length: 40 }, (_, i) => `Now, turn ${i}: I was charged twice, when do I get the duplicate payment back?`),
    ]);
    const analysis = analyseOffline(long, kb);
    expect(analysis.intents[0]?.name).toBe('billing_dispute');
    expect(analysis.suggestions.map((s) => s.kbArticleId)).toContain('kb-double-charge');
  });
});
