// The desk laid out for a whole day's work, at 1366×768, 1440×900 and 1920×1080: knowledge-base results on a
// tab of their own so they show without scrolling the rail, Escape clearing the query, CRM values that wrap
// rather than push the rail sideways, bot and agent bubbles told apart by more than a label, and a composer
// that refuses a reply over the limit. Saves the README's desk screenshots (BATON_SCREENSHOTS_DIR=docs/screenshots).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billingDispute, startDeskStack, type DeskStack } from './harness';
import { atEachSize, hiddenParts, scrollsSideways, shotPath, VIEWPORTS } from './screens';
import type { HandoffRequest } from '../../src/shared/domain/handoff';
import type { Page } from 'playwright-core';

/** A customer whose CRM record has the long keys and values real CRMs send. */
function longCrm(conversationId: string): HandoffRequest {
  const base = billingDispute(conversationId);
  return {
    ...base,
    crm: {
      ...base.crm,
      attributes: {
        loyaltyPoints: 1200,
        preferredChannel: 'chat',
        shippingAddressLastUsedForTheDisputedOrder: '1200 North Lakeshore Boulevard, Apartment 4417, Chicago IL 60610, United States',
        accountPortalUrl: 'https://crm.example.com/accounts/c-42/billing/disputes/open?filter=duplicate-charges&sort=newest',
        internalReferenceNumberWithoutAnySpaces: 'REF-2026-11-20-0000000000000000000000000042-DUPLICATE',
      },
    },
  };
}

/** Whether the n-th match is fully in view right now, without scrolling anything. */
async function inViewNow(stack: DeskStack, selector: string, index: number): Promise<boolean> {
  return stack.page.evaluate(
    ({ selector, index }) => {
      const el = document.querySelectorAll(selector)[index];
      if (!el) return false;
      const r = el.getBoundingClientRect();
      const column = document.querySelector('.context-column')?.getBoundingClientRect();
      const bottom = Math.min(innerHeight, column?.bottom ?? innerHeight);
      return r.height > 0 && r.top >= 0 && r.bottom <= bottom + 1;
    },
    { selector, index },
  );
}

/** The computed colour a theme variable (e.g. "--danger") resolves to on the page. */
function themeColor(page: Page, variable: string): Promise<string> {
  return page.evaluate((v) => {
    const probe = document.createElement('span');
    probe.style.color = `var(${v})`;
    document.body.append(probe);
    const c = getComputedStyle(probe).color;
    probe.remove();
    return c;
  }, variable);
}

