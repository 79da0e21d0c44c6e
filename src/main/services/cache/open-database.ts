// Opens the desk's SQLite cache: WAL and foreign keys on, then the numbered migrations, all-or-nothing.
import Database from 'better-sqlite3';
import type { Logger } from '../../../shared/log';
import { migrations as allMigrations, type Migration } from './migrations';

export type Db = Database.Database;

export class NewerDatabaseError extends Error {
  constructor(
    readonly file: string,
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `The desk cache at ${file} has schema version ${found}, but this Baton Desk understands up to version ${supported}. ` +
        'It was written by a newer Baton Desk: update this one, or point BATON_DATA_DIR at another folder.',
    );
    this.name = 'NewerDatabaseError';
  }
}

/** Applies every migration above the database's user_version, each in its own transaction with its version bump. */
export function migrate(db: Db, file: string, migrations: readonly Migration[] = allMigrations, logger?: Logger): number {
  const latest = migrations.length === 0 ? 0 : Math.max(...migrations.map((m) => m.version));
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > latest) throw new NewerDatabaseError(file, current, latest);
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      // PRAGMA cannot take bound parameters; the version is a number from our own code.
      db.pragma(`user_version = ${Math.trunc(m.version)}`);
    })();
    logger?.info('cache.migrated', { version: m.version });
  }
  return db.pragma('user_version', { simple: true }) as number;
}

export function openDatabase(file: string, opts: { logger?: Logger; migrations?: readonly Migration[] } = {}): Db {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 3000');
    migrate(db, file, opts.migrations, opts.logger);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}
