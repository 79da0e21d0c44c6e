// SQLite-specific: the migrations of an existing file and the pragmas. The HubStore behaviour itself is tested
// for every store in tests/integration/hub/store-contract.test.ts.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../../src/hub/store/migrations';
import { createSqliteStoreSync as createSqliteStore, openDatabase } from '../../../src/hub/store/sqlite-store';
import { handoffRecord } from '../../support/hub-records';
import { timeOrderedId } from '../../../src/hub/store/time-ordered-id';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempFile = () => {
  const d = mkdtempSync(join(tmpdir(), 'baton-store-'));
  dirs.push(d);
  return join(d, 'hub.db');
};

const handoff = handoffRecord;

/** Rewinding the schema to an older version undoes the later migrations too. */
// The procedures migration (4), undone to rewind to an older schema.
const UNDO_PROCEDURES_MIGRATION = 'ALTER TABLE kb_articles DROP COLUMN steps; ALTER TABLE kb_articles DROP COLUMN asked_as';
// The trust migration (agent token expiry; bots as named principals), undone to rewind to an older schema.
const UNDO_TRUST_MIGRATION = 'ALTER TABLE agents DROP COLUMN token_expires_at; DROP TABLE bot_keys; DROP TABLE bots; DROP TABLE conversation_bots';
// The engine migration (6: when a waiting customer was last told), undone the same way.
const UNDO_ENGINE_MIGRATION = 'DROP INDEX handoffs_open; ALTER TABLE handoffs DROP COLUMN last_told_at';
// The stored reconnect grace (8), undone the same way.
const UNDO_GRACE_MIGRATION = 'ALTER TABLE agents DROP COLUMN grace_until';

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

  it('migration 7 lets the queue figures and wait estimates read by index instead of the whole history of hand-offs', () => {
    const db = openDatabase(tempFile());
    const plan = (sql: string, ...args: unknown[]): string =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail).join('; ');
    // The store's own statements (sqlite-store.ts: queueTallies, recentAnswers, averageHandle).
    expect(plan("SELECT queue, SUM(status = 'abandoned') FROM handoffs WHERE created_at >= ? AND created_at <= ? GROUP BY queue ORDER BY queue", 'a', 'b')).toMatch(
      /USING INDEX handoffs_by_created/,
    );
    expect(
      plan(
        `SELECT (julianday(first_accepted_at) - julianday(created_at)) * 86400.0 AS s FROM handoffs
         WHERE queue = ? AND first_accepted_at IS NOT NULL ORDER BY first_accepted_at DESC LIMIT ?`,
        'q',
        20,
      ),
    ).toMatch(/USING INDEX handoffs_by_queue_answered/);
    expect(
      plan(
        `SELECT AVG(s) AS avg, COUNT(*) AS n FROM (SELECT (julianday(ended_at) - julianday(first_accepted_at)) * 86400.0 AS s FROM handoffs
         WHERE queue = ? AND first_accepted_at IS NOT NULL AND ended_at IS NOT NULL ORDER BY ended_at DESC LIMIT ?)`,
        'q',
        50,
      ),
    ).toMatch(/USING INDEX handoffs_by_queue_ended/);
    // The index on status alone is gone; the open hand-offs loaded at start come from the partial index.
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'handoffs_by_status'").get()).toBeUndefined();
    expect(plan("SELECT * FROM handoffs WHERE status IN (?, ?) AND status IN ('queued', 'offered', 'active') ORDER BY created_at, rowid", 'queued', 'offered')).toMatch(
      /USING INDEX handoffs_open/,
    );
    db.close();
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
    db.exec(UNDO_GRACE_MIGRATION);
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
    db.exec(UNDO_GRACE_MIGRATION);
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

  it('migration 8 gives agents a stored reconnect grace deadline, none for those from before', () => {
    const file = tempFile();
    const first = createSqliteStore(file);
    first.upsertAgent({ id: 'ana', name: 'Ana', role: 'agent', skills: ['billing'], capacity: 2, status: 'available', createdAt: '2026-11-24T08:00:00.000Z' }, 'hash-a');
    first.close();
    const db = new Database(file);
    db.exec(UNDO_GRACE_MIGRATION);
    db.pragma('user_version = 7');
    db.close();
    const store = createSqliteStore(file);
    expect(store.getAgent('ana')).toMatchObject({ id: 'ana', capacity: 2 });
    expect(store.getAgent('ana')?.graceUntil).toBeUndefined();
    store.setAgentGrace('ana', '2026-11-24T09:01:00.000Z');
    expect(store.getAgent('ana')?.graceUntil).toBe('2026-11-24T09:01:00.000Z');
    store.close();
  });

  it('keeps savepoint undo in memory (temp_store = MEMORY), not in a temporary file per store call', () => {
    const db = openDatabase(tempFile());
    // 2 = MEMORY. With the driver's default (a file), every savepoint wrote its pages' old contents to /var/tmp.
    expect(db.pragma('temp_store', { simple: true })).toBe(2);
    db.close();
  });

  it('writes a new transcript to the right edge of the message-id index, not to a page per message', () => {
    const file = tempFile();
    const store = createSqliteStore(file);
    const reader = new Database(file);
    const transcript = (id: string) => Array.from({ length: 8 }, (_, n) => ({ handoffId: id, role: 'customer' as const, text: `turn ${n} of ${id}`, at: '2026-11-24T09:00:00.000Z', beforeHandoff: true }));
    const intake = (i: number): void => {
      const id = timeOrderedId();
      store.createHandoff(handoff(id, { conversationId: `conv-${i}`, context: { conversationId: `conv-${i}`, customer: { id: 'c1' }, reason: { trigger: 'other' } } }), transcript(id));
    };
    // Enough history that an index with random keys spans far more than 8 leaf pages (about 4,800 messages).
    for (let i = 0; i < 600; i++) intake(i);
    /** The pages of the message-id index that one more intake writes to the WAL. */
    const idIndexPagesOfOneIntake = (i: number): number => {
      reader.pragma('wal_checkpoint(TRUNCATE)');
      intake(i);
      const indexPages = new Set((reader.prepare("SELECT pageno FROM dbstat WHERE name = 'sqlite_autoindex_messages_1'").all() as { pageno: number }[]).map((r) => r.pageno));
      const wal = readFileSync(`${file}-wal`);
      let pages = 0;
      // After the 32-byte WAL header, each frame is a 24-byte header (the page number first) and a 4 KiB page.
      for (let at = 32; at + 24 <= wal.length; at += 24 + 4096) if (indexPages.has(wal.readUInt32BE(at))) pages++;
      return pages;
    };
    const counts = Array.from({ length: 20 }, (_, k) => idIndexPagesOfOneIntake(600 + k));
    // Time-ordered ids: one page, four or five when the last leaf splits (2.3 on average here). Random ids put the
    // 8 turns on 8 leaves and split them more often (10.9 on average).
    expect(counts.reduce((a, b) => a + b, 0) / counts.length).toBeLessThanOrEqual(5);
    reader.close();
    store.close();
  });

  it('refuses a database written by a newer hub, with a message that says what to do', () => {
    const file = tempFile();
    const db = new Database(file);
    db.pragma('user_version = 99');
    db.close();
    expect(() => openDatabase(file)).toThrow(/newer than this hub understands.*Run a newer Baton Hub/);
  });
});
