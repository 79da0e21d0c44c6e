// Issue 11 point 5 over real sockets: a retry (same clientMessageId) of a reply the hub already stored answers that
// reply, even after a supervisor reassigned the conversation or the agent transferred it; nothing is sent twice.
import { describe, expect, it } from 'vitest';
import type { Message } from '../../../src/shared/domain/conversation';
import { api, handoff, isOffer, postHandoff, useHubCleanups } from '../hub/hub-harness';
import { deskFor } from './trust-harness';

const { cleanups, hub } = useHubCleanups();

const agentMessagesTo = async (h: Parameters<typeof api>[0], conv: string): Promise<unknown[]> =>
  (await api(h, `/v1/conversations/${conv}/events?after=0`)).json.events.filter((e: { type: string; role?: string }) => e.type === 'message' && e.role === 'agent');

describe('retrying a delivered reply after the conversation moved', () => {
  it('answers the stored message after a supervisor reassign, not forbidden', async () => {
    const h = await hub();
    const maya = await deskFor(h, cleanups, 'Maya');
    const id = (await postHandoff(h, handoff('moved-1'))).json.handoffId;
    await maya.next(isOffer(id));
    expect((await maya.request('offer.accept', { handoffId: id })).ok).toBe(true);
    const sent = await maya.request<Message>('message.send', { handoffId: id, clientMessageId: 'client-msg-1', text: 'I have refunded the second charge.' });
    expect(sent.ok).toBe(true);
    const raj = await deskFor(h, cleanups, 'Raj');
    const sue = await deskFor(h, cleanups, 'Sue', { role: 'supervisor', capacity: 0 });
    expect((await sue.request('supervisor.reassign', { handoffId: id, agentId: raj.agentId })).ok).toBe(true);
    expect((await h.store.getHandoff(id))?.agentId).toBe(raj.agentId);

    const retry = await maya.request<Message>('message.send', { handoffId: id, clientMessageId: 'client-msg-1', text: 'I have refunded the second charge.' });
    expect(retry).toEqual(sent);
    expect(await agentMessagesTo(h, 'moved-1')).toHaveLength(1);
    // A new message from someone who no longer holds it is still refused.
    const fresh = await maya.request<Message>('message.send', { handoffId: id, clientMessageId: 'client-msg-2', text: 'one more thing' });
    expect(fresh.ok).toBe(false);
    // And an agent who never held it does not learn another agent's message by guessing its id.
    const stranger = await deskFor(h, cleanups, 'Zed', { skills: ['other'] });
    expect((await stranger.request<Message>('message.send', { handoffId: id, clientMessageId: 'client-msg-1', text: 'x' })).ok).toBe(false);
  });

  it('answers the stored message after the agent transferred the conversation to a queue', async () => {
    const h = await hub();
    const maya = await deskFor(h, cleanups, 'Maya');
    const id = (await postHandoff(h, handoff('moved-2'))).json.handoffId;
    await maya.next(isOffer(id));
    await maya.request('offer.accept', { handoffId: id });
    const sent = await maya.request<Message>('message.send', { handoffId: id, clientMessageId: 'client-msg-9', text: 'Passing you to returns.' });
    expect((await maya.request('conversation.transfer', { handoffId: id, queue: 'returns' })).ok).toBe(true);
    const retry = await maya.request<Message>('message.send', { handoffId: id, clientMessageId: 'client-msg-9', text: 'Passing you to returns.' });
    expect(retry).toEqual(sent);
    expect(await agentMessagesTo(h, 'moved-2')).toHaveLength(1);
  });
});
