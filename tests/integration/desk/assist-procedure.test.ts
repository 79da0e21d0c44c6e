// The assist engine inside the desk, against a real hub that serves the seed knowledge base with its procedures:
// suggestions are ready on accept (the customer has already written), they follow the matched procedure, and a
// step ticked by hand in the desk is kept in the cache and moves the suggestions on.
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHub } from '../../../src/hub/server';
import { defaultAssistFactory } from '../../../src/main/services/desk/assist-wiring';
import { silentLogger } from '../../../src/shared/log';
import { tempDir } from '../../unit/desk/temp-dir';
import { BOT_KEY, postHandoff, startDesk } from './desk-hub-harness';

const root = resolve(import.meta.dirname, '../../..');
const seedKbFile = join(root, 'resources/seed/kb.json');
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup() {
  const t = tempDir('baton-assist-proc-');
  cleanups.push(t.cleanup);
  const hub = await startHub({ port: 0, host: '127.0.0.1', dataDir: join(t.dir, 'hub'), botKeys: [BOT_KEY], seedKbFile, offerTimeoutMs: 60_000, logger: silentLogger });
  cleanups.push(() => hub.close());
  const agent = hub.issueToken({ name: 'Maya Chen', role: 'agent', skills: ['general', 'orders'], capacity: 3 });
  const run = startDesk({ dataDir: join(t.dir, 'desk'), hubUrl: hub.url, token: agent.token, assist: defaultAssistFactory });
  await run.desk.start();
  cleanups.push(() => run.desk.stop());
  await run.waitFor('onLinkState', (l) => l.state === 'online');
  return { hub, agent, ...run };
}

describe('assist that follows the procedure, in the desk', () => {
  it('serves articles with their procedure steps from the hub', async () => {
    const s = await setup();
    const res = await fetch(`${s.hub.url}/v1/kb/articles`, { headers: { authorization: `Bearer ${s.agent.token}` } });
    const { articles } = (await res.json()) as { articles: { id: string; steps?: { id: string }[]; askedAs?: string[] }[] };
    const address = articles.find((a) => a.id === 'kb-change-address');
    expect(address?.steps?.map((st) => st.id)).toEqual(['verify', 'check-status', 'update-address', 'carrier-redirect']);
    expect(address?.askedAs?.length).toBeGreaterThan(0);
  });

  it('has suggestions ready on accept, verification first, and moves on when the agent ticks a step', async () => {
    const s = await setup();
    const { handoffId } = await postHandoff(s.hub.url, {
      conversationId: 'conv-address',
      customer: { id: 'c-9', name: 'Sophie Laurent' },
      transcript: [
        { role: 'customer', text: 'I typed the wrong house number on my order, it should be 14 not 41' },
        { role: 'bot', text: 'I can pass this to an agent. Which order is it?' },
        { role: 'customer', text: '5501230' },
      ],
      crm: { orders: [{ id: '5501230', status: 'processing' }] },
    });
    await s.waitFor('onOffer', (o) => o.conversation.handoffId === handoffId);
    const accepted = await s.desk.handlers.acceptOffer({ handoffId });
    expect(accepted.ok).toBe(true);

    // No refresh asked for and no new customer message: accepting is enough.
    const first = await s.waitFor('onAssist', (u) => u.handoffId === handoffId && u.status === 'done');
    expect(first.request).toMatchObject({ articleId: 'kb-change-address', unclear: false });
    expect(first.procedure?.nextStepId).toBe('verify');
    expect(first.suggestions[0]).toMatchObject({ stepId: 'verify', kbArticleId: 'kb-change-address' });

    const marked = await s.desk.handlers.markStep({ handoffId, articleId: 'kb-change-address', stepId: 'verify', done: true });
    expect(marked.ok).toBe(true);
    const next = await s.waitFor('onAssist', (u) => u.handoffId === handoffId && u.status === 'done' && u.procedure?.steps[0]?.done === true);
    expect(next.procedure?.steps.find((st) => st.id === 'verify')).toMatchObject({ done: true, doneBy: 'desk' });
    // The status is known (processing), so checking it is done and the address can still be changed on the order.
    expect(next.procedure?.nextStepId).toBe('update-address');
    expect(next.suggestions[0]?.stepId).toBe('update-address');

    const unknown = await s.desk.handlers.markStep({ handoffId: 'no-such-handoff', articleId: 'kb-change-address', stepId: 'verify', done: true });
    expect(unknown.ok ? 'ok' : unknown.error.code).toBe('not_found');
  });
});
