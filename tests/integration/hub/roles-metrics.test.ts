import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { RunningHub } from '../../../src/hub/server';
import { hashToken } from '../../../src/hub/auth/agent-tokens';
import { api, connectDesk, handoff, isOffer, nextCustomerEvent, postHandoff, useHubCleanups } from './hub-harness';

const { cleanups, hub } = useHubCleanups();


function deskFor(h: RunningHub, name: string, role: 'agent' | 'supervisor' = 'agent', skills = ['billing']) {
  const issued = h.issueToken({ name, role, skills, capacity: role === 'supervisor' ? 0 : 3 });
  const d = connectDesk(h, issued.token);
  cleanups.push(() => d.close());
  return Object.assign(d, issued);
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('roles and ownership', () => {
  it('keeps an agent out of another agent’s conversation and out of supervisor events', async () => {
    const h = await hub();
    const owner = deskFor(h, 'Owner');
    await owner.hello;
    const id = (await postHandoff(h, handoff('own-1'))).json.handoffId;
    await owner.next(isOffer(id));
    await owner.request('offer.accept', { handoffId: id });
    const other = deskFor(h, 'Other');
    await other.hello;

    for (const [event, payload] of [
      ['offer.accept', { handoffId: id }],
      ['message.send', { handoffId: id, clientMessageId: 'sneaky-01', text: 'hi' }],
      ['conversation.resolve', { handoffId: id, wrapUp: { resolution: 'resolved', disposition: 'x' } }],
      ['conversation.transfer', { handoffId: id, queue: 'tech' }],
      ['conversation.handback', { handoffId: id }],
    ] as const) {
      const r = await other.request(event, payload);
      expect(r.ok, event).toBe(false);
    }
    expect(await h.store.getHandoff(id)).toMatchObject({ status: 'active', agentId: owner.agentId });
    expect((await h.store.listMessages(id)).some((m) => m.role === 'agent')).toBe(false);

    for (const event of ['supervisor.queues', 'supervisor.agents']) {
      const r = await other.request(event, {});
      expect(r.ok ? 'ok' : r.error.code).toBe('forbidden');
    }
    const r = await other.request('supervisor.reassign', { handoffId: id, agentId: other.agentId });
    expect(r.ok ? 'ok' : r.error.code).toBe('forbidden');
    const invalid = await other.request('message.send', { handoffId: id });
    expect(invalid.ok ? 'ok' : invalid.error.issues?.map((i) => i.path)).toEqual(['clientMessageId', 'text']);
  });

  it('lets a supervisor see queues and agents and reassign a conversation', async () => {
    const h = await hub();
    const a = deskFor(h, 'Ana');
    await a.hello;
    const id = (await postHandoff(h, handoff('sup-1'))).json.handoffId;
    await a.next(isOffer(id));
    await a.request('offer.accept', { handoffId: id });
    const b = deskFor(h, 'Ben');
    await b.hello;
    const sup = deskFor(h, 'Sue', 'supervisor');
    await sup.hello;
    const pushed = new Promise<{ queue: string; waiting: number }[]>((resolve) =>
      sup.socket.on('queues', (q: { queue: string; waiting: number }[]) => {
        if (q.some((x) => x.queue === 'tech' && x.waiting === 1)) resolve(q);
      }),
    );
    await postHandoff(h, handoff('sup-tech', { queue: 'tech' }));
    await pushed;
    const queues = await sup.request<{ queue: string }[]>('supervisor.queues', {});
    expect(queues.ok && queues.value.some((q) => q.queue === 'billing')).toBe(true);
    const agents = await sup.request<{ name: string; activeConversations: number; connected: boolean }[]>('supervisor.agents', {});
    expect(agents.ok && agents.value.find((x) => x.name === 'Ana')).toMatchObject({ activeConversations: 1, connected: true });
    // Nobody is handed a live conversation while away from the desk.
    const absent = h.issueToken({ name: 'Zoe', role: 'agent', skills: ['billing'], capacity: 3 });
    const refused = await sup.request('supervisor.reassign', { handoffId: id, agentId: absent.agentId });
    expect(refused.ok ? 'reassigned' : refused.error.code).toBe('unavailable');
    expect((await h.store.getHandoff(id))?.agentId).not.toBe(absent.agentId);
    expect((await sup.request('supervisor.reassign', { handoffId: id, agentId: b.agentId })).ok).toBe(true);
    await a.next((e) => e.type === 'conversation.removed');
    await b.next((e) => e.type === 'conversation.assigned');
    expect((await h.store.getHandoff(id))?.agentId).toBe(b.agentId);
  });

  it('pushes queue snapshots to supervisors as they move, and to agents when the set of queues changes or their interval is up', async () => {
    const h = await hub({ agentQueuePushMs: 1_500 });
    const sup = deskFor(h, 'Sue', 'supervisor');
    const agent = deskFor(h, 'Ann', 'agent', ['returns']);
    await Promise.all([sup.hello, agent.hello]);
    const seen = { sup: [] as { queue: string; waiting: number }[][], agent: [] as { queue: string; waiting: number }[][] };
    sup.socket.on('queues', (q: { queue: string; waiting: number }[]) => seen.sup.push(q));
    agent.socket.on('queues', (q: { queue: string; waiting: number }[]) => seen.agent.push(q));
    const supervisorSees = (queue: string, waiting: number) =>
      expect.poll(() => seen.sup.some((q) => q.some((x) => x.queue === queue && x.waiting === waiting)), { timeout: 5_000 }).toBe(true);

    // A new queue: everyone hears of it.
    await postHandoff(h, handoff('q-1', { queue: 'tech' }));
    await supervisorSees('tech', 1);
    await expect.poll(() => seen.agent.some((q) => q.some((x) => x.queue === 'tech')), { timeout: 5_000 }).toBe(true);
    const agentPushes = seen.agent.length;
    // The same queues, more waiting: the supervisor's tiles move, the agent's desk is not sent the same list again.
    await postHandoff(h, handoff('q-2', { queue: 'tech' }));
    await supervisorSees('tech', 2);
    await postHandoff(h, handoff('q-3', { queue: 'tech' }));
    await supervisorSees('tech', 3);
    // Both pushes are emitted in one turn of the hub's loop, so the agent's would have arrived with the supervisor's.
    await new Promise((r) => setTimeout(r, 100));
    expect(seen.agent.length).toBe(agentPushes);
    // Once the agents' interval is up they get the state the queues are in, though nothing moved since.
    await expect.poll(() => seen.agent.some((q) => q.some((x) => x.queue === 'tech' && x.waiting === 3)), { timeout: 5_000 }).toBe(true);
    expect(seen.agent.length).toBe(agentPushes + 1);
  });

  it('refuses a socket without a valid token', async () => {
    const h = await hub();
    const d = connectDesk(h, 'bat_not-a-real-token');
    cleanups.push(() => d.close());
    await expect(d.hello).rejects.toThrow(/unauthorized/);
  });

  it('ends the sessions of an agent whose token is re-issued, and lets only the new token in', async () => {
    const h = await hub();
    const maya = deskFor(h, 'Maya');
    await maya.hello;
    const closed = new Promise<string>((resolve) => maya.socket.once('disconnect', resolve));
    const rotated = h.issueToken({ id: maya.agentId, name: 'Maya', role: 'agent', skills: ['billing'] });
    expect(await closed).toBe('io server disconnect');
    const old = connectDesk(h, maya.token);
    cleanups.push(() => old.close());
    await expect(old.hello).rejects.toThrow(/unauthorized/);
    const fresh = connectDesk(h, rotated.token);
    cleanups.push(() => fresh.close());
    expect((await fresh.hello).agent.id).toBe(maya.agentId);
  });

  it('refuses a request signed with a token replaced behind the hub’s back (the CLI), then ends the session', async () => {
    const h = await hub();
    const maya = deskFor(h, 'Maya');
    await maya.hello;
    const agent = await h.store.getAgent(maya.agentId);
    if (!agent) throw new Error('agent missing');
    // What `npm run hub -- agents add` does from another process: a new hash in the shared database.
    await h.store.upsertAgent(agent, hashToken('bat_replaced-by-the-operator'));
    const closed = new Promise<string>((resolve) => maya.socket.once('disconnect', resolve));
    const r = await maya.request('status.set', { status: 'away' });
    expect(r.ok ? 'accepted' : r.error.code).toBe('unauthorized');
    expect(await closed).toBe('io server disconnect');
    expect((await h.store.getAgent(maya.agentId))?.status).toBe('available');
  });

  it('serves metrics to supervisors only, the knowledge base to agents, queues to both', async () => {
    const h = await hub();
    const agent = h.issueToken({ name: 'Ana', role: 'agent' });
    const sup = h.issueToken({ name: 'Sue', role: 'supervisor' });
    expect((await api(h, '/v1/metrics')).status).toBe(403);
    expect((await api(h, '/v1/metrics', { headers: bearer(agent.token) })).status).toBe(403);
    expect((await api(h, '/v1/metrics', { headers: {} })).status).toBe(401);
    expect((await api(h, '/v1/metrics', { headers: bearer(sup.token) })).status).toBe(200);
    expect((await api(h, '/v1/queues', { headers: bearer(agent.token) })).status).toBe(200);
    // Who waits and why is for the hub's people; a bot key sees only the queue's shape.
    await postHandoff(h, handoff('q-people'));
    const forSupervisor = await api(h, '/v1/queues', { headers: bearer(sup.token) });
    expect(forSupervisor.json.waiting[0]).toMatchObject({ customer: { id: 'cust-q-people', name: 'Crystal Minh' }, detail: 'billing dispute' });
    const forBot = await api(h, '/v1/queues');
    expect(forBot.json.waiting[0].customer).toBeUndefined();
    expect(JSON.stringify(forBot.json)).not.toContain('Crystal Minh');
    expect((await api(h, '/v1/kb/articles')).status).toBe(403);
    expect((await api(h, '/v1/handoffs', { body: handoff('x'), headers: { ...bearer(agent.token), 'content-type': 'application/json' } })).status).toBe(401);

    expect(h.importKb([{ id: 'kb-1', title: 'Refunds', body: 'How refunds work', category: 'billing' }])).toBe(1);
    const all = await api(h, '/v1/kb/articles', { headers: bearer(agent.token) });
    expect(all.json.articles.map((a: { id: string }) => a.id)).toEqual(['kb-1']);
    const since = all.json.articles[0].updatedAt as string;
    expect((await api(h, `/v1/kb/articles?since=${encodeURIComponent(since)}`, { headers: bearer(agent.token) })).json.articles).toEqual([]);
    expect(h.importKb([{ id: 'kb-1', title: 'Refunds', body: 'How refunds work', category: 'billing' }])).toBe(0);
  });
});

describe('metrics', () => {
  it('reports drop-off, first-contact resolution, CSAT, answer and handle times and suggestion acceptance per queue and trigger', async () => {
    const h = await hub();
    const sup = h.issueToken({ name: 'Sue', role: 'supervisor' });
    const d = deskFor(h, 'Ana');
    await d.hello;
    const resolved = (await postHandoff(h, handoff('m-1'))).json.handoffId;
    await d.next(isOffer(resolved));
    await d.request('offer.accept', { handoffId: resolved });
    await d.request('suggestion.feedback', { handoffId: resolved, suggestionId: 's1', action: 'inserted' });
    await d.request('suggestion.feedback', { handoffId: resolved, suggestionId: 's2', action: 'dismissed' });
    await d.request('conversation.resolve', { handoffId: resolved, wrapUp: { resolution: 'resolved', disposition: 'refund' } });
    await api(h, '/v1/conversations/m-1/csat', { body: { score: 4 } });
    await d.request('status.set', { status: 'away' });
    await postHandoff(h, handoff('m-2', { reason: { trigger: 'sentiment' } }));
    await api(h, '/v1/conversations/m-2/end', { method: 'POST' });
    await postHandoff(h, handoff('m-3', { queue: 'tech' }));

    const all = (await api(h, '/v1/metrics', { headers: bearer(sup.token) })).json;
    expect(all.counts).toMatchObject({ handoffs: 3, answered: 1, dropped: 1, resolved: 1, waiting: 1 });
    expect(all.dropOffRate).toBe(0.5);
    expect(all.firstContactResolutionRate).toBe(1);
    expect(all.csat).toEqual({ average: 4, count: 1 });
    expect(all.suggestionAcceptanceRate).toBe(0.5);
    // The one answered hand-off's own timestamps, as the store recorded them, give the exact expected times.
    const m1 = (await h.store.latestHandoffForConversation('m-1'))!;
    expect(m1.firstAcceptedAt).toBeDefined();
    expect(m1.endedAt).toBeDefined();
    const secs = (from: string, to: string) => Math.round(((Date.parse(to) - Date.parse(from)) / 1000) * 100) / 100;
    expect(all.averageSpeedOfAnswerSeconds).toBe(secs(m1.createdAt, m1.firstAcceptedAt!));
    expect(all.averageHandleSeconds).toBe(secs(m1.firstAcceptedAt!, m1.endedAt!));

    expect(all.byQueue.map((m: { queue: string; counts: { handoffs: number } }) => [m.queue, m.counts.handoffs])).toEqual([
      ['billing', 2],
      ['tech', 1],
    ]);
    expect(all.byTrigger.find((m: { trigger: string }) => m.trigger === 'sentiment').dropOffRate).toBe(1);
    const bySentiment = (await api(h, '/v1/metrics?trigger=sentiment', { headers: bearer(sup.token) })).json;
    expect(bySentiment.counts).toMatchObject({ handoffs: 1, dropped: 1 });
    expect(bySentiment.dropOffRate).toBe(1);
    const tech = (await api(h, '/v1/metrics?queue=tech', { headers: bearer(sup.token) })).json;
    expect(tech.counts.handoffs).toBe(1);
    const future = (await api(h, '/v1/metrics?from=2999-01-01T00:00:00Z', { headers: bearer(sup.token) })).json;
    expect(future.counts.handoffs).toBe(0);
    expect((await api(h, '/v1/metrics?from=yesterday', { headers: bearer(sup.token) })).status).toBe(400);

    // A new hand-off for the same customer within the window means the first was not resolved on first contact.
    await postHandoff(h, handoff('m-4', { customer: { id: 'cust-m-1' } }));
    const after = (await api(h, '/v1/metrics', { headers: bearer(sup.token) })).json;
    expect(after.firstContactResolutionRate).toBe(0);
  });
});

describe('policy, Bot Framework and callbacks', () => {
  it('evaluates bot turns with the policy engine', async () => {
    const h = await hub();
    const r = await api(h, '/v1/policy/evaluate', { body: { conversationId: 'p-1', customer: { id: 'c', tier: 'standard' }, turn: { role: 'customer', text: 'I want to talk to a human' } } });
    expect(r.status).toBe(200);
    expect(r.json.handoff).toBe(true);
    expect((await api(h, '/v1/policy/evaluate', { body: { conversationId: '' } })).status).toBe(400);
  });

  it('takes a Bot Framework handoff.initiate and posts handoff.status events to the callback', async () => {
    const received: unknown[] = [];
    let arrived: () => void = () => {};
    const cb = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push(JSON.parse(body));
        res.end('ok');
        arrived();
      });
    });
    await new Promise<void>((r) => cb.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise<void>((r) => cb.close(() => r())));
    const callbackUrl = `http://127.0.0.1:${(cb.address() as AddressInfo).port}/status`;
    // A loopback callback is internal: this test's receiver is allowed the way an operator would allow it.
    const h = await hub({ callbackAllow: [`127.0.0.1:${(cb.address() as AddressInfo).port}`] });
    const activity = {
      type: 'event',
      name: 'handoff.initiate',
      conversation: { id: 'bf-1' },
      from: { id: 'bot', role: 'bot' },
      value: { customer: { id: 'bf-cust' }, reason: { trigger: 'customer_request' }, queue: 'billing', callbackUrl },
      attachments: [
        {
          name: 'Transcript',
          contentType: 'application/json',
          content: { activities: [{ type: 'message', text: 'I need a person', from: { id: 'user-1', role: 'user' } }] },
        },
      ],
    };
    const r = await api(h, '/v1/botframework/activities', { body: activity });
    expect(r.status).toBe(201);
    expect(r.json.conversationId).toBe('bf-1');
    const d = deskFor(h, 'Ana');
    const got = new Promise<void>((r2) => (arrived = r2));
    await d.next(isOffer(r.json.handoffId));
    await d.request('offer.accept', { handoffId: r.json.handoffId });
    await got;
    expect(received[0]).toMatchObject({ type: 'event', name: 'handoff.status', value: { state: 'accepted' }, conversation: { id: 'bf-1' } });

    // A plain hand-off gets Baton's own JSON status events.
    const plain = (await postHandoff(h, handoff('cb-2', { callbackUrl }))).json.handoffId;
    await d.next(isOffer(plain));
    const got2 = new Promise<void>((r2) => (arrived = r2));
    await d.request('offer.accept', { handoffId: plain });
    await got2;
    expect(received[1]).toMatchObject({ type: 'handoff.status', handoffId: plain, conversationId: 'cb-2', status: 'accepted' });
  });

  it('does not follow a redirect from a status callback to another address', async () => {
    let redirectedTo = 0;
    const inner = createServer((_req, res) => {
      redirectedTo++;
      res.end('ok');
    });
    await new Promise<void>((r) => inner.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise<void>((r) => inner.close(() => r())));
    let bounced: () => void = () => {};
    const bouncedOnce = new Promise<void>((r) => (bounced = r));
    const outer = createServer((req, res) => {
      req.resume();
      res.writeHead(307, { location: `http://127.0.0.1:${(inner.address() as AddressInfo).port}/internal` });
      res.end();
      bounced();
    });
    await new Promise<void>((r) => outer.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise<void>((r) => outer.close(() => r())));
    const h = await hub({ callbackAllow: [`127.0.0.1:${(outer.address() as AddressInfo).port}`] });
    const id = (await postHandoff(h, handoff('cb-redirect', { callbackUrl: `http://127.0.0.1:${(outer.address() as AddressInfo).port}/status` }))).json.handoffId;
    const d = deskFor(h, 'Ana');
    await d.next(isOffer(id));
    await d.request('offer.accept', { handoffId: id });
    await bouncedOnce;
    // Give a followed redirect the time it would need to land, then check it did not.
    await new Promise((r) => setTimeout(r, 200));
    expect(redirectedTo).toBe(0);
  });

  it('long-polls customer events until one arrives', async () => {
    const h = await hub();
    await postHandoff(h, handoff('lp-1'));
    const first = await api(h, '/v1/conversations/lp-1/events?after=0');
    const after = first.json.nextAfter as number;
    const d = deskFor(h, 'Ana');
    const poll = api(h, `/v1/conversations/lp-1/events?after=${after}&wait=10`);
    await d.hello;
    const offer = await d.next(isOffer());
    await d.request('offer.accept', { handoffId: offer.type === 'offer' ? offer.conversation.handoffId : '' });
    // The poll wakes at the offer: the customer is told at once they are being connected, then who joined.
    const r = await poll;
    expect(r.json.events[0]).toMatchObject({ type: 'expectation', position: 0 });
    expect(await nextCustomerEvent(h, 'lp-1', (e) => e.type === 'agent.joined', r.json.nextAfter)).toMatchObject({ type: 'agent.joined' });
    expect((await api(h, '/v1/conversations/nope/events')).status).toBe(404);
  });
});
