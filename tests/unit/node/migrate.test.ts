// The hub store and the desk cache open SQLite through one runner: same busy timeout, and each migration in its
// own transaction, so a failing one leaves either database at the version before it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase as openHub } from '../../../src/hub/store/sqlite-store';
import { openDatabase as openDesk } from '../../../src/main/services/cache/open-database';
import Database from 'better-sqlite3';
import { BUSY_TIMEOUT_MS, migrate } from '../../../src/node/sqlite/migrate';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const file = () => {
  const d = mkdtempSync(join(tmpdir(), 'baton-migrate-'));
  dirs.push(d);
  return join(d, 'x.db');
};
const list = [
  { version: 1, name: 'one', sql: 'CREATE TABLE a (x INTEGER) STRICT;' },
  { version: 2, name: 'broken', sql: 'CREATE TABLE b (x INTEGER) STRICT; CREATE TABLE a (y INTEGER);' },
];

describe('one SQLite migration runner', () => {
  it.each([
    ['hub store', (f: string) => openHub(f, list)],
    ['desk cache', (f: string) => openDesk(f, { migrations: list })],
  ])('%s: shared busy timeout, and a failing migration keeps the previous version', (_what, open) => {
    const f = file();
    expect(() => open(f)).toThrow(/already exists/);
    const db = openHub(f, list.slice(0, 1));
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(BUSY_TIMEOUT_MS);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'b'").get()).toEqual({ n: 0 });
    db.close();
  });
});

describe('two connections migrating one new database at the same moment', () => {
  it('the second waits for the first instead of running a migration the first is running', () => {
    const f = file();
    const opts = { what: 'test', newer: () => 'newer' };
    const second = new Database(f);
    second.pragma('busy_timeout = 50');
    let secondSaw: string | undefined;
    const sql = 'CREATE TABLE a (x INTEGER) STRICT;';
    // The first connection's migration, read at the moment it runs: the second connection tries to migrate then.
    const racing = [
      {
        version: 1,
        name: 'one',
        get sql() {
          try {
            migrate(second, f, [{ version: 1, name: 'one', sql }], opts);
            secondSaw = 'migrated';
          } catch (e) {
            secondSaw = (e as { code?: string }).code ?? String(e);
          }
          return sql;
        },
      },
    ];
    const first = new Database(f);
    first.pragma('busy_timeout = 50');
    expect(() => migrate(first, f, racing, opts)).not.toThrow();
    // It was kept out while the first held the migration (before the fix it migrated, and the first then failed
    // with "table a already exists").
    expect(secondSaw).toBe('SQLITE_BUSY');
    // Afterwards it finds the work done.
    expect(migrate(second, f, [{ version: 1, name: 'one', sql }], opts)).toBe(1);
    first.close();
    second.close();
  });
});
