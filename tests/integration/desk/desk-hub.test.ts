import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningHub } from '../../../src/hub/server';
import { defaultAssistFactory } from '../../../src/main/services/desk/assist-wiring';
import type { AssistEngineFactory } from '../../../src/main/services/desk/desk-service';
import type { DeskApiOutputs } from '../../../src/shared/desk-api/contract';
import type { Result } from '../../../src/shared/result';
import { tempDir } from '../../unit/desk/temp-dir';
import { customerSays, customerSees, postHandoff, startCuttableProxy, startDesk, startTestHub } from './desk-hub-harness';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function value<T>(r: Result<T> | Promise<Result<T>>): Promise<T> {
  return Promise.resolve(r).then((x) => {
    if (!x.ok) throw new Error(`${x.error.code}: ${x.error.message}`);
    return x.value;
  });
}

async function setup(opts: { assist?: AssistEngineFactory } = {}) {
  const t = tempDir('baton-desk-hub-');
  cleanups.push(t.cleanup);
  const hub: RunningHub = await startTestHub(join(t.dir, 'hub'));
  cleanups.push(() => hub.close());
  const proxy = await startCuttableProxy(hub.port);
  cleanups.push(() => proxy.close());
  const agent = hub.issueToken({ name: 'Maya Chen', role: 'agent', skills: ['general', 'billing', 'orders'], capacity: 3 });
  const deskDir = join(t.dir, 'desk');
  const run = startDesk({ dataDir: deskDir, hubUrl: proxy.url, token: agent.token, ...opts });
  await run.desk.start();
  cleanups.push(() => run.desk.stop());
  return { hub, proxy, agent, deskDir, ...run };
}

/** Posts a hand-off, waits for the offer on the desk and accepts it. */
async function acceptedConversation(s: Awaited<ReturnType<typeof setup>>, conversationId: string): Promise<DeskApiOutputs['acceptOffer']> {
  await s.waitFor('onLinkState', (l) => l.state === 'online');
  const { handoffId } = await postHandoff(s.hub.url, { conversationId });
  await s.waitFor('onOffer', (o) => o.conversation.handoffId === handoffId);
  return value(s.desk.handlers.acceptOffer({ handoffId }));
}

