import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../../src/hub/store/migrations';
import { createSqliteStoreSync as createSqliteStore, openDatabase } from '../../../src/hub/store/sqlite-store';
import type { HandoffRecord } from '../../../src/hub/store/hub-store';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempFile = () => {
  const d = mkdtempSync(join(tmpdir(), 'baton-store-'));
  dirs.push(d);
  return join(d, 'hub.db');
};

const handoff = (id: string, extra: Partial<HandoffRecord> = {}): HandoffRecord => ({
  id,
  conversationId: `conv-${id}`,
  customerId: 'c1',
  source: 'api',
  context: { conversationId: `conv-${id}`, customer: { id: 'c1' }, reason: { trigger: 'other' } },
  trigger: 'other',
  queue: 'general',
  skills: [],
  vip: false,
  frustrated: false,
  status: 'queued',
  createdAt: '2026-11-24T09:00:00.000Z',
  queuedAt: '2026-11-24T09:00:00.000Z',
  humanContacts: 0,
  ...extra,
});

/** Rewinding the schema to an older version undoes the later migrations too. */
// The procedures migration (4), undone to rewind to an older schema.
const UNDO_PROCEDURES_MIGRATION = 'ALTER TABLE kb_articles DROP COLUMN steps; ALTER TABLE kb_articles DROP COLUMN asked_as';
// The trust migration (agent token expiry; bots as named principals), undone to rewind to an older schema.
const UNDO_TRUST_MIGRATION = 'ALTER TABLE agents DROP COLUMN token_expires_at; DROP TABLE bot_keys; DROP TABLE bots; DROP TABLE conversation_bots';
// The engine migration (6: when a waiting customer was last told), undone the same way.
const UNDO_ENGINE_MIGRATION = 'DROP INDEX handoffs_open; ALTER TABLE handoffs DROP COLUMN last_told_at';

