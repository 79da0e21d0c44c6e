// The walking skeleton, end to end: a bot POSTs a hand-off to the real hub, it appears in the real desk in
// Chromium, the agent accepts and replies, and the customer side of the hub can read the reply.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billingDispute, startDeskStack, type DeskStack } from './harness';

describe('warm hand-off walking skeleton', () => {
  let stack: DeskStack;
  beforeAll(async () => {
    stack = await startDeskStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('delivers a posted hand-off to the desk, and the agent reply to the customer side', async () => {
    const { page } = stack;
    const conversationId = `skeleton-${randomUUID()}`;
    const handoff = await stack.postHandoff(billingDispute(conversationId));
    expect(handoff.customerMessage).toMatch(/billing/i);

    const offer = page.getByTestId('offer-card').filter({ hasText: 'Crystal Minh' });
    await offer.waitFor();
    await offer.getByTestId('accept-offer').click();

    const transcript = page.getByTestId('workspace');
    await transcript.getByText('I was charged twice for order 3348917502.').waitFor();
    await expect(transcript.locator('[data-testid=message][data-role=bot]').first().isVisible()).resolves.toBe(true);

    const reply = 'Hi Crystal, I can see both $94 charges. I am refunding the duplicate now.';
    await page.getByTestId('composer').fill(reply);
    await page.getByTestId('send-button').click();
    await transcript.locator('[data-testid=message][data-role=agent]', { hasText: reply }).waitFor();

    // The customer side (what the bot shows) reads the agent joining and the reply, in order.
    let events: Awaited<ReturnType<DeskStack['customerEvents']>> = [];
    for (let i = 0; i < 50 && !events.some((e) => e.type === 'message'); i++) {
      events = await stack.customerEvents(conversationId);
      if (!events.some((e) => e.type === 'message')) await new Promise((r) => setTimeout(r, 100));
    }
    const types = events.map((e) => e.type);
    expect(types.indexOf('agent.joined')).toBeGreaterThanOrEqual(0);
    expect(types.indexOf('agent.joined')).toBeLessThan(types.indexOf('message'));
    expect(events.find((e) => e.type === 'message')?.text).toBe(reply);
    expect(events.map((e) => e.seq)).toEqual([...events.map((e) => e.seq)].sort((a, b) => a - b));

    // And the customer's next message reaches the agent.
    await stack.customerSays(conversationId, 'Thank you! Will it show on my card this week?', randomUUID());
    await transcript.locator('[data-testid=message][data-role=customer]', { hasText: 'Will it show on my card this week?' }).waitFor();
  });
});
