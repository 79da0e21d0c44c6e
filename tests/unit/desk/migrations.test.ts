import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../../src/main/services/cache/migrations';
import { migrate, NewerDatabaseError, openDatabase } from '../../../src/main/services/cache/open-database';
import { tempDir } from './temp-dir';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function freshFile(): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return join(t.dir, 'desk.db');
}

function dbAtVersion(version: number) {
  const file = freshFile();
  const db = new Database(file);
  db.pragma('foreign_keys = ON');
  migrate(db, file, migrations.filter((m) => m.version <= version));
  cleanups.push(() => db.close());
  return db;
}

const tables = (db: Database.Database) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table') ORDER BY name").all() as { name: string }[]).map((r) => r.name);

// Versions may have gaps while parallel branches add theirs; the newest is the highest, not the count.
const latestVersion = Math.max(...migrations.map((m) => m.version));

describe('desk cache migrations', () => {
  it('migration 1 creates conversations, messages, offers, outbox, settings and a link state row at seq 0', () => {
    const db = dbAtVersion(1);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(tables(db)).toEqual(expect.arrayContaining(['conversations', 'messages', 'offers', 'outbox', 'settings', 'link_state']));
    expect(db.prepare('SELECT last_seq FROM link_state').get()).toEqual({ last_seq: 0 });
    // STRICT: a wrong type is refused rather than silently stored.
    expect(() => db.prepare("INSERT INTO link_state (id, last_seq) VALUES (1, 'x')").run()).toThrow();
    // Messages belong to a conversation.
    expect(() => db.prepare("INSERT INTO messages (id, handoff_id, ord, data) VALUES ('m', 'nope', 1, '{}')").run()).toThrow(/FOREIGN KEY/);
  });

  it('migration 2 adds summaries, suggestions and feedback, removed with their conversation except feedback', () => {
    const db = dbAtVersion(2);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(tables(db)).toEqual(expect.arrayContaining(['summaries', 'suggestions', 'suggestion_feedback']));
    db.prepare("INSERT INTO conversations (handoff_id, data, status, updated_at) VALUES ('h1', '{}', 'active', 'now')").run();
    db.prepare("INSERT INTO summaries (handoff_id, data, created_at) VALUES ('h1', '{}', 'now')").run();
    db.prepare("INSERT INTO suggestion_feedback (handoff_id, suggestion_id, action, at) VALUES ('h1', 's1', 'inserted', 'now')").run();
    db.prepare("DELETE FROM conversations WHERE handoff_id = 'h1'").run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM summaries').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM suggestion_feedback').get()).toEqual({ n: 1 });
  });

  it('migration 3 adds the knowledge base with word and trigram indexes kept in step by triggers', () => {
    const db = dbAtVersion(3);
    expect(db.pragma('user_version', { simple: true })).toBe(3);
    db.prepare("INSERT INTO kb_articles (id, title, body, category, language, updated_at) VALUES ('a', 'Refunds', 'How to refund', 'billing', 'en', 'now')").run();
    expect(db.prepare("SELECT COUNT(*) AS n FROM kb_fts WHERE kb_fts MATCH 'refund*'").get()).toEqual({ n: 1 });
    expect(db.prepare("SELECT COUNT(*) AS n FROM kb_trigram WHERE kb_trigram MATCH 'fund'").get()).toEqual({ n: 1 });
    db.prepare("UPDATE kb_articles SET body = 'Exchanges only', title = 'Exchanges' WHERE id = 'a'").run();
    expect(db.prepare("SELECT COUNT(*) AS n FROM kb_fts WHERE kb_fts MATCH 'refund*'").get()).toEqual({ n: 0 });
    db.prepare("DELETE FROM kb_articles WHERE id = 'a'").run();
    expect(db.prepare("SELECT COUNT(*) AS n FROM kb_trigram WHERE kb_trigram MATCH 'hange'").get()).toEqual({ n: 0 });
  });

  it('opens with WAL and foreign keys, and re-opening applies nothing twice', () => {
    const file = freshFile();
    openDatabase(file).close();
    const db = openDatabase(file);
    cleanups.push(() => db.close());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion);
  });

  it('refuses a database written by a newer desk, naming both versions', () => {
    const file = freshFile();
    const raw = new Database(file);
    raw.pragma(`user_version = ${latestVersion + 5}`);
    raw.close();
    let error: unknown;
    try {
      openDatabase(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NewerDatabaseError);
    expect((error as Error).message).toContain(`schema version ${latestVersion + 5}`);
    expect((error as Error).message).toContain(`up to version ${latestVersion}`);
  });

  it('rolls a failing migration back completely, leaving the version where it was', () => {
    const file = freshFile();
    const db = new Database(file);
    cleanups.push(() => db.close());
    const broken = [...migrations.slice(0, 1), { version: 2, name: 'broken', sql: 'CREATE TABLE half (x TEXT) STRICT; THIS IS NOT SQL;' }];
    expect(() => migrate(db, file, broken)).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(tables(db)).not.toContain('half');
  });
});
