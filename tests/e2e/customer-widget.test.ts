// The customer's side for real (issue 15), in Debian's Chromium: the demo chat page talks to the demo bot, which
// hands off; the page opens the hub's widget with the customer token; the desk (browser host) accepts and
// messages cross both ways; the hub is stopped and started again on the same port and data directory in
// mid-conversation, and nothing is lost or shown twice on either side; CSAT is asked once, only after the
// end, and thanked (issue 12 point 1); the ended conversation offers "Start a new conversation" instead of an
// input (issue 12 point 9). Then: a customer token cannot read another conversation, and the widget embedded by
// its script tag on a store page shows the agent typing, speaks French when asked, and passes axe-core.
// Screenshots go to BATON_SCREENSHOTS_DIR (default test-results/screenshots); the README's come from here.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../../src/demo/demo-server';
import { startHub, type HubOptions, type RunningHub } from '../../src/hub/server';
import { startWebHost } from '../../src/main/web/web-host';
import type { AgentEvent } from '../../src/shared/protocol/agent-socket';
import { silentLogger } from '../../src/shared/log';
import { billingDispute, BOT_KEY, chromiumArgs, chromiumPath } from './harness';

const root = resolve(import.meta.dirname, '../..');
const shots = resolve(process.env.BATON_SCREENSHOTS_DIR ?? 'test-results/screenshots');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const W = '[data-baton-widget]';
const part = (name: string): string => `${W} [data-part=${name}]`;

