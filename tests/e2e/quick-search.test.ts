// The quick-search page that the Electron global hotkey opens: knowledge base only, keyboard driven, Enter
// copies the chosen article's snippet. Driven here through the browser host with the same renderer build.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeskStack, type DeskStack } from './harness';

describe('quick-search window', () => {
  let stack: DeskStack;
  beforeAll(async () => {
    stack = await startDeskStack({ viewport: { width: 560, height: 420 } });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('searches the knowledge base as you type and copies the chosen snippet with Enter', async () => {
    const { context } = stack;
    const url = new URL(stack.deskUrl);
    const secret = new URLSearchParams(url.hash.slice(1)).get('k');
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: url.origin });
    // A page of its own, as the Electron host opens a window of its own.
    const page = await context.newPage();
    await page.goto(`${url.origin}/#/quick-search&k=${secret}`);
    const box = page.getByTestId('quick-search').getByRole('searchbox');
    await box.waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('search');
    await page.keyboard.type('passw');
    const options = page.getByRole('option');
    await options.first().waitFor();
    await expect(options.first().innerText()).resolves.toMatch(/password/i);

    await page.keyboard.press('ArrowDown');
    await expect(options.nth(1).getAttribute('aria-selected')).resolves.toBe('true');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await page.getByText(/^Copied "/).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied.toLowerCase()).toContain('password');
    // The quick window shows no inbox: it is not a second desk.
    expect(await page.getByTestId('offer-card').count()).toBe(0);
  });
});
