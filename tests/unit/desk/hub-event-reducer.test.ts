// The hub-event reducer on its own, now that it is its own module: a real SQLite desk cache, the renderer's events
// and the reducer's side effects recorded. Each event changes the cache at once and tells the renderer only when
// the returned closure runs (the link runs it after the transaction commits).
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDeskCache } from '../../../src/main/services/cache/desk-cache';
import { openDatabase } from '../../../src/main/services/cache/open-database';
import { createHubEventReducer } from '../../../src/main/services/desk/hub-event-reducer';
import type { DeskApiEvent } from '../../../src/shared/desk-api/contract';
import type { ConversationView, Message } from '../../../src/shared/domain/conversation';
import type { AgentEvent, AgentEventBody } from '../../../src/shared/protocol/agent-socket';
import { tempDir } from './temp-dir';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

const at = '2026-01-01T00:00:00.000Z';
const conversation: ConversationView = {
  handoffId: 'h1', conversationId: 'c1', status: 'active', customer: { id: 'cust', name: 'Ada' }, reason: { trigger: 'other' },
  queue: 'general', skills: [], createdAt: at, priority: 0, expectations: [], messages: [],
};
const ev = (body: AgentEventBody): AgentEvent => ({ seq: 1, at, ...body });

function setup() {
  const { dir, cleanup } = tempDir();
  const db = openDatabase(join(dir, 'desk.db'));
  cleanups.push(cleanup, () => db.close());
  const cache = createDeskCache(db);
  const emitted: { event: DeskApiEvent; payload: unknown }[] = [];
  const effects = { refreshed: [] as string[], aborted: [] as string[], linkPublished: 0 };
  const applyEvent = createHubEventReducer(
    { cache, emit: (event, payload) => void emitted.push({ event, payload }) },
    {
      refreshSuggestions: (id) => effects.refreshed.push(id),
      abortSuggestions: (id) => effects.aborted.push(id),
      publishLink: () => effects.linkPublished++,
    },
  );
  const names = () => emitted.map((e) => e.event);
  return { cache, applyEvent, emitted, effects, names };
}

describe('hub event reducer', () => {
  it('stores a live offer and tells the renderer only when the closure runs; drops a replayed offer that ran out', () => {
    const { cache, applyEvent, names } = setup();
    const after = applyEvent(ev({ type: 'offer', conversation, expiresAt: new Date(Date.now() + 60_000).toISOString() }));
    expect(cache.listOffers().map((o) => o.conversation.handoffId)).toEqual(['h1']);
    expect(names()).toEqual([]);
    after?.();
    expect(names()).toEqual(['onOffer']);

    const stale = applyEvent(ev({ type: 'offer', conversation: { ...conversation, handoffId: 'h2' }, expiresAt: '2020-01-01T00:00:00.000Z' }));
    expect(stale).toBeUndefined();
    expect(cache.listOffers().map((o) => o.conversation.handoffId)).toEqual(['h1']);
  });

  it('an assigned conversation replaces its offer and asks for suggestions', () => {
    const { cache, applyEvent, effects, names } = setup();
    cache.upsertOffer({ conversation, expiresAt: new Date(Date.now() + 60_000).toISOString() });
    applyEvent(ev({ type: 'conversation.assigned', conversation }))?.();
    expect(cache.listOffers()).toEqual([]);
    expect(cache.getConversation('h1')).toBeDefined();
    expect(names()).toEqual(['onConversation']);
    expect(effects.refreshed).toEqual(['h1']);
  });

  it('a customer message counts as unread and refreshes suggestions; the same message again changes nothing', () => {
    const { cache, applyEvent, effects, names } = setup();
    cache.upsertConversation(conversation);
    const m: Message = { id: 'm1', handoffId: 'h1', role: 'customer', text: 'Where is my parcel?', at };
    applyEvent(ev({ type: 'message', message: m }))?.();
    expect(cache.getConversation('h1')?.unread).toBe(1);
    expect(names()).toEqual(['onMessage', 'onConversation']);
    expect(effects.refreshed).toEqual(['h1']);
    expect(applyEvent(ev({ type: 'message', message: m }))).toBeUndefined();
    expect(cache.getConversation('h1')?.unread).toBe(1);
  });

  it("the hub's echo of our own reply settles its outbox row and re-announces the link", () => {
    const { cache, applyEvent, effects } = setup();
    cache.upsertConversation(conversation);
    cache.enqueueReply({ clientMessageId: 'cm1', handoffId: 'h1', text: 'On its way.', createdAt: at });
    const echo: Message = { id: 'm2', handoffId: 'h1', role: 'agent', text: 'On its way.', at, clientMessageId: 'cm1' };
    applyEvent(ev({ type: 'message', message: echo }))?.();
    expect(cache.outboxCount()).toBe(0);
    expect(effects.linkPublished).toBe(1);
    expect(cache.getConversation('h1')?.unread).toBe(0);
  });

  it('a removed conversation stops its suggestions; removing one the desk never had is a no-op', () => {
    const { cache, applyEvent, effects, emitted } = setup();
    cache.upsertConversation(conversation);
    applyEvent(ev({ type: 'conversation.removed', handoffId: 'h1', reason: 'resolved' }))?.();
    expect(cache.getConversation('h1')).toBeUndefined();
    expect(effects.aborted).toEqual(['h1']);
    expect(emitted).toEqual([{ event: 'onConversationRemoved', payload: { handoffId: 'h1', reason: 'resolved' } }]);
    expect(applyEvent(ev({ type: 'conversation.removed', handoffId: 'h1', reason: 'resolved' }))).toBeUndefined();
  });
});