describe('hub SQLite store', () => {
  it('migration 1 creates STRICT tables, sets user_version and turns on WAL and foreign keys', () => {
    const file = tempFile();
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.at(-1)?.version);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table'").all() as { name: string; sql: string }[];
    expect(tables.map((t) => t.name).sort()).toEqual(['agent_events', 'agents', 'bot_keys', 'bots', 'conversation_bots', 'customer_events', 'declines', 'handoff_holders', 'handoffs', 'kb_articles', 'messages', 'suggestion_feedback']);
    for (const t of tables) expect(t.sql).toMatch(/STRICT$/);
    db.close();
    // Opening again applies nothing new and keeps the data.
    openDatabase(file).close();
  });

  it('migration 2 keeps one rating per suggestion and action, including ratings stored twice before it', () => {
    const file = tempFile();
    const first = createSqliteStore(file);
    first.createHandoff(handoff('h1'), []);
    first.close();
    // Back to a version-1 database that stored a rating twice.
    const db = new Database(file);
    db.exec('DROP INDEX suggestion_feedback_once; DROP TABLE handoff_holders');
    db.exec(UNDO_PROCEDURES_MIGRATION);
    db.exec(UNDO_ENGINE_MIGRATION);
    db.exec(UNDO_TRUST_MIGRATION);
    db.pragma('user_version = 1');
    const add = db.prepare("INSERT INTO suggestion_feedback (handoff_id, agent_id, suggestion_id, action, at) VALUES ('h1', 'ana', ?, ?, '2026-11-24T09:00:00.000Z')");
    add.run('s1', 'inserted');
    add.run('s1', 'inserted');
    add.run('s1', 'dismissed');
    db.close();
    const store = createSqliteStore(file);
    const record = { handoffId: 'h1', agentId: 'ana', suggestionId: 's1', action: 'inserted' as const, at: '2026-11-24T09:01:00.000Z' };
    store.addSuggestionFeedback(record);
    expect(store.listSuggestionFeedback(['h1']).map((f) => f.action)).toEqual(['inserted', 'dismissed']);
    store.close();
  });

  it('migration 3 records the holder of every hand-off held before it, and later holders as they take over', () => {
    const file = tempFile();
    const first = createSqliteStore(file);
    first.createHandoff(handoff('h1'), []);
    first.createHandoff(handoff('h2'), []);
    expect(first.updateHandoff('h1', ['queued'], { status: 'active', agentId: 'ana', acceptedAt: '2026-11-24T09:01:00.000Z' })).toBe(true);
    first.close();
    const db = new Database(file);
    db.exec('DROP TABLE handoff_holders');
    db.exec(UNDO_PROCEDURES_MIGRATION);
    db.exec(UNDO_ENGINE_MIGRATION);
    db.exec(UNDO_TRUST_MIGRATION);
    db.pragma('user_version = 2');
    db.close();
    const store = createSqliteStore(file);
    expect(store.heldBy('h1', 'ana')).toBe(true);
    expect(store.heldBy('h2', 'ana')).toBe(false);
    expect(store.updateHandoff('h1', ['active'], { agentId: 'ben', acceptedAt: '2026-11-24T09:05:00.000Z' })).toBe(true);
    expect(store.updateHandoff('h2', ['resolved'], { agentId: 'cy' })).toBe(false);
    expect([store.heldBy('h1', 'ana'), store.heldBy('h1', 'ben'), store.heldBy('h2', 'cy')]).toEqual([true, true, false]);
    store.close();
  });

  it('refuses a database written by a newer hub, with a message that says what to do', () => {
    const file = tempFile();
    const db = new Database(file);
    db.pragma('user_version = 99');
    db.close();
    expect(() => openDatabase(file)).toThrow(/newer than this hub understands.*Run a newer Baton Hub/);
  });

  it('lets only the agent an offer went to claim it, once, and tells the customer in the same step', () => {
    const store = createSqliteStore(tempFile());
    store.createHandoff(handoff('h1'), []);
    expect(store.updateHandoff('h1', ['queued'], { status: 'offered', offeredTo: 'ana', lastToldPosition: 1, lastToldText: '1|2 minutes' })).toBe(true);
    const joined = { type: 'agent.joined' as const, agentName: 'Ana', text: 'Ana has joined the conversation.' };
    expect(store.claimOffer('h1', 'ben', '2026-11-24T09:01:00.000Z', joined)).toBeUndefined();
    expect(store.customerEventsOfHandoff('h1', 'agent.joined')).toEqual([]);
    expect(store.claimOffer('h1', 'ana', '2026-11-24T09:01:00.000Z', joined)).toMatchObject({ type: 'agent.joined', agentName: 'Ana', seq: 1 });
    expect(store.claimOffer('h1', 'ana', '2026-11-24T09:02:00.000Z', joined)).toBeUndefined();
    expect(store.getHandoff('h1')).toMatchObject({ status: 'active', agentId: 'ana', humanContacts: 1, firstAcceptedAt: '2026-11-24T09:01:00.000Z' });
    expect(store.getHandoff('h1')?.offeredTo).toBeUndefined();
    expect(store.getHandoff('h1')?.lastToldText).toBeUndefined();
    expect(store.customerEventsOfHandoff('h1', 'agent.joined')).toHaveLength(1);
    store.close();
  });

  it('appends a message once per client id and numbers events per agent and per conversation', () => {
    const store = createSqliteStore(tempFile());
    store.createHandoff(handoff('h1'), [{ handoffId: 'h1', role: 'bot', text: 'hi', at: '2026-11-24T09:00:00.000Z', beforeHandoff: true }]);
    const a = store.appendMessage({ handoffId: 'h1', role: 'customer', text: 'x', at: '2026-11-24T09:00:01.000Z', clientMessageId: 'k1', beforeHandoff: false });
    const b = store.appendMessage({ handoffId: 'h1', role: 'customer', text: 'x', at: '2026-11-24T09:00:02.000Z', clientMessageId: 'k1', beforeHandoff: false });
    expect([a.created, b.created, b.message.id === a.message.id]).toEqual([true, false, true]);
    expect(store.listMessages('h1').map((m) => m.role)).toEqual(['bot', 'customer']);
    const e1 = store.appendCustomerEvent('conv-h1', 'h1', { type: 'handed_back', text: 't' }, '2026-11-24T09:00:03.000Z');
    const e2 = store.appendCustomerEvent('conv-h1', 'h1', { type: 'transferred', text: 't' }, '2026-11-24T09:00:04.000Z');
    expect([e1.seq, e2.seq]).toEqual([1, 2]);
    expect(store.customerEventsAfter('conv-h1', 1, 10).map((e) => e.type)).toEqual(['transferred']);
    store.close();
  });
});

describe('knowledge-base sync order', () => {
  it('gives every changed article its own increasing updatedAt so paging by `since` never skips one', () => {
    const store = createSqliteStore(tempFile());
    const at = '2026-11-24T09:00:00.000Z';
    const batch = Array.from({ length: 25 }, (_, i) => ({ id: `a${i}`, title: `T${i}`, body: 'b', category: 'c', language: 'en', updatedAt: at }));
    expect(store.upsertKbArticles(batch)).toBe(25);
    const seen: string[] = [];
    let since: string | undefined;
    for (let page = 0; page < 10; page++) {
      const got = store.kbArticlesSince(since, 10);
      seen.push(...got.map((a) => a.id));
      if (got.length < 10) break;
      since = got.at(-1)?.updatedAt;
    }
    expect(seen).toEqual(batch.map((a) => a.id));
    // An unchanged article keeps its timestamp; a changed one moves after everything else.
    const last = store.kbArticlesSince(undefined, 100).at(-1)?.updatedAt ?? '';
    expect(store.upsertKbArticles([{ ...batch[3]!, updatedAt: at }])).toBe(0);
    expect(store.upsertKbArticles([{ ...batch[3]!, body: 'new', updatedAt: at }])).toBe(1);
    expect(store.kbArticlesSince(last, 100).map((a) => a.id)).toEqual(['a3']);
    store.close();
  });
});
