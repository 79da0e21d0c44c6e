// The one SQLite migration runner of the hub store and the desk cache: WAL, foreign keys, the same busy timeout,
// then every numbered migration above user_version, each in its own transaction together with its version bump
// (a failed migration leaves the database at the previous version). A database newer than the code is refused.
import Database from 'better-sqlite3';
import type { Logger } from '../../shared/log';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const BUSY_TIMEOUT_MS = 5_000;

export class NewerDatabaseError extends Error {
  constructor(
    readonly file: string,
    readonly found: number,
    readonly supported: number,
    message: string,
  ) {
    super(message);
    this.name = 'NewerDatabaseError';
  }
}

export interface MigrateOptions {
  /** Names the database in the log, e.g. 'desk cache'. */
  what: string;
  /** The message for a database newer than the code: what it is and what to do. */
  newer: (file: string, found: number, supported: number) => string;
  logger?: Logger;
}

/** Applies every migration above the database's user_version; answers the version it ends at. */
export function migrate(db: Database.Database, file: string, migrations: readonly Migration[], opts: MigrateOptions): number {
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  const current = Number(db.pragma('user_version', { simple: true }));
  if (current > latest) throw new NewerDatabaseError(file, current, latest, opts.newer(file, current, latest));
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (m.version <= current) continue;
    // BEGIN IMMEDIATE takes the write lock before reading the version again: another process opening the same
    // file at the same moment (two CLI commands, a hub and a CLI) waits here, then finds the migration done.
    const applied = db
      .transaction(() => {
        if (Number(db.pragma('user_version', { simple: true })) >= m.version) return false;
        db.exec(m.sql);
        // PRAGMA cannot take bound parameters; the version is a number from our own code.
        db.pragma(`user_version = ${Math.trunc(m.version)}`);
        return true;
      })
      .immediate();
    if (applied) opts.logger?.info('sqlite.migrated', { what: opts.what, version: m.version });
  }
  return Number(db.pragma('user_version', { simple: true }));
}

/** Opens (or creates) the database with the shared pragmas and migrates it; closes it again if that fails. */
export function openMigrated(file: string, migrations: readonly Migration[], opts: MigrateOptions): Database.Database {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    migrate(db, file, migrations, opts);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}
