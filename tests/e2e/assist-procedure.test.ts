// The procedure beside the suggestions, as an agent sees it: accept a late-delivery hand-off whose customer has
// already written; suggestions are there at once (no new customer message needed), the matched procedure shows
// with the step the hand-off already covers ticked, the agent's reply ticks the step it carries out, and a step
// ticked by hand moves the next one on. The header and the CRM card agree on the tier. Screenshots at three
// laptop and desktop sizes (BATON_SCREENSHOTS_DIR=docs/screenshots refreshes the README's).
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandoffRequest } from '../../src/shared/domain/handoff';
import { billingDispute, startDeskStack, type DeskStack } from './harness';

const shots = resolve(process.env.BATON_SCREENSHOTS_DIR ?? 'test-results/screenshots');

function lateDelivery(conversationId: string): HandoffRequest {
  const t = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
  return {
    conversationId,
    customer: { id: 'c-77', name: 'Oliver Brandt', tier: 'standard', language: 'en' },
    transcript: [
      { role: 'bot', text: 'Hi Oliver! What can I do for you?', at: t(6) },
      { role: 'customer', text: 'My order was supposed to be here on Monday and it is Thursday now', at: t(5) },
      { role: 'bot', text: 'I am sorry for the delay. Can you give me your order number?', at: t(5) },
      { role: 'customer', text: 'It is 3301876. I took the day off to wait for it, so I am not happy', at: t(4) },
    ],
    reason: { trigger: 'customer_request', detail: 'Customer asked for a person about a late order' },
    sentiment: -0.3,
    crm: {
      accountType: 'premium',
      customerSince: '2019-03-02T00:00:00.000Z',
      orders: [{ id: '3301876', status: 'in transit', total: 219, currency: 'EUR', placedAt: t(60 * 24 * 8) }],
    },
    queue: 'orders',
    skills: ['orders'],
  };
}

describe('assist follows the procedure in the desk', () => {
  let stack: DeskStack;
  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    stack = await startDeskStack({ viewport: { width: 1440, height: 900 } });
    await stack.page.getByTestId('status-bar').getByText('Online').waitFor();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('shows the procedure with done steps ticked, ready on accept, and moves on as the agent works', async () => {
    const { page } = stack;
    const conversationId = `procedure-${randomUUID()}`;
    await stack.postHandoff(lateDelivery(conversationId));
    await page.getByTestId('offer-card').filter({ hasText: 'Oliver Brandt' }).waitFor();
    await page.keyboard.press('Alt+A');
    const workspace = page.getByTestId('workspace');
    await workspace.getByText('It is 3301876.', { exact: false }).waitFor();

    // Suggestions without waiting for the customer's next message (the customer already wrote twice).
    const suggestions = page.getByTestId('suggestions-panel');
    await suggestions.getByTestId('suggestion-item').first().waitFor();
    await expect(suggestions.innerText()).resolves.not.toContain('appear when the customer writes');

    // The matched procedure: finding the order is done (it is named and in the CRM), the tracking check is next.
    const panel = page.getByTestId('procedure-panel');
    await expect.poll(() => panel.getByTestId('procedure-title').innerText()).toBe('Late delivery: what to do');
    const step = (id: string) => panel.locator(`[data-testid=procedure-step][data-step-id="${id}"]`);
    await expect(step('verify').getAttribute('data-done')).resolves.toBe('true');
    await expect(step('check-tracking').innerText()).resolves.toContain('Next');
    await expect(suggestions.getByTestId('suggestion-item').first().innerText()).resolves.toContain('Open the tracking page');
    await expect(panel.getByTestId('procedure-request').innerText()).resolves.toContain('supposed to be here on Monday');

    // One tier everywhere: the CRM's account type.
    await expect(page.getByTestId('header-tier').innerText()).resolves.toBe('Premium');
    await expect(page.getByTestId('crm-account-type').innerText()).resolves.toBe('Premium');

    // The agent's reply carries out the tracking check: it is ticked, and the next step moves on.
    await page.getByTestId('composer').fill('I have checked the tracking: the carrier scanned order 3301876 at their depot last night.');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => step('check-tracking').getAttribute('data-done')).toBe('true');
    await expect.poll(() => step('share-estimate').innerText()).toContain('Next');

    // A step done outside the chat is ticked by hand; it stays ticked and the suggestions follow.
    await step('share-estimate').getByRole('checkbox').check();
    await expect.poll(() => step('share-estimate').getAttribute('data-done')).toBe('true');
    await expect.poll(() => step('investigate').innerText()).toContain('Next');
    await expect.poll(() => suggestions.getByTestId('suggestion-item').first().innerText()).toContain('carrier investigation');
    await expect(panel.getByTestId('procedure-progress').innerText()).resolves.toBe('3 of 5 done');

    for (const [width, height] of [[1366, 768], [1440, 900], [1920, 1080]] as const) {
      await page.setViewportSize({ width, height });
      // The suggestions at the top of the rail, the procedure right below them.
      await suggestions.evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await page.screenshot({ path: join(shots, `desk-procedure-${width}x${height}.png`) });
      // And the procedure's steps in full, the done ones ticked.
      await panel.evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await page.screenshot({ path: join(shots, `desk-procedure-steps-${width}x${height}.png`) });
    }
  });

  it('words a double charge for a VIP right: no return of the order, "VIP" not "Vip", a quote closed before the order', async () => {
    const { page } = stack;
    await page.setViewportSize({ width: 1440, height: 900 });
    const conversationId = `double-${randomUUID()}`;
    const request = billingDispute(conversationId);
    await stack.postHandoff({
      ...request,
      customer: { ...request.customer, name: 'Vera Quinn' },
      summary: undefined,
      crm: { ...request.crm, accountType: 'vip', customerSince: '2015-06-01T00:00:00.000Z', orders: [{ id: '3348917502', status: 'shipped', total: 94, currency: 'USD' }] },
    });
    await page.getByTestId('offer-card').filter({ hasText: 'Vera Quinn' }).getByRole('button', { name: /accept/i }).click();
    await page.getByTestId('workspace').getByText('I was charged twice for order 3348917502.').waitFor();
    const suggestions = page.getByTestId('suggestions-panel');
    await suggestions.getByTestId('suggestion-item').first().waitFor();
    await expect.poll(() => page.getByTestId('procedure-title').innerText()).toBe('Charged twice / billing dispute');
    const text = await suggestions.innerText();
    expect(text).toContain('VIP customer since 2015');
    expect(text).not.toMatch(/\bVip\b/);
    expect(text).not.toMatch(/return (it|the order|label)|send it back|refuse the delivery/i);
    await expect.poll(() => page.getByTestId('summary-text').innerText()).toMatch(/" Order 3348917502: shipped\.|"\. Order 3348917502: shipped\./);
    await expect(page.getByTestId('header-tier').innerText()).resolves.toBe('VIP');
  });
});
