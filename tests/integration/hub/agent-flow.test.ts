import { describe, expect, it } from 'vitest';
import type { ConversationView, Message } from '../../../src/shared/domain/conversation';
import type { RunningHub } from '../../../src/hub/server';
import { api, connectDesk, handoff, isOffer, nextCustomerEvent, postHandoff, useHubCleanups, type TestDesk } from './hub-harness';

const { cleanups, hub } = useHubCleanups();


async function desk(h: RunningHub, name: string, skills = ['billing'], capacity = 3): Promise<TestDesk & { agentId: string }> {
  const { agentId, token } = h.issueToken({ name, role: 'agent', skills, capacity });
  const d = connectDesk(h, token);
  cleanups.push(() => d.close());
  await d.hello;
  return Object.assign(d, { agentId });
}

describe('offer, accept and relay', () => {
  it('offers the hand-off, and after accept the customer sees who joined and messages flow both ways', async () => {
    const h = await hub();
    const maya = await desk(h, 'Maya Chen');
    const posted = await postHandoff(h, handoff('flow-1'));
    const offer = await maya.next(isOffer(posted.json.handoffId), 'offer');
    if (offer.type !== 'offer') throw new Error('not an offer');
    expect(offer.conversation.messages).toHaveLength(2);

    const accepted = await maya.request<ConversationView>('offer.accept', { handoffId: posted.json.handoffId });
    expect(accepted.ok).toBe(true);
    if (!accepted.ok) return;
    expect(accepted.value.status).toBe('active');
    expect(accepted.value.expectations[0]?.text).toBe(posted.json.customerMessage);
    expect(accepted.value.messages.filter((m) => m.beforeHandoff)).toHaveLength(2);
    await maya.next((e) => e.type === 'conversation.assigned', 'assigned');

    const joined = await nextCustomerEvent(h, 'flow-1', (e) => e.type === 'agent.joined');
    expect(joined.text).toBe('Maya Chen has joined the conversation.');

    const sent = await maya.request<Message>('message.send', { handoffId: posted.json.handoffId, clientMessageId: 'client-0001', text: 'Hi Crystal, refunding now.' });
    expect(sent.ok).toBe(true);
    const retry = await maya.request<Message>('message.send', { handoffId: posted.json.handoffId, clientMessageId: 'client-0001', text: 'Hi Crystal, refunding now.' });
    expect(retry.ok && sent.ok && retry.value.id === sent.value.id).toBe(true);
    const agentLine = await nextCustomerEvent(h, 'flow-1', (e) => e.type === 'message');
    expect(agentLine).toMatchObject({ role: 'agent', text: 'Hi Crystal, refunding now.', authorName: 'Maya Chen' });
    const burst = await Promise.all(
      Array.from({ length: 5 }, () => maya.request<Message>('message.send', { handoffId: posted.json.handoffId, clientMessageId: 'client-0002', text: 'Done.' })),
    );
    expect(new Set(burst.map((r) => (r.ok ? r.value.id : 'failed'))).size).toBe(1);
    expect((await h.store.listMessages(posted.json.handoffId)).filter((m) => m.clientMessageId === 'client-0002')).toHaveLength(1);
    const all = await api(h, '/v1/conversations/flow-1/events?after=0');
    expect(all.json.events.filter((e: { type: string }) => e.type === 'message')).toHaveLength(2);

    const cm = await api(h, '/v1/conversations/flow-1/messages', { body: { role: 'customer', text: 'Thank you!', clientMessageId: 'cust-1' } });
    expect(cm.status).toBe(201);
    const cmAgain = await api(h, '/v1/conversations/flow-1/messages', { body: { role: 'customer', text: 'Thank you!', clientMessageId: 'cust-1' } });
    expect(cmAgain.status).toBe(200);
    expect(cmAgain.json.id).toBe(cm.json.id);
    const relayed = await maya.next((e) => e.type === 'message' && e.message.role === 'customer', 'customer message');
    expect(relayed.type === 'message' && relayed.message.text).toBe('Thank you!');
    expect((await h.store.listMessages(posted.json.handoffId)).filter((m) => m.role === 'customer' && !m.beforeHandoff)).toHaveLength(1);
  });

  it('re-offers to the next agent when the first declines', async () => {
    const h = await hub();
    const a = await desk(h, 'Ana');
    const b = await desk(h, 'Ben');
    const posted = await postHandoff(h, handoff('decline-1'));
    const id = posted.json.handoffId as string;
    const first = (await h.store.getHandoff(id))?.offeredTo;
    const [firstDesk, secondDesk] = first === a.agentId ? [a, b] : [b, a];
    await firstDesk.next(isOffer(id));
    expect((await firstDesk.request('offer.decline', { handoffId: id })).ok).toBe(true);
    await firstDesk.next((e) => e.type === 'offer.revoked' && e.reason === 'declined');
    await secondDesk.next(isOffer(id), 'second offer');
    expect(secondDesk.events.filter((e) => e.type === 'offer')).toHaveLength(1);
    // The agent who declined cannot accept any more.
    const late = await firstDesk.request('offer.accept', { handoffId: id });
    expect(late.ok).toBe(false);
  });

  it('re-offers to the next agent when an offer times out', async () => {
    const h = await hub({ offerTimeoutMs: 150 });
    const a = await desk(h, 'Ana');
    const b = await desk(h, 'Ben');
    const id = (await postHandoff(h, handoff('timeout-1'))).json.handoffId as string;
    const revoked = await Promise.race([a.next((e) => e.type === 'offer.revoked'), b.next((e) => e.type === 'offer.revoked')]);
    expect(revoked.type === 'offer.revoked' && revoked.reason).toBe('timeout');
    await a.next(isOffer(id));
    await b.next(isOffer(id));
  });

  it('asks the only agent again after a cool-down when they missed or declined the offer, so the customer is not stranded', async () => {
    // Timeouts long enough that a loaded machine still answers each offer before it runs out; the cool-down is
    // checked on the hub's own timestamps, not on when this test happened to read the events.
    const h = await hub({ offerTimeoutMs: 1_000, reofferAfterMs: 600 });
    const solo = await desk(h, 'Solo');
    const id = (await postHandoff(h, handoff('solo-1'))).json.handoffId as string;
    await solo.next(isOffer(id), 'first offer');
    const revoked = await solo.next((e) => e.type === 'offer.revoked' && e.handoffId === id && e.reason === 'timeout');
    // Second offer: the same agent, but only once the cool-down has passed.
    const second = await solo.next((e) => isOffer(id)(e) && solo.events.filter(isOffer(id)).length === 2, 'second offer');
    expect(Date.parse(second.at) - Date.parse(revoked.at)).toBeGreaterThanOrEqual(600);
    const declined = await solo.request('offer.decline', { handoffId: id });
    expect(declined.ok).toBe(true);
    await solo.next((e) => isOffer(id)(e) && solo.events.filter(isOffer(id)).length === 3, 'third offer after a decline');
    expect((await solo.request('offer.accept', { handoffId: id })).ok).toBe(true);
  });

  it('prefers an agent who has not been asked over one who declined, during the cool-down', async () => {
    const h = await hub({ reofferAfterMs: 60_000 });
    const a = await desk(h, 'Ana');
    const id = (await postHandoff(h, handoff('prefer-1'))).json.handoffId as string;
    await a.next(isOffer(id));
    expect((await a.request('offer.decline', { handoffId: id })).ok).toBe(true);
    const b = await desk(h, 'Ben');
    await b.next(isOffer(id), 'offer to the agent who had not been asked');
    expect(a.events.filter(isOffer(id))).toHaveLength(1);
  });

  it('never offers an agent more than their capacity', async () => {
    const h = await hub();
    const solo = await desk(h, 'Solo', ['billing'], 2);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await postHandoff(h, handoff(`cap-${i}`))).json.handoffId);
    await solo.next(isOffer(ids[1]));
    expect(solo.events.filter((e) => e.type === 'offer')).toHaveLength(2);
    expect((await h.store.getHandoff(ids[2] ?? ''))?.status).toBe('queued');
    // Resolving one frees a slot and the third is offered.
    const r = await solo.request('offer.accept', { handoffId: ids[0] });
    expect(r.ok).toBe(true);
    expect((await solo.request('conversation.resolve', { handoffId: ids[0], wrapUp: { resolution: 'resolved', disposition: 'refund' } })).ok).toBe(true);
    await solo.next(isOffer(ids[2]), 'third offer');
  });

  it('offers a VIP customer before others who waited longer', async () => {
    // Re-tellings are spaced by retellMs (30 s by default); short here so the move is told within the test.
    const h = await hub({ retellMs: 50 });
    const regular = (await postHandoff(h, handoff('std-1'))).json.handoffId;
    const vip = (await postHandoff(h, handoff('vip-1', { customer: { id: 'v', tier: 'vip' } }))).json.handoffId;
    expect(await h.store.getHandoff(vip)).toMatchObject({ vip: true });
    const queued = await api(h, '/v1/queues');
    expect(queued.json.queues.find((q: { queue: string }) => q.queue === 'billing').waiting).toBe(2);
    expect(queued.json.waiting.map((w: { handoffId: string; position: number }) => [w.handoffId, w.position])).toEqual([
      [vip, 1],
      [regular, 2],
    ]);
    const d = await desk(h, 'Solo', ['billing'], 1);
    const offer = await d.next(isOffer());
    expect(offer.type === 'offer' && offer.conversation.handoffId).toBe(vip);
    expect((await h.store.getHandoff(regular))?.status).toBe('queued');
    // The customer behind the VIP is told the queue moved.
    expect(await nextCustomerEvent(h, 'std-1', (e) => e.type === 'expectation' && e.position === 2)).toMatchObject({ type: 'expectation', position: 2 });
  });
});

