// Serves the demo customer chat page and its small JSON API, backed by DemoBot. The page never sees the bot key:
// like a real bot front end, this server holds it and talks to the hub. When the bot hands off, the page gets the
// conversation's customer token and opens the hub's widget (GET {hub}/widget.js) with it.
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { createLogger, type Logger } from '../shared/log';
import { parseWith } from '../shared/validation';
import { DemoBot, type DemoCustomer } from './demo-bot';

const pageDir = join(fileURLToPath(new URL('.', import.meta.url)), 'customer-page');
const staticFiles: Record<string, string> = {
  '/': 'index.html',
  '/chat.js': 'chat.js',
  '/chat.css': 'chat.css',
};
const contentTypes: Record<string, string> = { html: 'text/html; charset=utf-8', js: 'text/javascript', css: 'text/css' };
/** The page may load the widget from the hub and the widget may talk to it; nothing else leaves the page's origin. */
const cspFor = (hubOrigin: string): string =>
  `default-src 'self'; script-src 'self' ${hubOrigin}; style-src 'self'; connect-src 'self' ${hubOrigin}; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'`;

const startSchema = z.object({ customerId: z.string().min(1) });
const saySchema = z.object({ conversationId: z.string().min(1), text: z.string().trim().min(1).max(4000), clientMessageId: z.string().min(8).max(100) });
const endSchema = z.object({ conversationId: z.string().min(1) });

export interface DemoServer {
  url: string;
  close(): Promise<void>;
}

export async function startDemoServer(opts: { hubUrl: string; botKey: string; customers: DemoCustomer[]; port?: number; host?: string; logger?: Logger }): Promise<DemoServer> {
  const log = opts.logger ?? createLogger('demo');
  const bot = new DemoBot(opts.hubUrl, opts.botKey);
  const hubOrigin = new URL(opts.hubUrl).origin;
  const csp = cspFor(hubOrigin);

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      log.warn('demo.request_failed', { path: req.url?.split('?')[0], error: e instanceof Error ? e.message : 'unknown' });
      send(res, 502, { error: { code: 'hub_error', message: e instanceof Error ? e.message : 'The hub did not answer.' } });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://demo.local');
    const file = staticFiles[url.pathname];
    if (req.method === 'GET' && file) {
      const body = await readFile(join(pageDir, file));
      res.writeHead(200, { 'content-type': contentTypes[file.split('.').pop() ?? 'html'] ?? 'text/plain', 'content-security-policy': csp, 'x-content-type-options': 'nosniff' });
      res.end(body);
      return;
    }
    if (req.method === 'GET' && url.pathname === '/api/customers') {
      send(res, 200, opts.customers.map((c) => ({ id: c.id, name: c.name, tier: c.tier ?? 'standard' })));
      return;
    }
    if (req.method === 'GET' && url.pathname === '/api/config') {
      send(res, 200, { hubUrl: hubOrigin });
      return;
    }
    if (req.method !== 'POST') return send(res, 404, { error: { code: 'not_found', message: 'No such page.' } });
    const body = await readJson(req);
    switch (url.pathname) {
      case '/api/start': {
        const input = parseWith(startSchema, body, 'The start request');
        if (!input.ok) return send(res, 400, { error: input.error });
        const customer = opts.customers.find((c) => c.id === input.value.customerId);
        if (!customer) return send(res, 404, { error: { code: 'not_found', message: 'Unknown demo customer.' } });
        const started = bot.start(customer);
        return send(res, 200, { conversationId: started.conversationId, lines: [started.greeting] });
      }
      case '/api/say': {
        const input = parseWith(saySchema, body, 'The message');
        if (!input.ok) return send(res, 400, { error: input.error });
        return send(res, 200, await bot.onCustomerTurn(input.value.conversationId, input.value.text, input.value.clientMessageId));
      }
      case '/api/end': {
        const input = parseWith(endSchema, body, 'The end request');
        if (!input.ok) return send(res, 400, { error: input.error });
        await bot.end(input.value.conversationId);
        return send(res, 200, { ok: true });
      }
      default:
        return send(res, 404, { error: { code: 'not_found', message: 'No such endpoint.' } });
    }
  }

  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) throw new Error('Message too large.');
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  } catch {
    return undefined;
  }
}
