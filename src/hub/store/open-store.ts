// Which engine holds the hub's state, from the configuration: PostgreSQL when BATON_DATABASE_URL is a
// postgres:// URL (several hub processes may share it), otherwise the embedded SQLite file in the data directory
// (one process, the default). startHub and every CLI command open their store here.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../../shared/log';
import type { HubStore, SyncHubStore } from './hub-store';
import { createGroupCommitStore } from './sqlite-store';
import { createPostgresStore, type PostgresHubStore } from './pg-store';

export interface StoreConfig {
  /** BATON_DATABASE_URL: postgres://… selects PostgreSQL; unset or empty = SQLite in `dataDir`. */
  databaseUrl?: string | undefined;
  dataDir: string;
  logger?: Logger;
}

export type OpenedStore =
  | { engine: 'sqlite'; store: HubStore; /** The same file answered synchronously (the embedded admin helpers). */ embedded: SyncHubStore }
  | { engine: 'postgres'; store: PostgresHubStore };

export const isPostgresUrl = (url: string | undefined): url is string => !!url && /^postgres(ql)?:\/\//i.test(url.trim());

export async function openHubStore(config: StoreConfig): Promise<OpenedStore> {
  const url = config.databaseUrl?.trim();
  if (url) {
    if (!isPostgresUrl(url)) throw new Error('BATON_DATABASE_URL must be a postgres:// (or postgresql://) URL; leave it unset for the embedded SQLite database.');
    return { engine: 'postgres', store: await createPostgresStore(url, config.logger ? { logger: config.logger } : {}) };
  }
  mkdirSync(config.dataDir, { recursive: true });
  const { store, sync } = createGroupCommitStore(join(config.dataDir, 'hub.db'));
  return { engine: 'sqlite', store, embedded: sync };
}