describe('desk service against a real hub', () => {
  it('receives an offer, accepts it, and carries messages both ways', async () => {
    const s = await setup();
    const agentSeen = await s.waitFor('onAgent');
    expect(agentSeen.name).toBe('Maya Chen');
    const conv = await acceptedConversation(s, 'conv-basic');
    expect(conv.status).toBe('active');
    expect(conv.messages.map((m) => m.text)).toEqual(expect.arrayContaining(['My refund has not arrived.', 'Let me connect you with a person.']));

    await customerSays(s.hub.url, 'conv-basic', 'Are you there?', 'cust-msg-0001');
    const incoming = await s.waitFor('onMessage', (m) => m.role === 'customer' && m.text === 'Are you there?');
    expect(incoming.handoffId).toBe(conv.handoffId);
    const item = await s.waitFor('onConversation', (c) => c.handoffId === conv.handoffId && c.unread === 1);
    expect(item.lastMessagePreview).toBe('Are you there?');

    const pending = await value(s.desk.handlers.sendReply({ handoffId: conv.handoffId, text: 'Yes, I am looking at your refund now.' }));
    expect(pending.pending).toBe(true);
    const delivered = await s.waitFor('onMessage', (m) => m.clientMessageId === pending.clientMessageId && !('pending' in m && m.pending));
    expect(delivered.id).not.toBe(pending.id);
    const seen = await customerSees(s.hub.url, 'conv-basic');
    expect(seen.filter((e) => e.type === 'message' && e.role === 'agent').map((e) => e.text)).toEqual(['Yes, I am looking at your refund now.']);

    const snapshot = await value(s.desk.handlers.getSnapshot({}));
    expect(snapshot.link).toMatchObject({ state: 'online', outbox: 0 });
    expect(snapshot.conversations.map((c) => c.handoffId)).toEqual([conv.handoffId]);
  });

  it('delivers every message exactly once and in order across 20 cuts of the link while both sides send', async () => {
    const s = await setup();
    const conv = await acceptedConversation(s, 'conv-cuts');
    const cycles = 20;
    const agentTexts: string[] = [];
    const customerTexts: string[] = [];
    for (let i = 0; i < cycles; i++) {
      const customerText = `customer ${i}`;
      const agentText = `agent ${i}`;
      customerTexts.push(customerText);
      agentTexts.push(agentText);
      // The customer side talks to the hub directly; the desk's link goes through the proxy being cut.
      await customerSays(s.hub.url, 'conv-cuts', customerText, `cust-cuts-${String(i).padStart(4, '0')}`);
      await value(s.desk.handlers.sendReply({ handoffId: conv.handoffId, text: agentText }));
      if (i % 3 === 0) await value(s.desk.handlers.sendReply({ handoffId: conv.handoffId, text: `${agentText}b` })).then(() => agentTexts.push(`${agentText}b`));
      const from = s.log.length;
      s.proxy.cut();
      // Cut mid-flight, then wait for the link to report the outage and come back.
      const down = await s.waitForAt('onLinkState', (l) => l.state !== 'online', 10_000, from);
      await s.waitForAt('onLinkState', (l) => l.state === 'online', 10_000, down.index + 1);
    }

    const deskMessages = () => (s.desk.handlers.getConversation({ handoffId: conv.handoffId }) as Result<DeskApiOutputs['getConversation']>);
    await s.until(() => {
      const c = deskMessages();
      if (!c.ok) return false;
      const live = c.value.messages.filter((m) => !m.beforeHandoff);
      return c.value.messages.every((m) => !m.pending) && live.filter((m) => m.role === 'customer').length >= cycles;
    }, 'desk has every customer message and an empty outbox');

    const final = deskMessages();
    if (!final.ok) throw new Error(final.error.message);
    const texts = (role: string) => final.value.messages.filter((m) => m.role === role && !m.beforeHandoff).map((m) => m.text);
    expect(texts('customer').filter((t) => t !== 'My refund has not arrived.')).toEqual(customerTexts);
    expect(texts('agent')).toEqual(agentTexts);
    expect(new Set(final.value.messages.map((m) => m.id)).size).toBe(final.value.messages.length);

    const seen = (await customerSees(s.hub.url, 'conv-cuts')).filter((e) => e.type === 'message' && e.role === 'agent').map((e) => e.text);
    expect(seen).toEqual(agentTexts);
    expect((await value(s.desk.handlers.getSnapshot({}))).link.outbox).toBe(0);
  });

  it('restarts from its cache: the inbox and the conversation are there before the hub answers', async () => {
    const s = await setup();
    const conv = await acceptedConversation(s, 'conv-restart');
    await customerSays(s.hub.url, 'conv-restart', 'Still waiting on that refund.', 'cust-restart-0001');
    await s.waitFor('onMessage', (m) => m.text === 'Still waiting on that refund.');
    await s.desk.stop();
    cleanups.pop();

    // The proxy is cut and stays unreachable: only the cache can answer.
    await s.proxy.close();
    const again = startDesk({ dataDir: s.deskDir, hubUrl: s.proxy.url, token: s.agent.token });
    await again.desk.start();
    cleanups.push(() => again.desk.stop());
    const snapshot = await value(again.desk.handlers.getSnapshot({}));
    expect(snapshot.link.state).not.toBe('online');
    expect(snapshot.agent?.name).toBe('Maya Chen');
    expect(snapshot.conversations.map((c) => c.handoffId)).toEqual([conv.handoffId]);
    const cached = await value(again.desk.handlers.getConversation({ handoffId: conv.handoffId }));
    expect(cached.messages.map((m) => m.text)).toContain('Still waiting on that refund.');

    // A reply written offline waits in the outbox and is answered at once as pending.
    const pending = await value(again.desk.handlers.sendReply({ handoffId: conv.handoffId, text: 'Written while offline.' }));
    expect(pending.pending).toBe(true);
    expect((await value(again.desk.handlers.getSnapshot({}))).link.outbox).toBe(1);
    const refused = await again.desk.handlers.resolve({ handoffId: conv.handoffId, wrapUp: { resolution: 'resolved', disposition: 'refund', notes: '', requestCsat: false } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'offline' } });
  });

  it('replaces a reply the hub refuses for good (the customer left while the desk was offline) with why it was not sent', async () => {
    const s = await setup();
    const conv = await acceptedConversation(s, 'conv-left');
    const from = s.log.length;
    s.proxy.block(true);
    await s.waitFor('onLinkState', (l) => l.state !== 'online', 10_000, from);
    const pending = await value(s.desk.handlers.sendReply({ handoffId: conv.handoffId, text: 'Are you still there?' }));
    const ended = await fetch(`${s.hub.url}/v1/conversations/conv-left/end`, { method: 'POST', headers: { authorization: 'Bearer test-bot-key-0001', 'content-type': 'application/json' }, body: '{}' });
    expect(ended.ok).toBe(true);
    s.proxy.block(false);
    const undelivered = await s.waitFor('onMessage', (m) => m.clientMessageId === pending.clientMessageId);
    expect(undelivered).toMatchObject({ role: 'system', handoffId: conv.handoffId });
    expect(undelivered.text).toMatch(/not delivered/);
    await s.waitFor('onConversationRemoved', (r) => r.handoffId === conv.handoffId);
    expect((await value(s.desk.handlers.getSnapshot({}))).link.outbox).toBe(0);
  });

  it('syncs the knowledge base from the hub incrementally and searches it offline', async () => {
    const s = await setup();
    await s.waitFor('onLinkState', (l) => l.state === 'online');
    await s.desk.syncKnowledgeBase(); // let the sync that going online started finish first
    s.hub.importKb([
      { id: 'kb-refund', title: 'Refund timelines', body: 'Refunds reach the card within 5 to 10 business days.', category: 'billing', language: 'en' },
      { id: 'kb-label', title: 'Return label', body: 'Send a prepaid return label from the order page.', category: 'orders' },
    ]);
    expect(await s.desk.syncKnowledgeBase()).toMatchObject({ ok: true });
    expect((await value(s.desk.handlers.searchKb({ query: 'refund tim' }))).map((h) => h.id)).toEqual(['kb-refund']);

    // Only what changed comes over the next time.
    s.hub.importKb([{ id: 'kb-customs', title: 'Customs fees', body: 'Import duties are paid by the recipient.', category: 'orders', language: 'en' }]);
    expect(await s.desk.syncKnowledgeBase()).toEqual({ ok: true, value: 1 });

    await s.proxy.close();
    const hits = await value(s.desk.handlers.searchKb({ query: 'dutie', category: 'orders' }));
    expect(hits.map((h) => h.id)).toEqual(['kb-customs']);
    expect(hits[0]!.snippet.some((seg) => seg.hit && /duties/i.test(seg.text))).toBe(true);
    expect(await value(s.desk.handlers.getKbArticle({ id: 'kb-label' }))).toMatchObject({ title: 'Return label', category: 'orders' });
  });

  it('reports a rejected token as offline with what to do', async () => {
    const s = await setup();
    const t = tempDir('baton-desk-badtoken-');
    cleanups.push(t.cleanup);
    const bad = startDesk({ dataDir: t.dir, hubUrl: s.hub.url, token: 'not-a-real-token-000' });
    await bad.desk.start();
    cleanups.push(() => bad.desk.stop());
    const state = await bad.waitFor('onLinkState', (l) => l.state === 'offline');
    expect(state.detail).toMatch(/Token rejected.*Settings/);
  });
});

