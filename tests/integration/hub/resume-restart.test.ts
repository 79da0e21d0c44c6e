import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../../src/shared/protocol/agent-socket';
import { api, connectDesk, handoff, isOffer, postHandoff, startTestHub, useHubCleanups } from './hub-harness';

const { cleanups } = useHubCleanups();

const waitDisconnected = (s: { connected: boolean; once(e: string, f: () => void): unknown }) =>
  new Promise<void>((resolve) => (s.connected ? s.once('disconnect', () => resolve()) : resolve()));

/** A desk that accepted a hand-off of `conversationId` and then disconnected: what a resume test starts from. */
async function acceptedThenDisconnected(hubOpts: Parameters<typeof startTestHub>[0], conversationId: string) {
  const t = await startTestHub(hubOpts);
  cleanups.push(t.cleanup);
  const h = t.hub;
  const { token } = h.issueToken({ name: 'Maya', role: 'agent', skills: ['billing'] });
  const first = connectDesk(h, token);
  await first.hello;
  const id = (await postHandoff(h, handoff(conversationId))).json.handoffId as string;
  await first.next(isOffer(id));
  await first.request('offer.accept', { handoffId: id });
  await first.next((e) => e.type === 'conversation.assigned');
  const lastSeq = Math.max(...first.events.map((e) => e.seq));
  first.close();
  await waitDisconnected(first.socket);
  return { h, token, id, lastSeq };
}

describe('desk resume', () => {
  it('replays exactly the events missed while disconnected, in order, once, then continues live', async () => {
    const { h, token, id, lastSeq } = await acceptedThenDisconnected({}, 'resume-1');

    for (let i = 1; i <= 3; i++) {
      const r = await api(h, '/v1/conversations/resume-1/messages', { body: { role: 'customer', text: `still there ${i}?`, clientMessageId: `m-${i}` } });
      expect(r.status).toBe(201);
    }

    const second = connectDesk(h, token, lastSeq);
    cleanups.push(() => second.close());
    const hello = await second.hello;
    expect(hello.headSeq).toBe(lastSeq + 3);
    await second.next((e) => e.seq === lastSeq + 3, 'last missed event');
    const replayed = second.events.map((e) => [e.seq, e.type === 'message' ? e.message.text : e.type]);
    expect(replayed).toEqual([
      [lastSeq + 1, 'still there 1?'],
      [lastSeq + 2, 'still there 2?'],
      [lastSeq + 3, 'still there 3?'],
    ]);
    // Live events continue the sequence.
    await api(h, '/v1/conversations/resume-1/messages', { body: { role: 'customer', text: 'live', clientMessageId: 'm-live' } });
    const live = await second.next((e) => e.type === 'message' && e.message.text === 'live');
    expect(live.seq).toBe(lastSeq + 4);
    expect(new Set(second.events.map((e) => e.seq)).size).toBe(second.events.length);
    // The conversation stayed with Maya through the short disconnect.
    expect(await h.store.getHandoff(id)).toMatchObject({ status: 'active' });
  });

  it('replays a long absence a page at a time, in order, once', async () => {
    const { h, token, lastSeq } = await acceptedThenDisconnected({ replayPageSize: 2 }, 'paged-1');
    for (let i = 1; i <= 5; i++) {
      await api(h, '/v1/conversations/paged-1/messages', { body: { role: 'customer', text: `missed ${i}`, clientMessageId: `p-${i}` } });
    }
    const second = connectDesk(h, token, lastSeq);
    cleanups.push(() => second.close());
    await second.hello;
    // A request is answered only after the replay and join, so every replayed event is in by then.
    expect((await second.request('status.set', { status: 'available' })).ok).toBe(true);
    expect(second.events.map((e) => [e.seq, e.type === 'message' ? e.message.text : e.type])).toEqual(
      [1, 2, 3, 4, 5].map((i) => [lastSeq + i, `missed ${i}`]),
    );
  });

  it('gives a fresh desk the offers and conversations the agent has now, not their whole history', async () => {
    const t = await startTestHub();
    cleanups.push(t.cleanup);
    const h = t.hub;
    const { token } = h.issueToken({ name: 'Maya', role: 'agent', skills: ['billing'], capacity: 2 });
    const first = connectDesk(h, token);
    cleanups.push(() => first.close());
    await first.hello;
    for (let i = 1; i <= 4; i++) {
      const id = (await postHandoff(h, handoff(`past-${i}`))).json.handoffId;
      await first.next(isOffer(id));
      expect((await first.request('offer.accept', { handoffId: id })).ok).toBe(true);
      await first.request('message.send', { handoffId: id, clientMessageId: `past-msg-${i}`, text: 'Sorted.' });
      expect((await first.request('conversation.resolve', { handoffId: id, wrapUp: { resolution: 'resolved', disposition: 'refund' } })).ok).toBe(true);
    }
    const held = (await postHandoff(h, handoff('now-held'))).json.handoffId;
    await first.next(isOffer(held));
    await first.request('offer.accept', { handoffId: held });
    const offered = (await postHandoff(h, handoff('now-offered'))).json.handoffId;
    await first.next(isOffer(offered));
    const head = Math.max(...first.events.map((e) => e.seq));
    expect(head).toBe(19); // 4 past conversations of 4 events each, then 2 for the held one and 1 offer

    // A second install (or a desk after a token change) starts from 0 while the first is still online.
    const fresh = connectDesk(h, token, 0);
    cleanups.push(() => fresh.close());
    const hello = await fresh.hello;
    expect(hello.headSeq).toBe(head);
    expect((await fresh.request('status.set', { status: 'available' })).ok).toBe(true);
    const got = fresh.events.map((e) => [e.type, e.type === 'offer' || e.type === 'conversation.assigned' ? e.conversation.handoffId : '']);
    expect(got).toEqual([
      ['conversation.assigned', held],
      ['offer', offered],
    ]);
    expect(fresh.events.map((e) => e.seq)).toEqual([head + 1, head + 2]);
    const assigned = fresh.events[0];
    expect(assigned?.type === 'conversation.assigned' && assigned.conversation.messages.length).toBe(2);
    // The fresh events go to the desk already online too, so both follow one sequence.
    await first.next((e) => e.seq === head + 2, 'the fresh state on the other desk');
    // Live events continue after them.
    await api(h, '/v1/conversations/now-held/messages', { body: { role: 'customer', text: 'still here', clientMessageId: 'live-1' } });
    const live = await fresh.next((e) => e.type === 'message' && e.message.text === 'still here');
    expect(live.seq).toBe(head + 3);
  });

  it('re-queues the conversations of an agent who does not come back within the grace period', async () => {
    const t = await startTestHub({ reconnectGraceMs: 100 });
    cleanups.push(t.cleanup);
    const h = t.hub;
    const a = h.issueToken({ name: 'Gone', role: 'agent', skills: ['billing'] });
    const b = h.issueToken({ name: 'Here', role: 'agent', skills: ['billing'] });
    const gone = connectDesk(h, a.token);
    await gone.hello;
    const id = (await postHandoff(h, handoff('grace-1'))).json.handoffId;
    await gone.next(isOffer(id));
    await gone.request('offer.accept', { handoffId: id });
    const goneSeq = Math.max(...gone.events.map((e) => e.seq));
    gone.close();
    await waitDisconnected(gone.socket);
    const here = connectDesk(h, b.token);
    cleanups.push(() => here.close());
    await here.hello;
    await here.next(isOffer(id), 're-queued offer');
    const back = connectDesk(h, a.token, goneSeq);
    cleanups.push(() => back.close());
    await back.next((e) => e.type === 'conversation.removed' && e.reason === 'requeued', 'removed');
  });
});