/** axe-core on the widget's root (its shadow tree included): the serious and critical violations, by rule. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Element, o: object): Promise<{ violations: { id: string; impact?: string; nodes: { target: unknown }[] }[] }> } }).axe;
    const host = document.querySelector('[data-baton-widget]');
    if (!host) throw new Error('no widget on the page');
    const r = await axe.run(host, { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${JSON.stringify(v.nodes.map((n) => n.target))}`);
  });
}

describe('the customer widget, end to end', () => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-widget-e2e-'));
  const hubOptions: HubOptions = { port: 0, dataDir: join(dir, 'hub'), botKeys: [BOT_KEY], seedKbFile: join(root, 'resources/seed/kb.json'), offerTimeoutMs: 120_000, logger: silentLogger };
  let hub: RunningHub;
  let web: Awaited<ReturnType<typeof startWebHost>>;
  let demo: DemoServer;
  let browser: Browser;
  let agent: { agentId: string; token: string };

  beforeAll(async () => {
    hub = await startHub(hubOptions);
    agent = hub.issueToken({ name: 'Maya Chen', role: 'agent', skills: ['billing', 'orders', 'general', 'tech'], capacity: 3 });
    web = await startWebHost({
      port: 0,
      rendererDir: join(root, 'out/renderer'),
      dataDir: join(dir, 'desk'),
      env: { ...process.env, BATON_HUB_URL: hub.url, BATON_AGENT_TOKEN: agent.token, OPENAI_API_KEY: '' },
      logger: silentLogger,
    });
    demo = await startDemoServer({
      hubUrl: hub.url,
      botKey: BOT_KEY,
      customers: [{ id: 'c-42', name: 'Crystal Minh', email: 'crystal@example.com', tier: 'standard', crm: { accountType: 'standard' } }],
      logger: silentLogger,
    });
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    mkdirSync(shots, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close().catch(() => {});
    await demo?.close();
    await web?.close();
    await hub?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('hands off from the bot to the widget, crosses a hub restart without losing or repeating a message, then asks for CSAT once and offers a new conversation', async () => {
    const desk = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await desk.goto(web.url);
    await desk.getByTestId('status-bar').getByText('Online').waitFor();

    const customer = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const pageErrors: string[] = [];
    customer.on('pageerror', (e) => pageErrors.push(e.message));
    await customer.goto(demo.url);
    await customer.getByTestId('chat-log').getByText(/How can I help today/).waitFor();
    // A fresh chat with the bot asks nothing about ratings (issue 12 point 1).
    expect(await customer.locator(part('csat')).count()).toBe(0);

    // The bot hands off; the page opens the widget with the conversation's customer token, never the bot key.
    await customer.getByTestId('chat-input').fill('I was charged twice for my order. I want to talk to a human.');
    await customer.getByTestId('chat-input').press('Enter');
    await customer.locator(part('panel')).waitFor();
    const html = await customer.content();
    expect(html).not.toContain(BOT_KEY);
    const conversationId = (await customer.locator(W).getAttribute('data-conversation-id')) ?? '';
    expect(conversationId).toMatch(/^demo-/);
    // What the customer said to the bot is above the conversation; what they are told comes from the hub.
    await customer.locator(`${W} li.msg.customer[data-history]`, { hasText: 'I was charged twice' }).waitFor();
    await customer.locator(`${W} li.note[data-kind=expectation]`).first().waitFor();
    await customer.locator(part('wait')).waitFor();
    await expect.poll(() => customer.locator(part('live')).textContent()).toMatch(/in line|Connecting you now/);
    expect(await customer.locator(part('csat')).isVisible()).toBe(false);
    // The customer can write while waiting.
    await customer.locator(part('input')).fill('My order number is 3348917502.');
    await customer.locator(part('input')).press('Enter');

    // The desk accepts: the widget says who joined, in its header and to screen readers.
    const offer = desk.getByTestId('offer-card').filter({ hasText: 'Crystal Minh' });
    await offer.waitFor();
    // While the desk is offered the conversation, the customer is told they are being connected, not an old
    // place in line (issue 12 point 8).
    await customer.locator(`${W} li.note[data-kind=expectation]`, { hasText: /being connected/ }).waitFor();
    await offer.getByTestId('accept-offer').click();
    const transcript = desk.getByTestId('workspace');
    await customer.locator(`${W} header h2`, { hasText: 'Maya Chen' }).waitFor();
    await expect.poll(() => customer.locator(part('live')).textContent()).toContain('Maya Chen joined the conversation.');
    expect(await customer.locator(part('wait')).isVisible()).toBe(false);
    await transcript.locator('[data-testid=message][data-role=customer]', { hasText: 'My order number is 3348917502.' }).waitFor();

    const deskSays = async (text: string): Promise<void> => {
      await desk.getByTestId('composer').fill(text);
      await desk.getByTestId('send-button').click();
    };
    const widgetSays = async (text: string): Promise<void> => {
      await customer.locator(part('input')).fill(text);
      await customer.locator(part('send')).click();
    };
    // The agent's typing in the desk shows in the widget, and their message ends it.
    await desk.getByTestId('composer').fill('Hi Crystal, I can see both charges. Looking into it now.');
    await customer.locator(part('typing'), { hasText: 'Maya Chen is typing…' }).waitFor();
    await desk.getByTestId('send-button').click();
    await customer.locator(`${W} li.msg.agent`, { hasText: 'Looking into it now.' }).waitFor();
    await customer.locator(part('typing')).waitFor({ state: 'hidden' });
    await widgetSays('Thank you! It was two charges of $94.');
    await transcript.locator('[data-testid=message][data-role=customer]', { hasText: 'two charges of $94' }).waitFor();

    // The hub goes away in mid-conversation. Both sides keep writing; both say what is happening.
    const port = hub.port;
    await hub.close();
    await customer.locator(part('banner'), { hasText: 'Reconnecting' }).waitFor();
    await widgetSays('Are you still there?');
    await widgetSays('Hello?');
    await customer.locator(`${W} li.msg.customer`, { hasText: 'Are you still there?' }).locator('.state', { hasText: 'Sending' }).waitFor();
    await customer.locator(`${W} li.msg.customer`, { hasText: 'Hello?' }).locator('.state', { hasText: 'Sending' }).waitFor();
    await deskSays('Still here, one moment please.');
    await transcript.locator('[data-testid=message][data-role=agent]', { hasText: 'Still here' }).waitFor();

    // The same hub comes back: same data directory, same port.
    hub = await startHub({ ...hubOptions, port });
    await customer.locator(`${W} li.msg.agent`, { hasText: 'Still here, one moment please.' }).waitFor();
    await customer.locator(part('banner')).waitFor({ state: 'hidden' });
    await customer.locator(`${W} li.msg.customer`, { hasText: 'Are you still there?' }).locator('.state').waitFor({ state: 'detached' });
    await transcript.locator('[data-testid=message][data-role=customer]', { hasText: 'Are you still there?' }).waitFor();
    await deskSays('The duplicate $94 charge is refunded.');
    await customer.locator(`${W} li.msg.agent`, { hasText: 'is refunded' }).waitFor();
    await widgetSays('Great, thanks a lot!');
    await transcript.locator('[data-testid=message][data-role=customer]', { hasText: 'Great, thanks a lot!' }).waitFor();

    // Nothing lost, nothing twice: the widget's agent messages and the desk's customer messages, in order.
    expect(await customer.locator(`${W} li.msg.agent .b`).allTextContents()).toEqual([
      'Hi Crystal, I can see both charges. Looking into it now.',
      'Still here, one moment please.',
      'The duplicate $94 charge is refunded.',
    ]);
    const fromWidget = ['My order number is 3348917502.', 'Thank you! It was two charges of $94.', 'Are you still there?', 'Hello?', 'Great, thanks a lot!'];
    const deskCustomerLines = await transcript.locator('[data-testid=message][data-role=customer]').allInnerTexts();
    for (const text of fromWidget) expect(deskCustomerLines.filter((l) => l.includes(text)), text).toHaveLength(1);
    // In the order the customer wrote them, the two sent while the hub was away included.
    const at = fromWidget.map((text) => deskCustomerLines.findIndex((l) => l.includes(text)));
    expect(at).toEqual([...at].sort((a, b) => a - b));
    expect(await customer.locator(`${W} li.msg.customer:not([data-history]) .b`).allTextContents()).toEqual(fromWidget);
    // And the hub stored each customer message once.
    const h = await hub.store.latestHandoffForConversation(conversationId);
    if (!h) throw new Error('no hand-off stored');
    await expect.poll(() => customer.locator(`${W} li.msg.customer .state`).count()).toBe(0);
    expect(await customer.locator(part('csat')).isVisible()).toBe(false);

    // The agent wraps up and asks for a rating. Only now does the widget ask, and the input is gone.
    await desk.keyboard.press('Alt+W');
    await desk.getByTestId('wrapup-dialog').waitFor();
    await desk.getByTestId('wrapup-disposition').selectOption('Refund issued');
    await desk.getByTestId('wrapup-submit').click();
    await customer.locator(part('csat')).waitFor();
    await customer.locator(part('new-conversation'), { hasText: 'Start a new conversation' }).waitFor();
    expect(await customer.locator(part('input')).isVisible()).toBe(false);
    expect(await customer.locator(part('composer')).isVisible()).toBe(false);
    expect(await customer.locator(`${W} header p`).textContent()).toBe('Conversation ended');
    await customer.locator(`${W} [data-part=csat] button[data-score="4"]`).click();
    await customer.locator(part('csat-thanks'), { hasText: 'Thank you for your feedback!' }).waitFor();
    expect(await customer.locator(`${W} [data-part=csat] h3`).isVisible()).toBe(false);
    expect(await customer.locator(`${W} [data-part=csat] button[data-score]`).count()).toBe(5);
    expect(await customer.locator(`${W} [data-part=csat] button[data-score="1"]`).isVisible()).toBe(false);
    await expect.poll(async () => (await hub.store.latestHandoffForConversation(conversationId))?.csatScore).toBe(4);
    await customer.screenshot({ path: join(shots, 'widget-demo-ended-1440x900.png') });

    // A new conversation: the old widget is gone with its question, and the new chat asks nothing.
    await customer.locator(part('new-conversation')).click();
    await expect.poll(() => customer.locator(W).count()).toBe(0);
    await customer.getByTestId('chat-log').getByText(/How can I help today/).waitFor();
    expect(await customer.locator(part('csat')).count()).toBe(0);
    expect((await hub.store.latestHandoffForConversation(conversationId))?.csatScore).toBe(4);
    expect(pageErrors).toEqual([]);
    await desk.close();
    await customer.close();
  });

  it("refuses a customer token on another conversation's stream, events and messages, and the widget says the link is not valid", async () => {
    const post = async (conversationId: string): Promise<{ customerToken: string }> => {
      const res = await fetch(`${hub.url}/v1/handoffs`, { method: 'POST', headers: { authorization: `Bearer ${BOT_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(billingDispute(conversationId)) });
      expect(res.status).toBe(201);
      return (await res.json()) as { customerToken: string };
    };
    const a = await post('widget-iso-a');
    await post('widget-iso-b');
    const as = { authorization: `Bearer ${a.customerToken}` };
    const other = `${hub.url}/v1/conversations/widget-iso-b`;
    const stream = await fetch(`${other}/stream`, { headers: as });
    expect([403, 404]).toContain(stream.status);
    await stream.body?.cancel();
    const events = await fetch(`${other}/events`, { headers: as });
    expect([403, 404]).toContain(events.status);
    const write = await fetch(`${other}/messages`, { method: 'POST', headers: { ...as, 'content-type': 'application/json' }, body: JSON.stringify({ text: 'hello', clientMessageId: 'iso-1' }) });
    expect([403, 404]).toContain(write.status);
    // Its own conversation it can read.
    const own = await fetch(`${hub.url}/v1/conversations/widget-iso-a/events`, { headers: as });
    expect(own.status).toBe(200);

    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(`${hub.url}/healthz`);
    await page.addScriptTag({ url: `${hub.url}/widget.js` });
    await page.evaluate(([id, token]) => (window as unknown as { BatonWidget: { open(o: object): void } }).BatonWidget.open({ conversationId: id, customerToken: token, lang: 'en' }), ['widget-iso-b', a.customerToken]);
    await page.locator(part('banner'), { hasText: 'no longer valid' }).waitFor();
    expect(await page.locator(`${W} li.msg, ${W} li.note`).count()).toBe(0);
    await page.close();
  });

  it('embedded by its script tag on a store page: shows the wait, who joined, the agent typing and replying, in French when asked, with no serious or critical axe violation', async () => {
    const posted = await fetch(`${hub.url}/v1/handoffs`, { method: 'POST', headers: { authorization: `Bearer ${BOT_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(billingDispute('widget-store-1')) });
    const answer = (await posted.json()) as { customerToken: string; handoffId: string };
    const store = await storePage(hub.url, 'widget-store-1', answer.customerToken);
    const socket: Socket = io(`${hub.url}/agent`, { auth: { token: agent.token, lastSeq: 0 }, transports: ['websocket'], forceNew: true, reconnection: false });
    try {
      const offered = new Promise<void>((resolveOffer) => {
        socket.on('event', (e: AgentEvent) => {
          if (e.type === 'offer' && e.conversation.handoffId === answer.handoffId) resolveOffer();
        });
      });
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      const pageErrors: string[] = [];
      page.on('pageerror', (e) => pageErrors.push(e.message));
      await page.goto(store.url);
      await page.locator(part('panel')).waitFor();
      await page.locator(part('wait')).waitFor();
      expect(await axeViolations(page)).toEqual([]);

      // Keyboard: Escape folds the widget into its launcher, Enter on the launcher opens it with focus in the input.
      await page.locator(part('input')).focus();
      await page.keyboard.press('Escape');
      await page.locator(part('launcher')).waitFor();
      expect(await page.evaluate(() => document.querySelector('[data-baton-widget]')?.shadowRoot?.activeElement?.getAttribute('data-part'))).toBe('launcher');
      await page.keyboard.press('Enter');
      await page.locator(part('panel')).waitFor();
      expect(await page.evaluate(() => document.querySelector('[data-baton-widget]')?.shadowRoot?.activeElement?.getAttribute('data-part'))).toBe('input');
      await page.keyboard.type('Hello, is anyone there?');
      await page.keyboard.press('Enter');
      await page.locator(`${W} li.msg.customer .b`, { hasText: 'Hello, is anyone there?' }).waitFor();

      await offered;
      const ack = <T,>(event: string, body: unknown): Promise<T> => socket.timeout(8_000).emitWithAck(event, body) as Promise<T>;
      expect(await ack<{ ok: boolean }>('offer.accept', { handoffId: answer.handoffId })).toMatchObject({ ok: true });
      await page.locator(`${W} header h2`, { hasText: 'Maya Chen' }).waitFor();
      await ack('message.send', { handoffId: answer.handoffId, clientMessageId: 'store-agent-1', text: 'Hi Crystal, I am Maya from billing. I can see the two charges of $94 on Nov 20.' });
      await page.locator(`${W} li.msg.agent`, { hasText: 'two charges of $94' }).waitFor();
      await page.locator(part('input')).fill('Yes, that is right. Can you refund one of them?');
      await page.locator(part('input')).press('Enter');
      await ack('message.send', { handoffId: answer.handoffId, clientMessageId: 'store-agent-2', text: 'Of course. I am refunding the duplicate charge now.' });
      await page.locator(`${W} li.msg.agent`, { hasText: 'refunding the duplicate' }).waitFor();
      expect(await ack<{ ok: boolean }>('conversation.typing', { handoffId: answer.handoffId, typing: true })).toMatchObject({ ok: true });
      await page.locator(part('typing'), { hasText: 'Maya Chen is typing…' }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      for (const [w, hgt] of [
        [1366, 768],
        [1440, 900],
        [1920, 1080],
      ] as const) {
        await page.setViewportSize({ width: w, height: hgt });
        await page.screenshot({ path: join(shots, `widget-store-${w}x${hgt}.png`) });
      }
      // Agent text with markup stays text.
      await ack('message.send', { handoffId: answer.handoffId, clientMessageId: 'store-agent-3', text: 'Done, within 3 working days. <b>Refund</b> <img src=x onerror=alert(1)>' });
      await page.locator(`${W} li.msg.agent .b`, { hasText: 'Done, within 3 working days. <b>Refund</b> <img src=x onerror=alert(1)>' }).waitFor();
      expect(await page.locator(`${W} li.msg.agent img, ${W} li.msg.agent b`).count()).toBe(0);
      // The message ends the typing indicator.
      await page.locator(part('typing')).waitFor({ state: 'hidden' });
      expect(await page.locator(`${W} li.msg.agent .b`).allTextContents()).toHaveLength(3);

      // A reload shows the same conversation in the same order: the agent's side from the hub, the customer's own
      // lines from the session, each once.
      const transcriptOf = (p: Page) => p.locator(`${W} li.msg .b`).allTextContents();
      const before = await transcriptOf(page);
      expect(before).toHaveLength(5);
      await page.reload();
      await page.locator(`${W} li.msg.agent`, { hasText: 'within 3 working days' }).waitFor();
      expect(await transcriptOf(page)).toEqual(before);

      // The same conversation in French, from data-lang: the widget's own words change, the live history is the same.
      const fr = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await fr.goto(`${store.url}?lang=fr`);
      await fr.locator(`${W} li.msg.agent`, { hasText: 'within 3 working days' }).waitFor();
      expect(await fr.locator(part('send')).getAttribute('aria-label')).toBe('Envoyer');
      expect(await fr.locator(part('input')).getAttribute('placeholder')).toBe('Écrivez un message…');
      expect(await fr.locator(W).getAttribute('lang')).toBe('fr');
      expect(await fr.locator(`${W} li.msg.agent .b`).allTextContents()).toHaveLength(3);
      await fr.screenshot({ path: join(shots, 'widget-store-fr-1440x900.png') });
      await fr.close();

      // Ended with a rating asked: the CSAT question and the new-conversation button pass axe too.
      expect(await ack<{ ok: boolean }>('conversation.resolve', { handoffId: answer.handoffId, wrapUp: { resolution: 'resolved', disposition: 'Refund issued', requestCsat: true } })).toMatchObject({ ok: true });
      await page.locator(part('csat')).waitFor();
      await page.locator(part('new-conversation')).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.screenshot({ path: join(shots, 'widget-store-csat-1440x900.png') });
      expect(pageErrors).toEqual([]);
      await page.close();
    } finally {
      socket.close();
      await store.close();
    }
  });

  it('while the customer waits, shows their place in line and the wait, says it to screen readers, takes the page\'s theme, passes axe-core, and lets the customer end it', async () => {
    // A queue and a skill nobody here serves: the hand-off stays queued, first in line.
    const posted = await fetch(`${hub.url}/v1/handoffs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${BOT_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...billingDispute('widget-wait-1'), customer: { id: 'c-77', name: 'Jordan Bell', tier: 'standard', language: 'en' }, queue: 'returns', skills: ['spanish'] }),
    });
    expect(posted.status).toBe(201);
    const answer = (await posted.json()) as { customerToken: string; position: number };
    const store = await storePage(hub.url, 'widget-wait-1', answer.customerToken);
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await page.goto(store.url);
      await page.locator(part('wait')).waitFor();
      expect(answer.position).toBe(1);
      expect(await page.locator(`${W} [data-part=wait] strong`).textContent()).toBe("You're 1st in line");
      expect(await page.locator(`${W} [data-part=wait] span`).textContent()).toMatch(/^(about \d+ minutes|less than a minute)$/);
      await expect.poll(() => page.locator(part('live')).textContent()).toMatch(/^You're 1st in line, (about \d+ minutes|less than a minute)\.$/);
      expect(await page.locator(`${W} header p`).textContent()).toBe('Waiting for the next available person');
      expect(await axeViolations(page)).toEqual([]);
      await page.screenshot({ path: join(shots, 'widget-store-waiting-1440x900.png') });

      // Themed by the page: a custom accent from its stylesheet, and the dark theme, still axe-clean.
      const themed = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await themed.goto(`${store.url}?theme=dark&accent=%230b7285`);
      await themed.locator(part('wait')).waitFor();
      expect(await themed.locator(W).getAttribute('data-theme')).toBe('dark');
      expect(await themed.locator(`${W} header`).evaluate((h) => getComputedStyle(h).backgroundColor)).toBe('rgb(11, 114, 133)');
      expect(await themed.locator(`${W} .panel`).evaluate((p) => getComputedStyle(p).backgroundColor)).toBe('rgb(22, 27, 38)');
      expect(await axeViolations(themed)).toEqual([]);
      await themed.screenshot({ path: join(shots, 'widget-store-dark-1440x900.png') });
      await themed.close();

      // The customer gives up waiting: ending asks first (Escape keeps the chat), then ends it, with no rating
      // asked since nobody had joined, and offers a new conversation.
      const activePart = () => page.evaluate(() => document.querySelector('[data-baton-widget]')?.shadowRoot?.activeElement?.getAttribute('data-part'));
      await page.locator(part('end')).click();
      await page.locator(part('end-confirm'), { hasText: 'End this conversation?' }).waitFor();
      expect(await activePart()).toBe('end-yes');
      await page.keyboard.press('Escape');
      await page.locator(part('end-confirm')).waitFor({ state: 'hidden' });
      expect(await activePart()).toBe('end');
      await page.keyboard.press('Enter');
      await page.locator(part('end-yes')).click();
      await page.locator(part('new-conversation')).waitFor();
      expect(await page.locator(part('composer')).isVisible()).toBe(false);
      expect(await page.locator(part('end')).isVisible()).toBe(false);
      expect(await page.locator(part('csat')).isVisible()).toBe(false);
      expect((await hub.store.latestHandoffForConversation('widget-wait-1'))?.status).toBe('abandoned');
      await page.close();
    } finally {
      await store.close();
    }
  });
});

/** A store's product page that embeds the widget with one script tag (data-lang from ?lang=). */
async function storePage(hubUrl: string, conversationId: string, customerToken: string): Promise<{ url: string; close(): Promise<void> }> {
  const attr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const server: Server = createServer((req, res) => {
    const q = new URL(req.url ?? '/', 'http://store.local').searchParams;
    const lang = q.get('lang') ?? 'en';
    const theme = q.get('theme') === 'dark' ? 'dark' : 'light';
    // The page themes the widget from its own stylesheet, through the widget's custom properties.
    // An accent comes with the text colour that reads on it (--baton-on-accent), as the README says.
    const accent = q.get('accent') ? `#baton-widget { --baton-accent: ${attr(q.get('accent') ?? '')}; --baton-on-accent: #ffffff; }` : '';
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html>
<html lang="${attr(lang)}"><head><meta charset="utf-8"><title>Northwind Outfitters — Order 3348917502</title>
<style>
  body { margin: 0; font: 15px/1.5 system-ui, sans-serif; color: #1f2430; background: #f7f7f5; }
  .top { display: flex; align-items: center; gap: 28px; padding: 16px 48px; background: #fff; border-bottom: 1px solid #e7e6e1; }
  .logo { font-weight: 800; font-size: 19px; letter-spacing: -0.01em; }
  .top nav { display: flex; gap: 22px; color: #555; }
  main { max-width: 1080px; margin: 36px auto; padding: 0 48px; display: grid; grid-template-columns: 1.2fr 1fr; gap: 40px; }
  .photo { aspect-ratio: 4 / 3; border-radius: 18px; background: linear-gradient(135deg, #d9e4dd, #b8c9c0 60%, #93aa9e); }
  h1 { font-size: 30px; margin: 4px 0 10px; letter-spacing: -0.01em; }
  .price { font-size: 22px; font-weight: 700; margin: 8px 0 18px; }
  .card { background: #fff; border: 1px solid #e7e6e1; border-radius: 14px; padding: 18px 20px; margin-top: 18px; }
  .muted { color: #666; }
  .buy { display: inline-block; background: #1f2430; color: #fff; padding: 12px 22px; border-radius: 12px; font-weight: 600; }
  ${accent}
</style></head>
<body>
  <header class="top"><span class="logo">Northwind Outfitters</span><nav><span>Men</span><span>Women</span><span>Outdoor</span><span>Sale</span></nav></header>
  <main>
    <div class="photo" role="img" aria-label="Trail jacket"></div>
    <section>
      <p class="muted">Order 3348917502 · placed Nov 20</p>
      <h1>Ridgeline Trail Jacket</h1>
      <p class="price">$94.00</p>
      <span class="buy">Buy again</span>
      <div class="card"><strong>Delivered</strong><p class="muted">Arrived Nov 24. Questions about this order? Our team is in the chat.</p></div>
    </section>
  </main>
  <script src="${attr(hubUrl)}/widget.js" data-conversation-id="${attr(conversationId)}" data-customer-token="${attr(customerToken)}" data-lang="${attr(lang)}" data-theme="${theme}" data-title="Northwind Support"></script>
</body></html>`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
