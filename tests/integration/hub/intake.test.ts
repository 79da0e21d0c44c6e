import { afterEach, describe, expect, it } from 'vitest';
import { api, botHeaders, connectDesk, handoff, postHandoff, startTestHub } from './hub-harness';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function hub(opts = {}) {
  const t = await startTestHub(opts);
  cleanup = t.cleanup;
  return t.hub;
}

describe('POST /v1/handoffs', () => {
  it('answers 201 with position, wait and the customer message, then 200 with the same hand-off for a repeated conversationId', async () => {
    const h = await hub();
    const first = await postHandoff(h, handoff('conv-1'));
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({ conversationId: 'conv-1', status: 'queued', position: 1 });
    expect(first.json.estimatedWaitSeconds).toBeGreaterThan(0);
    expect(first.json.customerMessage).toContain('billing specialist');
    const again = await postHandoff(h, handoff('conv-1'));
    expect(again.status).toBe(200);
    expect(again.json.handoffId).toBe(first.json.handoffId);
    expect(await h.store.listHandoffsByStatus(['queued'])).toHaveLength(1);
    // The transcript is kept as messages from before the hand-off.
    const messages = await h.store.listMessages(first.json.handoffId);
    expect(messages.map((m) => [m.role, m.beforeHandoff])).toEqual([
      ['customer', true],
      ['bot', true],
    ]);
  });

  it('creates one hand-off when the same conversation is posted many times at once', async () => {
    const h = await hub();
    const answers = await Promise.all(Array.from({ length: 10 }, () => postHandoff(h, handoff('race-1'))));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.json.handoffId)).size).toBe(1);
    expect(await h.store.listHandoffsByStatus(['queued'])).toHaveLength(1);
  });

  it('puts the second hand-off in the same queue second in line', async () => {
    const h = await hub();
    await postHandoff(h, handoff('conv-a'));
    const second = await postHandoff(h, handoff('conv-b'));
    expect(second.json.position).toBe(2);
    expect(second.json.customerMessage).toContain('2nd in line');
  });

  it('gives hand-offs and their messages ids that sort in the order they were made (UUIDv7: new index entries land on one page)', async () => {
    const h = await hub();
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push((await postHandoff(h, handoff(`ordered-${i}`))).json.handoffId as string);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    const messageIds = (await Promise.all(ids.map((id) => h.store.listMessages(id)))).flat().map((m) => m.id);
    expect(messageIds.length).toBeGreaterThan(ids.length);
    expect([...messageIds].sort()).toEqual(messageIds);
  });

  it('answers 400 naming every bad field and stores nothing', async () => {
    const h = await hub();
    const r = await postHandoff(h, { conversationId: '', customer: { name: 5 }, reason: { trigger: 'bored' }, sentiment: 3, callbackUrl: 'ftp://x' });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('invalid');
    const paths = (r.json.error.issues as { path: string }[]).map((i) => i.path);
    for (const p of ['conversationId', 'customer.id', 'customer.name', 'reason.trigger', 'sentiment', 'callbackUrl']) expect(paths).toContain(p);
    expect(await h.store.listHandoffsByStatus(['queued', 'offered', 'active'])).toHaveLength(0);
  });

  it('answers 400 for a body that is not JSON, and keeps serving', async () => {
    const h = await hub();
    const r = await api(h, '/v1/handoffs', { body: '{"conversationId": ' });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('invalid_json');
    expect((await api(h, '/healthz')).status).toBe(200);
  });

  it('answers 401 without a bot key or with a wrong one', async () => {
    const h = await hub();
    const none = await api(h, '/v1/handoffs', { body: handoff('c'), headers: { 'content-type': 'application/json' } });
    expect(none.status).toBe(401);
    expect(none.json.error.code).toBe('unauthorized');
    const wrong = await api(h, '/v1/handoffs', { body: handoff('c'), headers: { authorization: 'Bearer nope', 'content-type': 'application/json' } });
    expect(wrong.status).toBe(401);
    expect(await h.store.latestHandoffForConversation('c')).toBeUndefined();
  });

  it('answers 413 for a body over the limit and stores nothing', async () => {
    const h = await hub({ maxBodyBytes: 10_000 });
    const big = handoff('big', { transcript: Array.from({ length: 50 }, () => ({ role: 'customer' as const, text: 'x'.repeat(500) })) });
    const r = await postHandoff(h, big);
    expect(r.status).toBe(413);
    expect(r.json.error.code).toBe('too_large');
    expect(await h.store.latestHandoffForConversation('big')).toBeUndefined();
    expect((await postHandoff(h, handoff('small'))).status).toBe(201);
  });

  it('answers 429 with Retry-After when a bot key sends too fast', async () => {
    const h = await hub({ botRatePerMinute: 3 });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await postHandoff(h, handoff(`r-${i}`))).status);
    expect(statuses).toEqual([201, 201, 201, 429]);
    const res = await fetch(`${h.url}/v1/handoffs`, { method: 'POST', headers: botHeaders, body: JSON.stringify(handoff('r-9')) });
    expect(res.status).toBe(429);
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('rate_limited');
    expect(body.error.message).toContain(`retry after ${retryAfter} s`);
    expect(await h.store.latestHandoffForConversation('r-9')).toBeUndefined();
  });

  it('answers 404 JSON for an unknown route', async () => {
    const h = await hub();
    const r = await api(h, '/v1/nope');
    expect(r.status).toBe(404);
    expect(r.json.error.code).toBe('not_found');
  });
});

describe('hostile input', () => {
  it('answers every malformed request with a JSON error and keeps serving', async () => {
    const h = await hub();
    for (const body of ['null', '[]', '"text"', '42', '{"conversationId":{"$gt":""}}', '\u0000\u0001', '{'.repeat(5000)]) {
      const r = await api(h, '/v1/handoffs', { body });
      expect(r.status, body.slice(0, 20)).toBe(400);
      expect(r.json.error.code).toMatch(/invalid/);
    }
    expect((await api(h, '/v1/conversations/%E0%A4%A/events')).status).toBe(400);
    expect((await api(h, '/v1/conversations/x/events?after=-1')).status).toBe(400);
    expect((await api(h, '/v1/conversations/x/messages', { body: { text: 'hi' } })).status).toBe(400);
    expect((await api(h, '/v1/conversations/x/messages', { body: { text: 'hi', clientMessageId: 'a' } })).status).toBe(404);
    expect(await h.store.listHandoffsByStatus(['queued', 'offered', 'active'])).toHaveLength(0);
    expect((await api(h, '/healthz')).status).toBe(200);
  });

  it('survives garbage on the agent socket and answers it with errors', async () => {
    const h = await hub();
    const { token } = h.issueToken({ name: 'Ana', role: 'agent' });
    const d = connectDesk(h, token);
    await d.hello;
    for (const payload of [null, 'x', 42, [], { handoffId: 5 }]) {
      const r = await d.request('offer.accept', payload);
      expect(r.ok).toBe(false);
    }
    d.socket.emit('message.send', { nonsense: true });
    d.socket.emit('no.such.event', 1, 2, 3);
    const ok = await d.request('status.set', { status: 'away' });
    expect(ok).toEqual({ ok: true, value: 'away' });
    d.close();
  });
});
