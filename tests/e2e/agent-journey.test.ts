// The whole warm hand-off as an agent plays it, keyboard first: offer notification, accept with Alt+A, read the
// summary, CRM and hand-off cards, insert a streamed suggestion with Alt+1, search the knowledge base from its
// hotkey, reply with Ctrl+Enter, wrap up with Alt+W. Saves screenshots of the journey (journey-*.png; the README's
// desk screenshots come from desk-layout.test.ts at three sizes; by default they go to test-results/).
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billingDispute, startDeskStack, type DeskStack } from './harness';

const shots = resolve(process.env.BATON_SCREENSHOTS_DIR ?? 'test-results/screenshots');

describe('agent journey through a warm hand-off', () => {
  let stack: DeskStack;
  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    stack = await startDeskStack();
    // Record the web notifications the desk raises (the browser host uses the Notification API).
    await stack.context.grantPermissions(['notifications'], { origin: new URL(stack.deskUrl).origin });
    await stack.page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { __notifications: string[] }).__notifications = seen;
      const Real = window.Notification;
      class Recording extends Real {
        constructor(title: string, options?: NotificationOptions) {
          super(title, options);
          seen.push(`${title}: ${options?.body ?? ''}`);
        }
      }
      Object.defineProperty(Recording, 'permission', { get: () => Real.permission });
      window.Notification = Recording as typeof Notification;
    });
    await stack.page.reload();
    await stack.page.getByTestId('status-bar').getByText('Online').waitFor();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('plays offer → accept → assist → knowledge base → reply → wrap-up from the keyboard', async () => {
    const { page } = stack;
    const conversationId = `journey-${randomUUID()}`;
    const posted = await stack.postHandoff(billingDispute(conversationId));

    // A new offer: notification, waiting count in the title.
    const offer = page.getByTestId('offer-card').filter({ hasText: 'Crystal Minh' });
    await offer.waitFor();
    await expect.poll(() => page.evaluate(() => (window as unknown as { __notifications: string[] }).__notifications.join('\n'))).toContain('Crystal Minh');
    await expect.poll(() => page.title()).toMatch(/^\(1\)/);
    await page.screenshot({ path: join(shots, 'desk-offer.png') });

    // Accept with the keyboard; focus lands in the composer.
    await page.keyboard.press('Alt+A');
    const workspace = page.getByTestId('workspace');
    await workspace.getByText('I was charged twice for order 3348917502.').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('composer');

    // The agent starts with the whole story: what the customer was told, the CRM, an AI summary.
    const handoffCard = page.getByTestId('handoff-card');
    // The card shows the latest telling: at the offer the customer was told they are being connected.
    const told = (await stack.customerEvents(conversationId)).filter((e) => e.type === 'expectation').at(-1)?.text ?? posted.customerMessage;
    expect(told).toMatch(/being connected/);
    await expect.poll(() => handoffCard.innerText()).toContain(told.slice(0, 40));
    const crm = page.getByTestId('crm-card');
    await expect.poll(() => crm.innerText()).toContain('3348917502');
    await expect(crm.innerText()).resolves.toMatch(/premium/i);
    await expect.poll(async () => (await page.getByTestId('summary-text').innerText()).length).toBeGreaterThan(20);

    // A customer message refreshes the next-best actions; Alt+1 inserts the first one's reply.
    await stack.customerSays(conversationId, 'Can you refund the duplicate charge please? It was $94.', randomUUID());
    await workspace.getByText('Can you refund the duplicate charge please?').waitFor();
    const firstSuggestion = page.getByTestId('suggestion-item').first();
    await firstSuggestion.waitFor();
    await page.getByTestId('composer').focus();
    await page.keyboard.press('Alt+1');
    const inserted = await page.getByTestId('composer').inputValue();
    expect(inserted.length).toBeGreaterThan(10);
    await page.screenshot({ path: join(shots, 'journey-conversation.png') });

    // Knowledge base from its hotkey, with highlighted matches.
    await page.keyboard.press('Control+Shift+F');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('kb-search');
    await page.keyboard.type('refund');
    const result = page.getByTestId('kb-result').first();
    await result.waitFor();
    await expect(result.locator('mark').first().innerText()).resolves.toMatch(/refund/i);

    // Reply with Ctrl+Enter; the customer side reads exactly what was sent.
    await page.getByTestId('composer').focus();
    await page.keyboard.press('Control+Enter');
    await workspace.locator('[data-testid=message][data-role=agent]', { hasText: inserted.slice(0, 30) }).waitFor();
    await expect.poll(async () => (await stack.customerEvents(conversationId)).filter((e) => e.type === 'message').map((e) => e.text)).toContain(inserted.trim());

    // Dark theme, for the README.
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: join(shots, 'journey-conversation-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });

    // Wrap up from the keyboard: resolved, a disposition, notes, CSAT request to the customer.
    await page.keyboard.press('Alt+W');
    const dialog = page.getByTestId('wrapup-dialog');
    await dialog.waitFor();
    await page.getByTestId('wrapup-disposition').selectOption('Refund issued');
    await page.getByTestId('wrapup-notes').fill('Duplicate $94 charge refunded.');
    await page.screenshot({ path: join(shots, 'desk-wrapup.png') });
    await page.getByTestId('wrapup-submit').click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(async () => (await stack.customerEvents(conversationId)).map((e) => e.type)).toEqual(expect.arrayContaining(['csat.requested', 'conversation.ended']));
  });
});