describe('hub restart', () => {
  it('keeps conversations, queue positions, messages, tokens and event sequences across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'baton-hub-restart-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const one = await startTestHub({}, dir);
    const { token, agentId } = one.hub.issueToken({ name: 'Maya', role: 'agent', skills: ['billing'], capacity: 1 });
    const desk = connectDesk(one.hub, token);
    await desk.hello;
    const active = (await postHandoff(one.hub, handoff('r-active'))).json.handoffId;
    await desk.next(isOffer(active));
    await desk.request('offer.accept', { handoffId: active });
    await desk.request('message.send', { handoffId: active, clientMessageId: 'before-restart', text: 'Looking into it.' });
    const waitingA = await postHandoff(one.hub, handoff('r-wait-a'));
    const waitingB = await postHandoff(one.hub, handoff('r-wait-b'));
    expect([waitingA.json.position, waitingB.json.position]).toEqual([1, 2]);
    await desk.next((e) => e.type === 'message');
    const seqBefore: AgentEvent[] = [...desk.events];
    const headBefore = Math.max(...seqBefore.map((e) => e.seq));
    desk.close();
    await waitDisconnected(desk.socket);
    await one.hub.close();

    const two = await startTestHub({}, dir);
    cleanups.push(() => two.hub.close());
    const h = two.hub;
    expect(await h.store.getHandoff(active)).toMatchObject({ status: 'active', agentId });
    expect((await h.store.listMessages(active)).map((m) => m.text)).toContain('Looking into it.');
    const again = await postHandoff(h, handoff('r-wait-b'));
    expect(again.status).toBe(200);
    expect(again.json.handoffId).toBe(waitingB.json.handoffId);
    expect(again.json.position).toBe(2);

    const from = seqBefore[0]?.seq ?? 0;
    const resumed = connectDesk(h, token, from);
    cleanups.push(() => resumed.close());
    const hello = await resumed.hello;
    expect(hello.headSeq).toBe(headBefore);
    await resumed.next((e) => e.seq === headBefore);
    expect(resumed.events.map((e) => [e.seq, e.type])).toEqual(seqBefore.slice(1).map((e) => [e.seq, e.type]));
    await api(h, '/v1/conversations/r-active/messages', { body: { role: 'customer', text: 'after restart', clientMessageId: 'after-1' } });
    const next = await resumed.next((e) => e.type === 'message' && e.message.text === 'after restart');
    expect(next.seq).toBe(headBefore + 1);
  });
});

describe('logs', () => {
  it('carry ids and codes but never message text or the customer’s name', async () => {
    const { createLogger } = await import('../../../src/shared/log');
    const lines: string[] = [];
    const t = await startTestHub({ logger: createLogger('hub', { level: 'debug', write: (l) => lines.push(l) }) });
    cleanups.push(t.cleanup);
    const h = t.hub;
    const { token } = h.issueToken({ name: 'Maya', role: 'agent', skills: ['billing'] });
    const d = connectDesk(h, token);
    cleanups.push(() => d.close());
    await d.hello;
    const id = (await postHandoff(h, handoff('log-1'))).json.handoffId;
    await d.next(isOffer(id));
    await d.request('offer.accept', { handoffId: id });
    await d.request('message.send', { handoffId: id, clientMessageId: 'log-msg-1', text: 'Your refund of 94 dollars is on its way.' });
    await api(h, '/v1/conversations/log-1/messages', { body: { role: 'customer', text: 'My card ends in 4242', clientMessageId: 'c-log' } });
    await d.request('conversation.resolve', { handoffId: id, wrapUp: { resolution: 'resolved', disposition: 'refund' } });
    const all = lines.join('\n');
    expect(all).toContain(id);
    for (const secret of ['Crystal', 'charged twice', 'refund of 94', '4242', token]) expect(all).not.toContain(secret);
  });
});
