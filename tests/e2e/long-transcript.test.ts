// A 3,000-message conversation in the real desk: the transcript (react-virtuoso) keeps only a window of rows in
// the DOM, opens at the newest message with only the newest page loaded, loads earlier pages as the agent scrolls up, keeps the reader's place when they scrolled up and a message arrives
// (counting it in the "new messages" pill), jumps down from the pill, and follows new messages at the bottom.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { billingDispute, startDeskStack, type DeskStack } from './harness';

const TURNS = 3_000;

describe('a 3,000-message transcript', () => {
  let stack: DeskStack;
  beforeAll(async () => {
    stack = await startDeskStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('windows the rows, starts at the bottom, keeps the place when scrolled up and counts what arrived', async () => {
    const { page } = stack;
    const conversationId = `long-${randomUUID()}`;
    const start = Date.now() - TURNS * 1_000;
    const request = billingDispute(conversationId);
    request.transcript = Array.from({ length: TURNS }, (_, i) => ({
      role: i % 2 ? ('bot' as const) : ('customer' as const),
      text: `turn ${i + 1} of ${TURNS}: ${i % 7 === 0 ? 'a longer customer message that wraps onto a second line because it keeps explaining the double charge on the card statement in detail' : 'short'}`,
      at: new Date(start + i * 1_000).toISOString(),
    }));
    await stack.postHandoff(request);

    const offer = page.getByTestId('offer-card').filter({ hasText: 'Crystal Minh' });
    await offer.getByTestId('accept-offer').click();
    const transcript = page.getByTestId('transcript');
    await transcript.getByText(`turn ${TURNS} of ${TURNS}: short`).waitFor();

    // Only a window of the 3,000 rows is in the DOM.
    const rendered = await transcript.locator('[data-testid=message]').count();
    expect(rendered).toBeGreaterThan(3);
    expect(rendered).toBeLessThan(150);

    const gapToBottom = () => transcript.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);
    await expect.poll(gapToBottom).toBeLessThanOrEqual(2);

    // The newest page came first; the top of the list says how many earlier messages are still to load.
    const oldestShown = transcript.getByText(`turn 2801 of ${TURNS}:`, { exact: false });
    await transcript.evaluate((el) => el.scrollTo({ top: 0 }));
    const topBefore = await oldestShown.evaluate((el) => Math.round(el.getBoundingClientRect().top));
    await expect.poll(() => transcript.getByTestId('transcript-earlier').innerText()).toMatch(/^(2,800 earlier messages: scroll up to load|Loading earlier messages…)$/);
    // The earlier page is put above without moving what the agent is reading.
    await expect.poll(() => transcript.getByTestId('transcript-earlier').innerText()).toBe('2,300 earlier messages: scroll up to load');
    expect(Math.abs((await oldestShown.evaluate((el) => Math.round(el.getBoundingClientRect().top))) - topBefore)).toBeLessThanOrEqual(2);

    // Scrolling up loads the earlier pages until the first turn is there; the last is not in the DOM any more.
    const firstTurn = transcript.getByText(`turn 1 of ${TURNS}:`, { exact: false }).first();
    await expect
      .poll(async () => {
        await transcript.evaluate((el) => el.scrollTo({ top: 0 }));
        return firstTurn.count();
      }, { timeout: 30_000 })
      .toBe(1);
    await expect.poll(() => transcript.getByTestId('transcript-earlier').count()).toBe(0);
    expect(await transcript.locator('[data-testid=message]').count()).toBeLessThan(150);
    await expect.poll(() => transcript.getByText(`turn ${TURNS} of ${TURNS}: short`).count()).toBe(0);

    // A message arrives while the agent reads the top: the place is kept and the pill counts it.
    const firstTop = () => transcript.getByText(`turn 1 of ${TURNS}:`, { exact: false }).first().evaluate((el) => Math.round(el.getBoundingClientRect().top));
    const before = await firstTop();
    await stack.customerSays(conversationId, 'Are you still there? I am waiting for the refund.', randomUUID());
    const pill = page.getByTestId('new-messages-pill');
    await pill.waitFor();
    expect(await pill.innerText()).toMatch(/^1 new message/);
    expect(await firstTop()).toBe(before);
    await expect(transcript.getByText('Are you still there?').count()).resolves.toBe(0);

    // The pill jumps to the bottom and goes away.
    await pill.click();
    await transcript.getByText('Are you still there?').waitFor();
    await pill.waitFor({ state: 'detached' });
    await expect.poll(gapToBottom).toBeLessThanOrEqual(2);

    // At the bottom, new messages are followed without a pill.
    await stack.customerSays(conversationId, 'Hello? Refund please.', randomUUID());
    await transcript.getByText('Hello? Refund please.').waitFor();
    await expect.poll(gapToBottom).toBeLessThanOrEqual(2);
    expect(await pill.count()).toBe(0);
  });
});
