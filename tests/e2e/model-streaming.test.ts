// With an OpenAI-compatible endpoint configured, next-best actions stream into the desk's suggestions panel
// one by one, and nothing personal leaves the machine. The endpoint is a real local HTTP server speaking the
// OpenAI streaming format (tests/support/fake-openai-server.ts): no real model is reachable here.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, tokenise, type FakeOpenAI } from '../support/fake-openai-server';
import { billingDispute, startDeskStack, type DeskStack } from './harness';

const suggestions = {
  suggestions: [
    { title: 'Confirm the duplicate charge', reason: 'Two $94 charges for order 3348917502 on Nov 20.', reply: 'I can see both $94 charges on your card.' },
    { title: 'Refund the second charge', reason: 'The duplicate is a capture error; refund it today.', reply: "I've refunded the duplicate $94; allow 3-5 business days." },
    { title: 'Offer a goodwill credit', reason: 'Premium account, second billing issue this year.', reply: "I've also added a $10 credit for the trouble." },
  ],
};
const summary = { summary: 'Customer was charged twice ($94) for order 3348917502.', recommendedAction: 'Refund the duplicate charge.', intent: 'billing_dispute' };

describe('assist with a model endpoint', () => {
  let model: FakeOpenAI;
  let stack: DeskStack;
  beforeAll(async () => {
    model = await startFakeOpenAI((request) => {
      const system = request.body.messages?.[0]?.content ?? '';
      const answer = JSON.stringify(/takes? over a conversation from a chatbot/i.test(system) && /"summary"/.test(system) ? summary : suggestions);
      // Slow enough that the panel visibly fills one suggestion at a time.
      return { chunks: tokenise(answer, 12), delayMs: 15 };
    });
    stack = await startDeskStack({ env: { OPENAI_BASE_URL: `${model.baseUrl}/v1`, OPENAI_API_KEY: 'sk-test-local', BATON_MODEL: 'test-model' } });
  });
  afterAll(async () => {
    await stack?.close();
    await model?.close();
  });

  it('streams the model’s next-best actions into the panel and sends it no personal data', async () => {
    const { page } = stack;
    const conversationId = `model-${randomUUID()}`;
    await stack.postHandoff(billingDispute(conversationId));
    await page.getByTestId('offer-card').filter({ hasText: 'Crystal Minh' }).getByTestId('accept-offer').click();
    await page.getByTestId('workspace').getByText('I was charged twice for order 3348917502.').waitFor();

    await stack.customerSays(conversationId, 'Please refund it to my card 4111 1111 1111 1111, or email me at crystal@example.com', randomUUID());
    const items = page.getByTestId('suggestion-item');
    // Watch the panel fill: the count must pass through intermediate values before reaching three.
    const counts = new Set<number>();
    await expect
      .poll(async () => {
        const n = await items.count();
        counts.add(n);
        return n;
      }, { interval: 20, timeout: 20_000 })
      .toBe(3);
    expect([...counts].some((n) => n > 0 && n < 3)).toBe(true);
    await expect(items.nth(1).innerText()).resolves.toContain('Refund the second charge');
    await expect(page.getByTestId('provider-name').innerText()).resolves.toMatch(/openai|model/i);

    // Alt+2 inserts the model's second reply.
    await page.getByTestId('composer').focus();
    await page.keyboard.press('Alt+2');
    await expect(page.getByTestId('composer').inputValue()).resolves.toContain('refunded the duplicate $94');

    const sent = model.requests.map((r) => r.raw).join('\n');
    expect(model.requests.length).toBeGreaterThan(0);
    expect(sent).toContain('3348917502');
    for (const secret of ['4111 1111 1111 1111', 'crystal@example.com', '+1 555 0100', 'Crystal Minh']) expect(sent).not.toContain(secret);
  });
});
