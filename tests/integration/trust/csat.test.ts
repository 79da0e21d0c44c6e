// Issue 11 point 7 over real HTTP and sockets: CSAT only after a person was in the conversation, once per hand-off;
// 409 with a message that says why otherwise.
import { describe, expect, it } from 'vitest';
import { api, handoff, isOffer, postHandoff, useHubCleanups } from '../hub/hub-harness';
import { deskFor } from './trust-harness';

const { cleanups, hub } = useHubCleanups();

describe('CSAT', () => {
  it('refuses a rating for a conversation the customer abandoned before anyone joined', async () => {
    const h = await hub();
    const id = (await postHandoff(h, handoff('left-early'))).json.handoffId;
    expect((await api(h, '/v1/conversations/left-early/end', { body: {} })).status).toBe(200);
    const r = await api(h, '/v1/conversations/left-early/csat', { body: { score: 1 } });
    expect(r.status).toBe(409);
    expect(r.json.error.code).toBe('conflict');
    expect(r.json.error.message).toMatch(/Nobody from the team joined/);
    expect((await h.store.getHandoff(id))?.csatScore).toBeUndefined();
  });

  it('takes one rating per hand-off after a person joined; a second one gets 409 and the first stands', async () => {
    const h = await hub();
    const d = await deskFor(h, cleanups, 'Maya');
    const id = (await postHandoff(h, handoff('rated'))).json.handoffId;
    await d.next(isOffer(id));
    expect((await d.request('offer.accept', { handoffId: id })).ok).toBe(true);
    expect((await d.request('conversation.resolve', { handoffId: id, wrapUp: { resolution: 'resolved', disposition: 'refund', requestCsat: true } })).ok).toBe(true);
    expect((await api(h, '/v1/conversations/rated/csat', { body: { score: 5, comment: 'great' } })).status).toBe(200);
    const again = await api(h, '/v1/conversations/rated/csat', { body: { score: 1 } });
    expect(again.status).toBe(409);
    expect(again.json.error.message).toMatch(/already rated 5.*first one stands/);
    expect(await h.store.getHandoff(id)).toMatchObject({ csatScore: 5, csatComment: 'great' });
  });
});
