// The hub store and the desk cache open SQLite through one runner: same busy timeout, and each migration in its
// own transaction, so a failing one leaves either database at the version before it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase as openHub } from '../../../src/hub/store/sqlite-store';
import { openDatabase as openDesk } from '../../../src/main/services/cache/open-database';
import { BUSY_TIMEOUT_MS } from '../../../src/node/sqlite/migrate';

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
