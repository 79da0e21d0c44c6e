// The HubStore contract, run against every store: embedded SQLite (plain and with group commit) and PostgreSQL
// (a database of its own, created and dropped here). Engine-specific matters (migrating an old file, the
// advisory lock around PostgreSQL migrations) are tested beside each store; behaviour the router relies on is
// tested here, once, for all of them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HubStore, NewMessage } from '../../../src/hub/store/hub-store';
import { createGroupCommitStore, createSqliteStore } from '../../../src/hub/store/sqlite-store';
import { createPostgresStore, type PostgresHubStore } from '../../../src/hub/store/pg-store';
import { createTestDatabase, type TestDatabase } from '../../support/pg-database';
import { handoffRecord } from '../../support/hub-records';

interface StoreFactory {
  name: string;
  setup(): Promise<void>;
  /** A store with nothing in it. */
  open(): Promise<HubStore>;
  teardown(): Promise<void>;
}

const dirs: string[] = [];
const tempFile = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'baton-contract-'));
  dirs.push(d);
  return join(d, 'hub.db');
};

const sqlite: StoreFactory = {
  name: 'SQLite',
  setup: async () => undefined,
  open: async () => createSqliteStore(tempFile()),
  teardown: async () => undefined,
};
const groupCommit: StoreFactory = {
  name: 'SQLite with group commit',
  setup: async () => undefined,
  open: async () => createGroupCommitStore(tempFile()).store,
  teardown: async () => undefined,
};
let pgDb: TestDatabase | undefined;
const postgres: StoreFactory = {
  name: 'PostgreSQL',
  async setup() {
    pgDb = await createTestDatabase();
  },
  async open() {
    const store: PostgresHubStore = await createPostgresStore(pgDb!.url, { max: 20 });
    const tables = (await store.pool.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'baton_schema'")).rows.map((r) => `"${String(r.tablename)}"`);
    await store.pool.query(`TRUNCATE ${tables.join(', ')} RESTART IDENTITY CASCADE`);
    return store;
  },
  async teardown() {
    await pgDb?.drop();
  },
};

const handoff = handoffRecord;
const agent = (id: string) => ({ id, name: id, role: 'agent' as const, skills: ['general'], capacity: 3, status: 'available' as const, createdAt: '2026-11-24T08:00:00.000Z' });
const msg = (handoffId: string, role: NewMessage['role'], text: string, clientMessageId?: string): NewMessage => ({
  handoffId,
  role,
  text,
  at: '2026-11-24T09:00:01.000Z',
  beforeHandoff: false,
  ...(clientMessageId ? { clientMessageId } : {}),
});
const joined = { type: 'agent.joined' as const, agentName: 'Ana', text: 'Ana has joined the conversation.' };

describe.each([sqlite, groupCommit, postgres])('HubStore contract: $name', (factory) => {
  let store: HubStore;
  beforeAll(() => factory.setup());
  afterAll(() => factory.teardown());
  afterEach(async () => {
    await store?.close();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const open = async (): Promise<HubStore> => {
    store = await factory.open();
    return store;
  };

  it('lets only the agent an offer went to claim it, once, and tells the customer in the same step', async () => {
    const s = await open();
    await s.createHandoff(handoff('h1'), []);
    expect(await s.updateHandoff('h1', ['queued'], { status: 'offered', offeredTo: 'ana', lastToldPosition: 1, lastToldText: '1|2 minutes' })).toBe(true);
    expect(await s.claimOffer('h1', 'ben', '2026-11-24T09:01:00.000Z', joined)).toBeUndefined();
    expect(await s.customerEventsOfHandoff('h1', 'agent.joined')).toEqual([]);
    expect(await s.claimOffer('h1', 'ana', '2026-11-24T09:01:00.000Z', joined)).toMatchObject({ type: 'agent.joined', agentName: 'Ana', seq: 1 });
    expect(await s.claimOffer('h1', 'ana', '2026-11-24T09:02:00.000Z', joined)).toBeUndefined();
    const h = await s.getHandoff('h1');
    expect(h).toMatchObject({ status: 'active', agentId: 'ana', humanContacts: 1, firstAcceptedAt: '2026-11-24T09:01:00.000Z' });
    expect(h?.offeredTo).toBeUndefined();
    expect(h?.lastToldText).toBeUndefined();
    expect(h?.context).toEqual(handoff('h1').context);
    expect(await s.customerEventsOfHandoff('h1', 'agent.joined')).toHaveLength(1);
    expect(await s.heldBy('h1', 'ana')).toBe(true);
    expect(await s.heldBy('h1', 'ben')).toBe(false);
  });

  it('appends a message once per client id and numbers events per agent and per conversation', async () => {
    const s = await open();
    await s.createHandoff(handoff('h1'), [{ handoffId: 'h1', role: 'bot', text: 'hi', at: '2026-11-24T09:00:00.000Z', beforeHandoff: true }]);
    const a = await s.appendMessage(msg('h1', 'customer', 'x', 'k1'));
    const b = await s.appendMessage({ ...msg('h1', 'customer', 'x', 'k1'), at: '2026-11-24T09:00:02.000Z' });
    expect([a.created, b.created, b.message.id === a.message.id]).toEqual([true, false, true]);
    const listed = await s.listMessages('h1');
    expect(listed.map((m) => m.role)).toEqual(['bot', 'customer']);
    expect(listed[0]?.beforeHandoff).toBe(true);
    expect(listed[1]).toEqual(a.message);
    const e1 = await s.appendCustomerEvent('conv-h1', 'h1', { type: 'handed_back', text: 't' }, '2026-11-24T09:00:03.000Z');
    const e2 = await s.appendCustomerEvent('conv-h1', 'h1', { type: 'transferred', text: 't' }, '2026-11-24T09:00:04.000Z');
    expect([e1.seq, e2.seq]).toEqual([1, 2]);
    expect((await s.customerEventsAfter('conv-h1', 1, 10)).map((e) => e.type)).toEqual(['transferred']);
    await s.upsertAgent(agent('ana'), 'hash-ana');
    await s.upsertAgent(agent('ben'), 'hash-ben');
    const ev = { type: 'offer.revoked' as const, handoffId: 'h0', reason: 'timeout' as const };
    expect((await s.appendAgentEvent('ana', ev, '2026-11-24T09:00:05.000Z')).seq).toBe(1);
    expect((await s.appendAgentEvent('ana', ev, '2026-11-24T09:00:06.000Z')).seq).toBe(2);
    expect((await s.appendAgentEvent('ben', ev, '2026-11-24T09:00:06.000Z')).seq).toBe(1);
    expect([await s.agentHeadSeq('ana'), await s.agentHeadSeq('ben'), await s.agentHeadSeq('cy')]).toEqual([2, 1, 0]);
    expect((await s.agentEventsAfter('ana', 0, 1)).map((e) => e.seq)).toEqual([1]);
    expect(await s.agentEventsAfter('ana', 1, 10)).toEqual([{ ...ev, seq: 2, at: '2026-11-24T09:00:06.000Z' }]);
  });

  it('updates a hand-off only from the given statuses and records every holder', async () => {
    const s = await open();
    await s.createHandoff(handoff('h1'), []);
    expect(await s.updateHandoff('h1', ['active'], { status: 'resolved' })).toBe(false);
    expect(await s.updateHandoff('h1', ['queued', 'offered'], { status: 'active', agentId: 'ana', acceptedAt: '2026-11-24T09:01:00.000Z', skills: ['billing'], vip: true })).toBe(true);
    expect(await s.updateHandoff('h1', ['active'], { agentId: 'ben', acceptedAt: '2026-11-24T09:05:00.000Z' })).toBe(true);
    expect(await s.updateHandoff('missing', ['active'], { agentId: 'cy' })).toBe(false);
    expect(await s.getHandoff('h1')).toMatchObject({ status: 'active', agentId: 'ben', skills: ['billing'], vip: true });
    expect([await s.heldBy('h1', 'ana'), await s.heldBy('h1', 'ben'), await s.heldBy('h1', 'cy')]).toEqual([true, true, false]);
    expect(await s.updateHandoff('h1', ['active'], { offeredTo: undefined, notes: 'n' })).toBe(true);
    expect((await s.getHandoff('h1'))?.notes).toBe('n');
  });

  it('lists hand-offs by status oldest first, the newest of a conversation, and by creation time and customer', async () => {
    const s = await open();
    await s.createHandoff(handoff('h2', { createdAt: '2026-11-24T09:02:00.000Z', conversationId: 'conv-x' }), []);
    await s.createHandoff(handoff('h1', { createdAt: '2026-11-24T09:01:00.000Z', conversationId: 'conv-x' }), []);
    await s.createHandoff(handoff('h3', { createdAt: '2026-11-24T09:03:00.000Z', status: 'resolved', customerId: 'c2' }), []);
    expect((await s.listHandoffsByStatus(['queued'])).map((h) => h.id)).toEqual(['h1', 'h2']);
    expect((await s.listHandoffsByStatus(['queued', 'resolved'])).map((h) => h.id)).toEqual(['h1', 'h2', 'h3']);
    expect((await s.listHandoffsByStatus(['queued']))[0]?.context).toEqual(handoff('h1').context);
    expect(await s.listHandoffsByStatus([])).toEqual([]);
    expect((await s.latestHandoffForConversation('conv-x'))?.id).toBe('h2');
    expect(await s.latestHandoffForConversation('nope')).toBeUndefined();
    expect((await s.listHandoffsCreatedBetween('2026-11-24T09:01:30.000Z', '2026-11-24T09:03:00.000Z')).map((h) => h.id)).toEqual(['h2', 'h3']);
    expect((await s.handoffsOfCustomerAfter('c1', '2026-11-24T09:01:00.000Z')).map((h) => h.id)).toEqual(['h2']);
  });

  it('changes a hand-off together with the events that announce it, or not at all', async () => {
    const s = await open();
    await s.upsertAgent(agent('ana'), 'hash-ana');
    const told = await s.createHandoffAndTell(handoff('h1', { lastToldPosition: 2, lastToldText: '2|5 minutes', lastToldAt: '2026-11-24T09:00:00.000Z' }), [], [
      { type: 'expectation', position: 2, estimatedWaitSeconds: 300, text: 'You are number 2.' },
    ]);
    expect(told.customer.map((e) => [e.type, e.seq])).toEqual([['expectation', 1]]);
    expect(await s.getHandoff('h1')).toMatchObject({ lastToldPosition: 2, lastToldText: '2|5 minutes' });
    const offer = { status: 'offered' as const, offeredTo: 'ana', offerExpiresAt: '2026-11-24T09:00:30.000Z' };
    const snapshot = { type: 'offer.revoked' as const, handoffId: 'h0', reason: 'timeout' as const };
    // Wrong holder: nothing written, not even the decline.
    expect(await s.changeHandoff('h1', ['queued'], offer, { agents: [{ agentId: 'ana', body: snapshot }], decline: { agentId: 'ana' } }, '2026-11-24T09:00:10.000Z', { agentId: 'ben' })).toBeUndefined();
    expect(await s.agentHeadSeq('ana')).toBe(0);
    expect(await s.declinedBy('h1')).toEqual([]);
    // Wrong status: nothing written.
    expect(await s.changeHandoff('h1', ['active'], offer, { agents: [{ agentId: 'ana', body: snapshot }] }, '2026-11-24T09:00:10.000Z')).toBeUndefined();
    expect(await s.agentHeadSeq('ana')).toBe(0);
    const ok = await s.changeHandoff('h1', ['queued'], offer, { agents: [{ agentId: 'ana', body: snapshot }], customer: [{ type: 'transferred', text: 't' }] }, '2026-11-24T09:00:10.000Z');
    expect(ok?.agents.map((a) => [a.agentId, a.event.seq])).toEqual([['ana', 1]]);
    expect(ok?.customer.map((e) => e.seq)).toEqual([2]);
    // An empty patch still checks the status and the `where`, and writes the tell.
    const declined = await s.changeHandoff('h1', ['offered'], {}, { decline: { agentId: 'ana' } }, '2026-11-24T09:00:20.000Z', { offeredTo: 'ana' });
    expect(declined).toEqual({ customer: [], agents: [] });
    expect(await s.declinesOf('h1')).toEqual([{ agentId: 'ana', at: '2026-11-24T09:00:20.000Z' }]);
    await s.addDecline('h1', 'ana', '2026-11-24T09:00:25.000Z');
    expect(await s.declinesOf('h1')).toEqual([{ agentId: 'ana', at: '2026-11-24T09:00:25.000Z' }]);
    const claimed = await s.claimOfferAndTell('h1', 'ana', '2026-11-24T09:00:30.000Z', { customer: [joined], agents: [{ agentId: 'ana', body: snapshot }] });
    expect(claimed?.customer.map((e) => e.seq)).toEqual([3]);
    expect(await s.claimOfferAndTell('h1', 'ana', '2026-11-24T09:00:31.000Z', { customer: [joined] })).toBeUndefined();
    expect((await s.customerEventsAfter('conv-h1', 0, 10)).map((e) => e.type)).toEqual(['expectation', 'transferred', 'agent.joined']);
  });

  it('records a message only from its holder or a waiting customer, and a retry writes nothing', async () => {
    const s = await open();
    await s.upsertAgent(agent('ana'), 'hash-ana');
    await s.upsertAgent(agent('ben'), 'hash-ben');
    await s.createHandoff(handoff('h1'), []);
    expect(await s.recordMessage(msg('nope', 'customer', 'x'), { from: 'customer' })).toEqual({ ok: false, reason: 'not_found' });
    expect(await s.recordMessage(msg('h1', 'agent', 'x'), { from: 'agent', agentId: 'ana' })).toEqual({ ok: false, reason: 'not_holder', status: 'queued' });
    const waiting = await s.recordMessage(msg('h1', 'customer', 'still there?', 'c1'), { from: 'customer' });
    expect(waiting).toMatchObject({ ok: true, created: true, told: { customer: [], agents: [] } });
    await s.updateHandoff('h1', ['queued'], { status: 'active', agentId: 'ana', acceptedAt: '2026-11-24T09:01:00.000Z' });
    const fromAgent = await s.recordMessage({ ...msg('h1', 'agent', 'hello', 'a1'), authorName: 'Ana' }, { from: 'agent', agentId: 'ana' });
    if (!fromAgent.ok) throw new Error('expected ok');
    expect(fromAgent.told.customer).toMatchObject([{ type: 'message', role: 'agent', text: 'hello', authorName: 'Ana', messageId: fromAgent.message.id }]);
    expect(fromAgent.told.agents.map((a) => [a.agentId, a.event.seq])).toEqual([['ana', 1]]);
    const fromCustomer = await s.recordMessage(msg('h1', 'customer', 'thanks', 'c2'), { from: 'customer' });
    expect(fromCustomer.ok && fromCustomer.told.agents.map((a) => [a.agentId, a.event.seq])).toEqual([['ana', 2]]);
    // Retries: the stored message, no new events; but not to an agent who never held it.
    const retry = await s.recordMessage(msg('h1', 'agent', 'hello', 'a1'), { from: 'agent', agentId: 'ana' });
    expect(retry).toEqual({ ok: true, message: fromAgent.message, created: false, told: { customer: [], agents: [] } });
    expect(await s.recordMessage(msg('h1', 'agent', 'hello', 'a1'), { from: 'agent', agentId: 'ben' })).toEqual({ ok: false, reason: 'not_holder', status: 'active' });
    expect(await s.agentHeadSeq('ana')).toBe(2);
    await s.updateHandoff('h1', ['active'], { status: 'resolved', endedAt: '2026-11-24T09:09:00.000Z' });
    expect(await s.recordMessage(msg('h1', 'customer', 'late'), { from: 'customer' })).toEqual({ ok: false, reason: 'ended', status: 'resolved' });
    expect((await s.recordMessage(msg('h1', 'customer', 'thanks', 'c2'), { from: 'customer' })).ok).toBe(true);
    expect((await s.listMessages('h1')).map((m) => m.text)).toEqual(['still there?', 'hello', 'thanks']);
  });

  it('keeps concurrent callers from both winning: one claim, dense event numbers, one message per client id', async () => {
    const s = await open();
    await s.upsertAgent(agent('ana'), 'hash-ana');
    await s.createHandoff(handoff('h1'), []);
    const offers = await Promise.all(
      ['ana', 'ben', 'cy', 'dee', 'eve'].map((a) => s.changeHandoff('h1', ['queued'], { status: 'offered', offeredTo: a }, {}, '2026-11-24T09:00:10.000Z')),
    );
    expect(offers.filter(Boolean)).toHaveLength(1);
    const winner = (await s.getHandoff('h1'))?.offeredTo ?? '';
    const claims = await Promise.all(Array.from({ length: 8 }, () => s.claimOffer('h1', winner, '2026-11-24T09:00:11.000Z', joined)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    await s.updateHandoff('h1', ['active'], { agentId: 'ana' });
    const snapshot = { type: 'offer.revoked' as const, handoffId: 'h0', reason: 'timeout' as const };
    const events = await Promise.all(Array.from({ length: 40 }, (_, i) => s.appendAgentEvent('ana', snapshot, `2026-11-24T09:01:${String(i).padStart(2, '0')}.000Z`)));
    expect(events.map((e) => e.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect((await s.agentEventsAfter('ana', 0, 100)).map((e) => e.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const sends = await Promise.all(Array.from({ length: 10 }, () => s.recordMessage(msg('h1', 'customer', 'once', 'same'), { from: 'customer' })));
    expect(sends.filter((r) => r.ok && r.created)).toHaveLength(1);
    expect(new Set(sends.map((r) => (r.ok ? r.message.id : '')))).toHaveProperty('size', 1);
    expect(await s.agentHeadSeq('ana')).toBe(41);
    const many = await Promise.all(Array.from({ length: 20 }, (_, i) => s.recordMessage(msg('h1', 'customer', `m${i}`, `k${i}`), { from: 'customer' })));
    expect(many.every((r) => r.ok && r.created)).toBe(true);
    const ns = (await s.listMessages('h1')).map((m) => m.text);
    expect(ns).toHaveLength(21);
    expect(new Set(ns).size).toBe(21);
  });

  it('tells waiting customers their place only while their hand-off is still waiting', async () => {
    const s = await open();
    await s.createHandoff(handoff('h1'), []);
    await s.createHandoff(handoff('h2'), []);
    await s.updateHandoff('h2', ['queued'], { status: 'abandoned' });
    const body = { type: 'expectation' as const, position: 1, estimatedWaitSeconds: 60, text: 'You are next.' };
    const out = await s.recordExpectations(
      ['h1', 'h2'].map((id) => ({ handoffId: id, conversationId: `conv-${id}`, patch: { lastToldPosition: 1, lastToldText: '1|1 minute' }, body, at: '2026-11-24T09:00:05.000Z' })),
      ['queued', 'offered'],
    );
    expect(out.map((o) => [o.conversationId, o.event.seq])).toEqual([['conv-h1', 1]]);
    expect((await s.getHandoff('h1'))?.lastToldPosition).toBe(1);
    expect((await s.getHandoff('h2'))?.lastToldPosition).toBeUndefined();
  });

  it('answers answer and handle times per queue', async () => {
    const s = await open();
    expect(await s.averageHandleSeconds('general', 10)).toBeUndefined();
    expect(await s.recentAnswerSeconds('general', 10)).toEqual([]);
    await s.createHandoff(handoff('h1'), []);
    await s.createHandoff(handoff('h2', { createdAt: '2026-11-24T09:10:00.000Z' }), []);
    await s.updateHandoff('h1', ['queued'], { status: 'resolved', firstAcceptedAt: '2026-11-24T09:00:30.000Z', endedAt: '2026-11-24T09:05:30.000Z' });
    await s.updateHandoff('h2', ['queued'], { status: 'active', firstAcceptedAt: '2026-11-24T09:11:00.000Z' });
    // SQLite's julianday arithmetic is good to a few microseconds.
    const round = (xs: number[]): number[] => xs.map((x) => Math.round(x * 1000) / 1000);
    expect(round(await s.recentAnswerSeconds('general', 10))).toEqual([30, 60]);
    expect(round(await s.recentAnswerSeconds('general', 1))).toEqual([60]);
    expect(Math.round(((await s.averageHandleSeconds('general', 10)) ?? 0) * 1000) / 1000).toBe(300);
    expect(await s.averageHandleSeconds('other', 10)).toBeUndefined();
  });

  it('tallies per queue what was decided of the hand-offs created in a window, to the millisecond of the service level', async () => {
    const s = await open();
    const at = (sec: number): string => new Date(Date.parse('2026-11-24T09:00:00.000Z') + sec * 1000).toISOString();
    // billing: answered in exactly 60 s (in time), in 60.001 s (late), abandoned unanswered, still queued;
    // general: answered, then abandoned after being answered (decided once, not abandoned); one outside the window.
    await s.createHandoff(handoff('b1', { queue: 'billing', createdAt: at(0) }), []);
    await s.createHandoff(handoff('b2', { queue: 'billing', createdAt: at(1) }), []);
    await s.createHandoff(handoff('b3', { queue: 'billing', createdAt: at(2) }), []);
    await s.createHandoff(handoff('b4', { queue: 'billing', createdAt: at(3) }), []);
    await s.createHandoff(handoff('g1', { createdAt: at(4) }), []);
    await s.createHandoff(handoff('g2', { createdAt: at(5) }), []);
    await s.createHandoff(handoff('old', { createdAt: at(-7200) }), []);
    await s.updateHandoff('b1', ['queued'], { status: 'active', firstAcceptedAt: at(60) });
    await s.updateHandoff('b2', ['queued'], { status: 'resolved', firstAcceptedAt: at(61.001) });
    await s.updateHandoff('b3', ['queued'], { status: 'abandoned' });
    await s.updateHandoff('g1', ['queued'], { status: 'resolved', firstAcceptedAt: at(10) });
    await s.updateHandoff('g2', ['queued'], { status: 'abandoned', firstAcceptedAt: at(6) });
    await s.updateHandoff('old', ['queued'], { status: 'abandoned' });
    expect(await s.queueTallies(at(-3600), at(3600), 60_000)).toEqual([
      { queue: 'billing', decided: 3, inTime: 1, abandoned: 1 },
      { queue: 'general', decided: 2, inTime: 2, abandoned: 0 },
    ]);
    expect(await s.queueTallies(at(-3600), at(3600), 61_001)).toContainEqual({ queue: 'billing', decided: 3, inTime: 2, abandoned: 1 });
    expect(await s.queueTallies(at(3600), at(7200), 60_000)).toEqual([]);
  });

  it('keeps agents, bots and their keys, conversation owners and suggestion feedback', async () => {
    const s = await open();
    await s.upsertAgent({ ...agent('ana'), status: 'away', tokenExpiresAt: '2027-01-01T00:00:00.000Z' }, 'hash-1');
    await s.setAgentStatus('ana', 'available');
    await s.setAgentGrace('ana', '2026-11-24T09:01:00.000Z');
    await s.upsertAgent({ ...agent('ana'), name: 'Ana B', status: 'offline' }, 'hash-2');
    // A new token keeps the grace deadline of conversations held while away; clearing it removes it.
    expect((await s.getAgent('ana'))?.graceUntil).toBe('2026-11-24T09:01:00.000Z');
    await s.setAgentGrace('ana', undefined);
    expect((await s.getAgent('ana'))?.graceUntil).toBeUndefined();
    expect(await s.getAgentByTokenHash('hash-1')).toBeUndefined();
    expect(await s.getAgentByTokenHash('hash-2')).toMatchObject({ id: 'ana', name: 'Ana B', status: 'available', skills: ['general'] });
    expect((await s.getAgent('ana'))?.tokenExpiresAt).toBeUndefined();
    await s.upsertAgent({ ...agent('Zed'), createdAt: '2026-11-24T08:00:00.000Z' }, 'hash-z');
    expect((await s.listAgents()).map((a) => a.id)).toEqual(['Zed', 'ana']);

    await s.addBotKey({ id: 'web', name: 'Web' }, 'aaaa1111', '2026-11-24T08:00:00.000Z');
    await s.addBotKey({ id: 'web', name: 'Web widget' }, 'bbbb2222', '2026-11-24T08:01:00.000Z');
    expect(await s.botForKeyHash('aaaa1111')).toBe('web');
    expect(await s.revokeBotKeys('web', '2026-11-24T08:02:00.000Z', 'aaaa')).toBe(1);
    expect(await s.revokeBotKeys('web', '2026-11-24T08:02:00.000Z', '%')).toBe(1);
    expect(await s.botForKeyHash('aaaa1111')).toBeUndefined();
    const bots = await s.listBots();
    expect(bots).toMatchObject([{ id: 'web', name: 'Web widget', keys: [{ keyId: 'aaaa1111', revokedAt: '2026-11-24T08:02:00.000Z' }, { keyId: 'bbbb2222', revokedAt: '2026-11-24T08:02:00.000Z' }] }]);
    expect(await s.claimConversation('conv-1', 'web')).toBe('web');
    expect(await s.claimConversation('conv-1', 'other')).toBe('web');
    expect(await s.conversationOwner('conv-1')).toBe('web');
    expect(await s.conversationOwner('conv-2')).toBeUndefined();

    await s.createHandoff(handoff('h1'), []);
    const f = { handoffId: 'h1', agentId: 'ana', suggestionId: 's1', action: 'inserted' as const, at: '2026-11-24T09:01:00.000Z' };
    await s.addSuggestionFeedback(f);
    await s.addSuggestionFeedback({ ...f, at: '2026-11-24T09:02:00.000Z' });
    await s.addSuggestionFeedback({ ...f, action: 'dismissed', provider: 'kb' });
    expect(await s.listSuggestionFeedback(['h1', 'h9'])).toEqual([f, { ...f, action: 'dismissed', provider: 'kb' }]);
    expect(await s.listSuggestionFeedback([])).toEqual([]);
  });

  it('gives every changed article its own increasing updatedAt so paging by `since` never skips one', async () => {
    const s = await open();
    const at = '2026-11-24T09:00:00.000Z';
    const batch = Array.from({ length: 25 }, (_, i) => ({ id: `a${i}`, title: `T${i}`, body: 'b', category: 'c', language: 'en', updatedAt: at }));
    expect(await s.upsertKbArticles(batch)).toBe(25);
    const seen: string[] = [];
    let since: string | undefined;
    for (let page = 0; page < 10; page++) {
      const got = await s.kbArticlesSince(since, 10);
      seen.push(...got.map((a) => a.id));
      if (got.length < 10) break;
      since = got.at(-1)?.updatedAt;
    }
    expect(seen).toEqual(batch.map((a) => a.id));
    // An unchanged article keeps its timestamp; a changed one moves after everything else.
    const last = (await s.kbArticlesSince(undefined, 100)).at(-1)?.updatedAt ?? '';
    expect(await s.upsertKbArticles([{ ...batch[3]!, updatedAt: at }])).toBe(0);
    expect(await s.upsertKbArticles([{ ...batch[3]!, body: 'new', updatedAt: at, steps: [{ id: 'do', text: 'Do it' }] }])).toBe(1);
    const moved = await s.kbArticlesSince(last, 100);
    expect(moved.map((a) => a.id)).toEqual(['a3']);
    expect(moved[0]?.steps).toEqual([{ id: 'do', text: 'Do it' }]);
  });
});
