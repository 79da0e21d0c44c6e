// End-to-end harness: a real hub and a real browser host on loopback, with Debian's Chromium driven by
// playwright-core. Never downloads a browser.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startHub, type RunningHub } from '../../src/hub/server';
import { startWebHost } from '../../src/main/web/web-host';
import type { HandoffRequest } from '../../src/shared/domain/handoff';
import { createLogger, silentLogger } from '../../src/shared/log';

// BATON_E2E_LOGS=1 shows the hub's and desk's structured logs while debugging a test.
const logger = process.env.BATON_E2E_LOGS ? createLogger('e2e') : silentLogger;

export const BOT_KEY = 'e2e-bot-key';
const root = resolve(import.meta.dirname, '../..');

export const chromiumPath = process.env.BATON_CHROMIUM ?? '/usr/bin/chromium';
export const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

export interface DeskStack {
  hubUrl: string;
  deskUrl: string;
  page: Page;
  context: BrowserContext;
  agent: { agentId: string; token: string; name: string; role: 'agent' | 'supervisor' };
  /** The running hub, to issue more tokens or connect more desks. */
  hub: RunningHub;
  postHandoff(request: HandoffRequest): Promise<{ handoffId: string; customerMessage: string; position: number; estimatedWaitSeconds: number }>;
  customerEvents(conversationId: string, after?: number): Promise<{ seq: number; type: string; text?: string; role?: string }[]>;
  customerSays(conversationId: string, text: string, clientMessageId: string): Promise<void>;
  close(): Promise<void>;
}

export interface DeskStackOptions {
  env?: Record<string, string>;
  viewport?: { width: number; height: number };
  /** Who the desk signs in as: an agent (Maya Chen, the default) or a supervisor (Sam Lee, takes no conversations). */
  role?: 'agent' | 'supervisor';
  /** The hub's clock, for tests that record hand-offs in the past (defaults to Date.now). */
  hubNow?: () => number;
}

export async function startDeskStack(opts: DeskStackOptions = {}): Promise<DeskStack> {
  const dir = mkdtempSync(join(tmpdir(), 'baton-e2e-'));
  const hub = await startHub({
    port: 0,
    dataDir: join(dir, 'hub'),
    botKeys: [BOT_KEY],
    seedKbFile: join(root, 'resources/seed/kb.json'),
    offerTimeoutMs: 120_000,
    logger,
    ...(opts.hubNow ? { now: opts.hubNow } : {}),
  });
  const role = opts.role ?? 'agent';
  const name = role === 'supervisor' ? 'Sam Lee' : 'Maya Chen';
  const issued =
    role === 'supervisor'
      ? hub.issueToken({ name, role, skills: [], capacity: 0 })
      : hub.issueToken({ name, role, skills: ['billing', 'orders', 'general', 'tech'], capacity: 3 });
  const web = await startWebHost({
    port: 0,
    rendererDir: join(root, 'out/renderer'),
    dataDir: join(dir, 'desk'),
    env: { ...process.env, BATON_HUB_URL: hub.url, BATON_AGENT_TOKEN: issued.token, OPENAI_API_KEY: '', ...opts.env },
    logger,
  });
  const browser: Browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1440, height: 900 } });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  await page.goto(web.url);

  const auth = { authorization: `Bearer ${BOT_KEY}`, 'content-type': 'application/json' };
  return {
    hubUrl: hub.url,
    deskUrl: web.url,
    page,
    context,
    agent: { ...issued, name, role },
    hub,
    async postHandoff(request) {
      const res = await fetch(`${hub.url}/v1/handoffs`, { method: 'POST', headers: auth, body: JSON.stringify(request) });
      if (res.status !== 201 && res.status !== 200) throw new Error(`hand-off rejected: ${res.status} ${await res.text()}`);
      return (await res.json()) as Awaited<ReturnType<DeskStack['postHandoff']>>;
    },
    async customerEvents(conversationId, after = 0) {
      const res = await fetch(`${hub.url}/v1/conversations/${encodeURIComponent(conversationId)}/events?after=${after}`, { headers: auth });
      const body = (await res.json()) as { events?: unknown[] } | unknown[];
      return (Array.isArray(body) ? body : (body.events ?? [])) as Awaited<ReturnType<DeskStack['customerEvents']>>;
    },
    async customerSays(conversationId, text, clientMessageId) {
      const res = await fetch(`${hub.url}/v1/conversations/${encodeURIComponent(conversationId)}/messages`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ role: 'customer', text, clientMessageId }),
      });
      if (!res.ok) throw new Error(`customer message rejected: ${res.status}`);
    },
    async close() {
      if (consoleErrors.length) console.warn('page errors during the test:', consoleErrors);
      await browser.close().catch(() => {});
      await web.close();
      await hub.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A realistic hand-off: a billing dispute with a double charge, as a bot would post it. */
export function billingDispute(conversationId: string): HandoffRequest {
  const t = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
  return {
    conversationId,
    customer: { id: 'c-42', name: 'Crystal Minh', email: 'crystal@example.com', phone: '+1 555 0100', tier: 'standard', language: 'en' },
    transcript: [
      { role: 'bot', text: 'Hi Crystal! How can I help today?', at: t(6) },
      { role: 'customer', text: 'I was charged twice for order 3348917502.', at: t(5) },
      { role: 'bot', text: 'I can see order 3348917502 for $94.00. Do you see two charges on your statement?', at: t(5) },
      { role: 'customer', text: 'Yes, two charges of $94 on Nov 20. I want a human to sort this out.', at: t(4) },
    ],
    reason: { trigger: 'customer_request', detail: 'Customer asked for a person about a duplicate charge' },
    intent: { name: 'billing_dispute', confidence: 0.42 },
    sentiment: -0.4,
    crm: {
      accountType: 'premium',
      orders: [{ id: '3348917502', status: 'delivered', total: 94, currency: 'USD', placedAt: t(60 * 24 * 6), deliveredAt: t(60 * 24 * 2) }],
      previousTickets: [{ id: 'T-1', subject: 'Late delivery', status: 'closed', at: t(60 * 24 * 40) }],
      attributes: { loyaltyPoints: 1200, preferredChannel: 'chat' },
    },
    queue: 'billing',
    skills: ['billing'],
  };
}