describe('after the conversation', () => {
  it('resolves with a wrap-up: the customer is asked for CSAT and told it ended; CSAT is recorded', async () => {
    const h = await hub();
    const d = await desk(h, 'Maya');
    const id = (await postHandoff(h, handoff('end-1', { callbackUrl: undefined }))).json.handoffId;
    await d.next(isOffer(id));
    await d.request('offer.accept', { handoffId: id });
    const res = await d.request('conversation.resolve', { handoffId: id, wrapUp: { resolution: 'resolved', disposition: 'refund', notes: 'ok', requestCsat: true } });
    expect(res.ok).toBe(true);
    await d.next((e) => e.type === 'conversation.removed' && e.reason === 'resolved');
    const events = (await api(h, '/v1/conversations/end-1/events?after=0')).json.events.map((e: { type: string }) => e.type);
    expect(events.slice(-2)).toEqual(['csat.requested', 'conversation.ended']);
    expect((await api(h, '/v1/conversations/end-1/csat', { body: { score: 5, comment: 'great' } })).status).toBe(200);
    expect((await api(h, '/v1/conversations/end-1/csat', { body: { score: 9 } })).status).toBe(400);
    expect(await h.store.getHandoff(id)).toMatchObject({ status: 'resolved', disposition: 'refund', csatScore: 5 });
  });

  it('hands back to the bot and transfers to another queue', async () => {
    const h = await hub();
    const billing = await desk(h, 'Bill', ['billing']);
    const tech = await desk(h, 'Tess', ['tech']);
    const id = (await postHandoff(h, handoff('tr-1'))).json.handoffId;
    await billing.next(isOffer(id));
    await billing.request('offer.accept', { handoffId: id });
    const moved = await billing.request('conversation.transfer', { handoffId: id, queue: 'tech', note: 'router issue' });
    expect(moved.ok).toBe(true);
    await billing.next((e) => e.type === 'conversation.removed' && e.reason === 'transferred');
    await tech.next(isOffer(id), 'offer in tech');
    const accepted = await tech.request<ConversationView>('offer.accept', { handoffId: id });
    expect(accepted.ok && accepted.value.messages.some((m) => m.role === 'system' && m.text.includes('router issue'))).toBe(true);
    await nextCustomerEvent(h, 'tr-1', (e) => e.type === 'transferred');
    expect((await tech.request('conversation.handback', { handoffId: id })).ok).toBe(true);
    await nextCustomerEvent(h, 'tr-1', (e) => e.type === 'handed_back');
    expect((await h.store.getHandoff(id))?.status).toBe('handed_back');
    // A new hand-off of the same conversation is a new hand-off once the old one ended.
    const again = await postHandoff(h, handoff('tr-1'));
    expect(again.status).toBe(201);
    expect(again.json.handoffId).not.toBe(id);
  });

  it('takes suggestion feedback from an agent who held the conversation before a transfer, not from one who never held it', async () => {
    const h = await hub();
    const bill = await desk(h, 'Bill', ['billing']);
    const id = (await postHandoff(h, handoff('fb-1'))).json.handoffId;
    await bill.next(isOffer(id));
    await bill.request('offer.accept', { handoffId: id });
    const tess = await desk(h, 'Tess', ['tech']);
    const outsider = await desk(h, 'Olly', ['orders']);
    expect((await bill.request('conversation.transfer', { handoffId: id, agentId: tess.agentId })).ok).toBe(true);
    await tess.next(isOffer(id), 'offer to Tess');
    expect((await tess.request('offer.accept', { handoffId: id })).ok).toBe(true);

    const rated = await bill.request('suggestion.feedback', { handoffId: id, suggestionId: 's-before-transfer', action: 'inserted' });
    expect(rated).toEqual({ ok: true, value: null });
    expect((await tess.request('suggestion.feedback', { handoffId: id, suggestionId: 's-after', action: 'edited' })).ok).toBe(true);
    const refused = await outsider.request('suggestion.feedback', { handoffId: id, suggestionId: 's-x', action: 'dismissed' });
    expect(refused.ok ? 'accepted' : refused.error.code).toBe('forbidden');
    expect((await h.store.listSuggestionFeedback([id])).map((f) => [f.agentId, f.suggestionId])).toEqual([
      [bill.agentId, 's-before-transfer'],
      [tess.agentId, 's-after'],
    ]);
  });

  it('counts a customer who leaves before an agent joins as a drop-off and revokes the offer', async () => {
    const h = await hub();
    const d = await desk(h, 'Maya');
    const id = (await postHandoff(h, handoff('drop-1'))).json.handoffId;
    await d.next(isOffer(id));
    const end = await api(h, '/v1/conversations/drop-1/end', { method: 'POST' });
    expect(end.json.status).toBe('abandoned');
    await d.next((e) => e.type === 'offer.revoked' && e.reason === 'ended');
    const late = await api(h, '/v1/conversations/drop-1/messages', { body: { role: 'customer', text: 'hello?', clientMessageId: 'late-1' } });
    expect(late.status).toBe(409);
  });
});

describe('intake with an agent online', () => {
  it('answers "queued" to the bot even when the offer went out at once, and "active" once accepted', async () => {
    const h = await hub();
    const d = await desk(h, 'Maya');
    const posted = await postHandoff(h, handoff('now-1'));
    expect(posted.json.status).toBe('queued');
    expect((await h.store.getHandoff(posted.json.handoffId))?.status).toBe('offered');
    await d.next(isOffer(posted.json.handoffId));
    await d.request('offer.accept', { handoffId: posted.json.handoffId });
    const again = await postHandoff(h, handoff('now-1'));
    expect([again.status, again.json.status, again.json.handoffId]).toEqual([200, 'active', posted.json.handoffId]);
  });
});
