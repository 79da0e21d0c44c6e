// Opens the desk's SQLite cache through the shared runner (src/node/sqlite/migrate.ts).
import type Database from 'better-sqlite3';
import type { Logger } from '../../../shared/log';
import { migrate as runMigrations, NewerDatabaseError, openMigrated } from '../../../node/sqlite/migrate';
import { migrations as allMigrations, type Migration } from './migrations';

export type Db = Database.Database;
export { NewerDatabaseError };

const DESK = {
  what: 'desk cache',
  newer: (file: string, found: number, supported: number) =>
    `The desk cache at ${file} has schema version ${found}, but this Baton Desk understands up to version ${supported}. ` +
    'It was written by a newer Baton Desk: update this one, or point BATON_DATA_DIR at another folder.',
};

export function migrate(db: Db, file: string, migrations: readonly Migration[] = allMigrations, logger?: Logger): number {
  return runMigrations(db, file, migrations, { ...DESK, ...(logger ? { logger } : {}) });
}

export function openDatabase(file: string, opts: { logger?: Logger; migrations?: readonly Migration[] } = {}): Db {
  return openMigrated(file, opts.migrations ?? allMigrations, { ...DESK, ...(opts.logger ? { logger: opts.logger } : {}) });
}
