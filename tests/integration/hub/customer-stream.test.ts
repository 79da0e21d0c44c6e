// Customer tokens and the SSE stream against a real hub on loopback: the token is scoped to one conversation and
// one hand-off, the stream resumes with Last-Event-ID, and browsers get CORS on the customer routes only.
import { afterEach, describe, expect, it } from 'vitest';
import { api, handoff, postHandoff, startTestHub, type Json } from './hub-harness';
import type { RunningHub } from '../../../src/hub/server';
import { readSseFrames } from '../../../src/shared/protocol/sse-frames';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

async function hubWith(opts: Parameters<typeof startTestHub>[0] = {}): Promise<RunningHub> {
  const t = await startTestHub(opts);
  cleanups.push(t.cleanup);
  return t.hub;
}

const as = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });

/** Reads SSE frames until `count` events arrived, then aborts. */
async function readStream(url: string, headers: Record<string, string>, count: number): Promise<{ status: number; events: { id: string; event: string; data: Json }[] }> {
  const ac = new AbortController();
  const res = await fetch(url, { headers, signal: ac.signal });
  const events: { id: string; event: string; data: Json }[] = [];
  if (res.status !== 200 || !res.body) {
    await res.text();
    return { status: res.status, events };
  }
  try {
    for await (const f of readSseFrames(res.body)) {
      events.push({ id: f.id ?? '', event: f.event ?? '', data: JSON.parse(f.data) as Json });
      if (events.length >= count) break;
    }
  } finally {
    ac.abort();
  }
  return { status: res.status, events };
}

describe('customer tokens', () => {
  it('the hand-off answer carries a token that reads, writes, ends and rates its own conversation, and nothing else', async () => {
    const hub = await hubWith();
    const a = await postHandoff(hub, handoff('conv-a'));
    const b = await postHandoff(hub, handoff('conv-b'));
    expect(a.status).toBe(201);
    const token: string = a.json.customerToken;
    expect(token).toMatch(/^bct_/);
    expect(b.json.customerToken).not.toBe(token);

    const events = await api(hub, '/v1/conversations/conv-a/events', { headers: as(token) });
    expect(events.status).toBe(200);
    expect(events.json.events[0].type).toBe('expectation');

    const other = await api(hub, '/v1/conversations/conv-b/events', { headers: as(token) });
    expect(other.status).toBe(403);
    const otherStream = await readStream(`${hub.url}/v1/conversations/conv-b/stream`, as(token), 1);
    expect(otherStream.status).toBe(403);

    const msg = await api(hub, '/v1/conversations/conv-a/messages', { headers: as(token), body: { text: 'still there?', clientMessageId: 'm1' } });
    expect(msg.status).toBe(201);
    expect((await api(hub, '/v1/conversations/conv-b/messages', { headers: as(token), body: { text: 'x', clientMessageId: 'm2' } })).status).toBe(403);

    // Bot-only and agent routes refuse it.
    expect((await postHandoff(hub, handoff('conv-c')).then(() => api(hub, '/v1/handoffs', { headers: as(token), body: handoff('conv-d') }))).status).toBe(401);
    expect((await api(hub, '/v1/queues', { headers: as(token) })).status).toBe(401);
    expect((await api(hub, '/v1/policy/evaluate', { headers: as(token), body: {} })).status).toBe(401);

    // A tampered token is refused.
    const forged = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
    expect((await api(hub, '/v1/conversations/conv-a/events', { headers: as(forged) })).status).toBe(401);

    expect((await api(hub, '/v1/conversations/conv-a/end', { headers: as(token), body: {} })).status).toBe(200);
  });

  it('expires once its conversation has been ended longer than the grace period', async () => {
    let t = Date.parse('2026-01-01T10:00:00Z');
    const hub = await hubWith({ now: () => t, customerTokenGraceMs: 60_000 });
    const token: string = (await postHandoff(hub, handoff('conv-e'))).json.customerToken;
    expect((await api(hub, '/v1/conversations/conv-e/end', { headers: as(token), body: {} })).status).toBe(200);
    t += 30_000;
    expect((await api(hub, '/v1/conversations/conv-e/events', { headers: as(token) })).status).toBe(200);
    t += 60_000;
    expect((await api(hub, '/v1/conversations/conv-e/events', { headers: as(token) })).status).toBe(401);
  });

  it('survives a restart with the secret kept in the data dir', async () => {
    const first = await startTestHub();
    const token: string = (await postHandoff(first.hub, handoff('conv-r'))).json.customerToken;
    await first.hub.close();
    const second = await startTestHub({}, first.dir);
    cleanups.push(second.cleanup);
    expect((await api(second.hub, '/v1/conversations/conv-r/events', { headers: as(token) })).status).toBe(200);
  });
});

describe('GET /v1/conversations/{id}/stream', () => {
  it('streams events as SSE and resumes after Last-Event-ID, with the token or the bot key', async () => {
    const hub = await hubWith();
    const token: string = (await postHandoff(hub, handoff('conv-s'))).json.customerToken;
    const first = await readStream(`${hub.url}/v1/conversations/conv-s/stream`, as(token), 1);
    expect(first.status).toBe(200);
    expect(first.events[0]?.event).toBe('expectation');
    const lastId = first.events[0]?.id ?? '';
    expect(Number(lastId)).toBeGreaterThan(0);

    // A live event arrives on an open stream, and a resumed stream does not repeat what was already read.
    const pending = readStream(`${hub.url}/v1/conversations/conv-s/stream`, { ...as(token), 'last-event-id': lastId }, 1);
    await new Promise((r) => setTimeout(r, 100));
    await api(hub, '/v1/conversations/conv-s/end', { headers: as(token), body: {} });
    const resumed = await pending;
    expect(resumed.events[0]?.data.seq).toBeGreaterThan(Number(lastId));
    expect(resumed.events.map((e) => e.event)).not.toContain('expectation');

    const withBot = await readStream(`${hub.url}/v1/conversations/conv-s/stream`, { authorization: 'Bearer test-bot-key' }, 1);
    expect(withBot.status).toBe(200);
    expect(withBot.events[0]?.event).toBe('expectation');
    expect((await readStream(`${hub.url}/v1/conversations/conv-s/stream`, {}, 1)).status).toBe(401);
  });

  it('answers CORS preflights on the customer routes and not elsewhere', async () => {
    const hub = await hubWith();
    const pre = await fetch(`${hub.url}/v1/conversations/x/stream`, { method: 'OPTIONS', headers: { origin: 'https://shop.example', 'access-control-request-method': 'GET' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-headers')).toContain('last-event-id');
    const queues = await fetch(`${hub.url}/v1/queues`, { headers: { origin: 'https://shop.example' } });
    await queues.text();
    expect(queues.headers.get('access-control-allow-origin')).toBeNull();
  });
});