describe('suggestion feedback', () => {
  it('records inserted and dismissed suggestions at the hub for the acceptance KPI, and refuses ones still being written', async () => {
    const s = await setup({ assist: defaultAssistFactory });
    const conv = await acceptedConversation(s, 'conv-feedback');
    await value(s.desk.handlers.refreshSuggestions({ handoffId: conv.handoffId }));
    const update = await s.waitFor('onAssist', (u) => u.handoffId === conv.handoffId && u.status === 'done' && u.suggestions.length >= 2);
    const [first, second] = update.suggestions;

    const pending = await s.desk.handlers.suggestionFeedback({ handoffId: conv.handoffId, suggestionId: 'llm-pending-0', action: 'inserted' });
    expect(pending.ok ? 'accepted' : pending.error.code).toBe('not_ready');
    await value(s.desk.handlers.suggestionFeedback({ handoffId: conv.handoffId, suggestionId: first!.id, action: 'inserted' }));
    await value(s.desk.handlers.suggestionFeedback({ handoffId: conv.handoffId, suggestionId: second!.id, action: 'dismissed' }));

    const supervisor = s.hub.issueToken({ name: 'Priya Nair', role: 'supervisor' });
    let metrics: { suggestionFeedback: { inserted: number; dismissed: number }; suggestionAcceptanceRate: number | null } | undefined;
    for (let i = 0; i < 50; i++) {
      const res = await fetch(`${s.hub.url}/v1/metrics`, { headers: { authorization: `Bearer ${supervisor.token}` } });
      metrics = (await res.json()) as typeof metrics;
      if (metrics && metrics.suggestionFeedback.inserted + metrics.suggestionFeedback.dismissed === 2) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(metrics?.suggestionFeedback).toMatchObject({ inserted: 1, dismissed: 1 });
    expect(metrics?.suggestionAcceptanceRate).toBe(0.5);
  });
});
