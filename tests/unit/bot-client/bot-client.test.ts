// The bot client against a real local HTTP server: retries on 429/5xx honouring Retry-After, idempotency keys,
// and an events() iterator that resumes with Last-Event-ID after the stream drops.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BatonApiError, createBotClient, retryAfterMs } from '../../../src/bot-client';

const servers: ReturnType<typeof createServer>[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<string> {
  const s = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => handler(req, res, body));
  });
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

describe('bot client', () => {
  it('retries 429 and 503, waiting at least Retry-After, then returns the answer', async () => {
    let calls = 0;
    const url = await serve((_req, res) => {
      calls++;
      if (calls === 1) res.writeHead(429, { 'retry-after': '2' }).end('{}');
      else if (calls === 2) res.writeHead(503).end('{}');
      else res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ handoffId: 'h1', conversationId: 'c1', customerToken: 'bct_x' }));
    });
    const waits: number[] = [];
    const client = createBotClient({ hubUrl: url, key: 'k', sleep: async (ms) => void waits.push(ms), random: () => 0.5 });
    const answer = await client.handOff({ conversationId: 'c1' } as never);
    expect(answer.customerToken).toBe('bct_x');
    expect(calls).toBe(3);
    expect(waits[0]).toBeGreaterThanOrEqual(2000);
    expect(waits[1]).toBe(250); // 500 ms backoff x jitter 0.5
  });

  it('does not retry a 4xx and reports its code', async () => {
    let calls = 0;
    const url = await serve((_req, res) => {
      calls++;
      res.writeHead(403, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'forbidden', message: 'no' } }));
    });
    const client = createBotClient({ hubUrl: url, key: 'k', sleep: async () => {} });
    await expect(client.evaluate({})).rejects.toMatchObject({ status: 403, code: 'forbidden' });
    await expect(client.evaluate({})).rejects.toBeInstanceOf(BatonApiError);
    expect(calls).toBe(2);
  });

  it('gives up after maxRetries', async () => {
    let calls = 0;
    const url = await serve((_req, res) => {
      calls++;
      res.writeHead(500).end('{}');
    });
    const client = createBotClient({ hubUrl: url, key: 'k', maxRetries: 2, sleep: async () => {} });
    await expect(client.end('c')).rejects.toMatchObject({ status: 500 });
    expect(calls).toBe(3);
  });

  it('generates an idempotency key per message and keeps it across a retry', async () => {
    const seen: string[] = [];
    let calls = 0;
    const url = await serve((_req, res, body) => {
      calls++;
      seen.push((JSON.parse(body) as { clientMessageId: string }).clientMessageId);
      if (calls === 1) res.writeHead(502).end();
      else res.writeHead(201, { 'content-type': 'application/json' }).end('{"id":"m"}');
    });
    const client = createBotClient({ hubUrl: url, key: 'k', sleep: async () => {} });
    await client.postCustomerMessage('c', 'hello');
    await client.postCustomerMessage('c', 'again');
    expect(seen[0]).toBe(seen[1]);
    expect(seen[2]).not.toBe(seen[0]);
    expect(seen[0]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('events() resumes after a dropped stream from the last event id, with nothing lost or repeated', async () => {
    const lastIds: string[] = [];
    const url = await serve((req, res) => {
      const last = Number(req.headers['last-event-id'] ?? 0);
      lastIds.push(String(last));
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      // Each connection sends two events (one already seen, to check dedupe) and then drops.
      for (const seq of [last, last + 1, last + 2].filter((s) => s > 0)) {
        res.write(`id: ${seq}\nevent: message\ndata: ${JSON.stringify({ seq, type: 'message', text: `m${seq}`, at: '' })}\n\n`);
      }
      res.end();
    });
    const client = createBotClient({ hubUrl: url, key: 'k', sleep: async () => {} });
    const got: number[] = [];
    for await (const e of client.events('c')) {
      got.push(e.seq);
      if (got.length === 6) break;
    }
    expect(got).toEqual([1, 2, 3, 4, 5, 6]);
    expect(lastIds.slice(0, 3)).toEqual(['0', '2', '4']);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(retryAfterMs(null)).toBeUndefined();
  });
});