describe('the desk at a laptop’s size and up', () => {
  let stack: DeskStack;
  const conversationId = `layout-${randomUUID()}`;

  beforeAll(async () => {
    stack = await startDeskStack({ viewport: { width: 1440, height: 900 } });
    await stack.page.getByTestId('status-bar').getByText('Online').waitFor();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('keeps offers, the conversation, the CRM and the knowledge base in view, and tells bot from agent', async () => {
    const { page } = stack;
    await stack.postHandoff(longCrm(conversationId));
    await stack.postHandoff({
      ...billingDispute(`layout-2-${randomUUID()}`),
      customer: { id: 'c-77', name: 'Omar Haddad', tier: 'vip' },
      transcript: [
        { role: 'customer', text: 'My order 5521 was due on Monday and it still has not arrived.' },
        { role: 'bot', text: 'I am sorry about that. The carrier shows it delayed at the depot.' },
        { role: 'customer', text: 'This is the second time. I need someone to fix it today.' },
      ],
      intent: { name: 'late_delivery', confidence: 0.5 },
      reason: { trigger: 'vip', detail: 'VIP customer, late delivery' },
      queue: 'orders',
      skills: ['orders'],
    });
    await page.getByTestId('offer-card').filter({ hasText: 'Crystal Minh' }).waitFor();
    await page.getByTestId('offer-card').filter({ hasText: 'Omar Haddad' }).waitFor();
    await atEachSize(page, 'desk-inbox-offer');

    await page.getByTestId('offer-card').filter({ hasText: 'Crystal Minh' }).getByTestId('accept-offer').click();
    const workspace = page.getByTestId('workspace');
    await workspace.getByText('I was charged twice for order 3348917502.').waitFor();

    // Bot and agent bubbles: both on the company's side, but different at a glance (fill, avatar, label).
    const reply = 'Hi Crystal, I can see both $94 charges on order 3348917502. I am refunding the duplicate now.';
    await page.getByTestId('composer').fill(reply);
    await page.getByTestId('send-button').click();
    const agentBubble = workspace.locator('[data-testid=message][data-role=agent]', { hasText: 'refunding the duplicate' });
    await agentBubble.waitFor();
    const botBubble = workspace.locator('[data-testid=message][data-role=bot]').first();
    const look = (l: typeof botBubble) => l.evaluate((el) => ({ bg: getComputedStyle(el).backgroundColor, color: getComputedStyle(el).color, border: getComputedStyle(el).borderStyle }));
    const bot = await look(botBubble);
    const agent = await look(agentBubble);
    expect(agent.bg).not.toBe(bot.bg);
    expect(agent.color).not.toBe(bot.color);
    expect(bot.border).toBe('dashed');
    const accent = await themeColor(page, '--bubble-agent');
    expect(agent.bg).toBe(accent);
    await expect(workspace.locator('.row-bot .bubble-avatar').first().innerText()).resolves.toBe('BOT');
    await expect(workspace.locator('.row-agent .bubble-avatar').first().innerText()).resolves.toBe('M');

    // The customer answers; the next-best actions follow, and the agent starts from the first one.
    await stack.customerSays(conversationId, 'Thank you. Can you refund the duplicate charge to my card please?', randomUUID());
    await workspace.getByText('Can you refund the duplicate charge').waitFor();
    await page.getByTestId('suggestion-item').first().waitFor();
    await page.getByTestId('composer').focus();
    await page.keyboard.press('Alt+1');
    await expect.poll(async () => (await page.getByTestId('composer').inputValue()).length).toBeGreaterThan(10);

    // The CRM card: long keys and values wrap in their own columns; the rail never scrolls sideways.
    const crm = page.getByTestId('crm-card');
    await expect.poll(() => crm.innerText()).toContain('Lakeshore');
    await atEachSize(page, 'desk-conversation', async (size) => {
      const at = `${size.width}×${size.height}`;
      expect(await scrollsSideways(page, '.context-column'), `${at} rail scrolls sideways`).toBe(false);
      const overlaps = await page.evaluate(() => {
        const dts = [...document.querySelectorAll('[data-testid=crm-card] .facts dt')];
        return dts.flatMap((dt) => {
          const dd = dt.nextElementSibling;
          if (!dd) return [];
          const a = dt.getBoundingClientRect();
          const b = dd.getBoundingClientRect();
          const card = dt.closest('.card')?.getBoundingClientRect();
          const bad = a.right > b.left + 0.5 || (card !== undefined && (b.right > card.right + 0.5 || a.right > card.right + 0.5));
          return bad ? [`${dt.textContent} overlaps or leaves the card`] : [];
        });
      });
      expect(overlaps, at).toEqual([]);
      expect(await hiddenParts(page, '[data-testid=crm-card]'), `${at} CRM card`).toEqual([]);
      expect(await hiddenParts(page, '[data-testid=send-button]'), `${at} Send`).toEqual([]);
      await page.locator('.context-column').evaluate((el) => el.scrollTo(0, 0));
    });

    // The knowledge base from its hotkey: its own tab, the search focused, results in view without scrolling.
    await page.getByTestId('composer').focus();
    await page.keyboard.press('Control+Shift+F');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('kb-search');
    await expect(page.getByTestId('context-tab-kb').getAttribute('aria-selected')).resolves.toBe('true');
    await page.keyboard.type('refund');
    await expect.poll(() => page.getByTestId('kb-result').count()).toBeGreaterThanOrEqual(3);
    await atEachSize(page, 'desk-crm-kb', async (size) => {
      const at = `${size.width}×${size.height}`;
      // At least the first three results show whole, with the rail unscrolled.
      for (let i = 0; i < 3; i++) expect(await inViewNow(stack, '[data-testid=kb-result]', i), `${at} result ${i}`).toBe(true);
      expect(await page.locator('.context-column').evaluate((el) => el.scrollTop)).toBe(0);
    });

    // Escape clears the query; a second Escape goes back to the reply.
    await page.getByTestId('kb-search').focus();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('kb-search').inputValue()).resolves.toBe('');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('composer');

    // Back to the conversation tab: the hand-off card and the CRM are there again.
    await page.getByTestId('context-tab-context').click();
    await crm.waitFor();
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: shotPath('desk-conversation-dark', VIEWPORTS[1]) });
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('refuses a reply over the limit: Send disabled, the count in red, Enter does nothing', async () => {
    const { page } = stack;
    const composer = page.getByTestId('composer');
    const send = page.getByTestId('send-button');
    await composer.fill('x'.repeat(10_000));
    await expect(send.isEnabled()).resolves.toBe(true);
    await expect(page.getByTestId('composer-count').getAttribute('data-over')).resolves.toBeNull();
    await composer.fill('y'.repeat(20_000));
    await expect.poll(() => send.isDisabled()).toBe(true);
    const count = page.getByTestId('composer-count');
    await expect(count.innerText()).resolves.toMatch(/20,000 \/ 10,000 — 10,000 over the limit/);
    const red = await count.evaluate((el) => getComputedStyle(el).color);
    const danger = await themeColor(page, '--danger');
    expect(red).toBe(danger);
    // Enter is Send's shortcut: it must not get round the disabled button.
    const before = await page.locator('[data-testid=message][data-role=agent]').count();
    await composer.press('Enter');
    await page.waitForTimeout(300);
    await expect(page.locator('[data-testid=message][data-role=agent]').count()).resolves.toBe(before);
    await expect(page.locator('.toast-error').count()).resolves.toBe(0);
    // Trimmed back under the limit, it can be sent again.
    await composer.fill('z'.repeat(9_999));
    await expect.poll(() => send.isEnabled()).toBe(true);
    await composer.fill('');
  });
});
