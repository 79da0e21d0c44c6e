// Issue 11 point 4: failed authentication is limited per client address (HTTP and socket sign-ins), agent HTTP
// calls and socket events per token; each answers 429 with Retry-After, or `rate_limited` with retryAfter on the
// socket. Over real HTTP from two loopback addresses (127.0.0.1 and 127.0.0.2) and real socket.io clients.
import { request } from 'node:http';
import { io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import type { RunningHub } from '../../../src/hub/server';
import { BOT_KEY, useHubCleanups, type Json } from '../hub/hub-harness';
import { deskFor } from './trust-harness';

const { cleanups, hub } = useHubCleanups();

/** A GET from a chosen local address, so the hub sees two different clients on one machine. */
function getFrom(h: RunningHub, path: string, token: string, localAddress = '127.0.0.1'): Promise<{ status: number; retryAfter: string | undefined; json: Json }> {
  return new Promise((resolve, reject) => {
    const req = request(`${h.url}${path}`, { localAddress, headers: { authorization: `Bearer ${token}` } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], json: text ? JSON.parse(text) : undefined }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('rate limits', () => {
  it('wrong keys from one address get 401 then 429 with Retry-After; a valid key from another address still works', async () => {
    const h = await hub({ rateLimits: { authFailuresPerMinute: 5 } });
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof getFrom>> | undefined;
    for (let i = 0; i < 12; i++) {
      last = await getFrom(h, '/v1/queues', `wrong-key-${i}`);
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual(Array(7).fill(429));
    expect(Number(last?.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(last?.json.error.code).toBe('rate_limited');
    expect(last?.json.error.retryAfter).toBe(Number(last?.retryAfter));

    // The guessing address is refused before its key is checked, so a right guess is not told apart.
    expect((await getFrom(h, '/v1/queues', BOT_KEY)).status).toBe(429);
    // Agent-token routes share the same budget for that address.
    expect((await getFrom(h, '/v1/agents/me', 'not-a-token')).status).toBe(429);
    // Another client is not affected, with a valid key or a wrong one.
    expect((await getFrom(h, '/v1/queues', BOT_KEY, '127.0.0.2')).status).toBe(200);
    expect((await getFrom(h, '/v1/queues', 'wrong-again', '127.0.0.2')).status).toBe(401);
  });

  it('refused socket sign-ins count against the address too', async () => {
    const h = await hub({ rateLimits: { authFailuresPerMinute: 3 } });
    const signIn = (token: string) =>
      new Promise<string>((resolve) => {
        const s = io(`${h.url}/agent`, { auth: { token, lastSeq: 0 }, transports: ['websocket'], reconnection: false, forceNew: true });
        cleanups.push(() => void s.close());
        s.once('hello', () => resolve('hello'));
        s.once('connect_error', (e: Error) => resolve(e.message));
      });
    const answers: string[] = [];
    for (let i = 0; i < 5; i++) answers.push(await signIn(`bad-${i}`));
    expect(answers.slice(0, 3).every((a) => a.startsWith('unauthorized'))).toBe(true);
    expect(answers.slice(3).every((a) => /^rate_limited: .*retry after \d+ s/.test(a))).toBe(true);
    expect((await getFrom(h, '/v1/queues', 'wrong-key')).status).toBe(429);
  });

  it('an agent token over its HTTP limit gets 429 with Retry-After; another agent is not affected', async () => {
    const h = await hub({ rateLimits: { agentHttpPerMinute: 10 } });
    const maya = h.issueToken({ name: 'Maya Chen', role: 'agent', skills: ['billing'] }).token;
    const raj = h.issueToken({ name: 'Raj', role: 'agent', skills: ['billing'] }).token;
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof getFrom>> | undefined;
    for (let i = 0; i < 25; i++) {
      last = await getFrom(h, i % 2 ? '/v1/agents/me' : '/v1/kb/articles', maya);
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(200));
    expect(statuses.slice(10)).toEqual(Array(15).fill(429));
    expect(Number(last?.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(last?.json.error).toMatchObject({ code: 'rate_limited', message: expect.stringMatching(/agent token; retry after \d+ s/) });
    expect((await getFrom(h, '/v1/agents/me', raj)).status).toBe(200);
    // A valid token over its limit is not a failed sign-in: the address is not penalised.
    expect((await getFrom(h, '/v1/queues', BOT_KEY)).status).toBe(200);
  });

  it('a desk flooding status.set gets rate_limited with retryAfter, in its ack or as an event; other desks are served', async () => {
    const h = await hub({ rateLimits: { agentEventsPerMinute: 50 } });
    const flooder = await deskFor(h, cleanups, 'Flooder');
    const other = await deskFor(h, cleanups, 'Calm');
    const answers = await Promise.all(Array.from({ length: 400 }, (_, i) => flooder.request<string>('status.set', { status: i % 2 ? 'available' : 'away' })));
    const served = answers.filter((a) => a.ok).length;
    const limited = answers.filter((a) => !a.ok && a.error.code === 'rate_limited');
    expect(served).toBeLessThanOrEqual(60); // a 50-token burst, plus what refills (0.8 per s) on a slow machine
    expect(served).toBeGreaterThanOrEqual(50);
    expect(limited.length).toBe(400 - served);
    const first = limited[0];
    expect(first && !first.ok && (first.error as Json).retryAfter).toBeGreaterThanOrEqual(1);

    // Without an ack the desk still hears why, as a `rate_limited` event naming the request.
    const heard = new Promise<Json>((resolve) => flooder.socket.once('rate_limited', resolve));
    flooder.socket.emit('status.set', { status: 'away' });
    expect(await heard).toMatchObject({ code: 'rate_limited', event: 'status.set', retryAfter: expect.any(Number) });

    expect(await other.request('status.set', { status: 'available' })).toMatchObject({ ok: true });
    expect(flooder.socket.connected).toBe(true);
  });
});
