// PostgreSQL-specific: migrations run once under an advisory lock however many hub processes start together, and
// a database newer than the code is refused with both versions named. (The HubStore behaviour is tested for every
// store in store-contract.test.ts.)
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresStore, migratePostgres } from '../../../src/hub/store/pg-store';
import { pgMigrations } from '../../../src/hub/store/pg-migrations';
import { createTestDatabase, type TestDatabase } from '../../support/pg-database';

describe('PostgreSQL store migrations', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('applies each migration once when several processes start together', async () => {
    // Separate pools stand for separate hub processes: each has its own sessions, so only the advisory lock keeps
    // them from both running CREATE TABLE (which would fail the loser with "relation already exists").
    const pools = Array.from({ length: 4 }, () => new pg.Pool({ connectionString: db.url, max: 2 }).on('error', () => undefined));
    const versions = await Promise.all(pools.map((p) => migratePostgres(p, db.url)));
    expect(versions).toEqual(pools.map(() => pgMigrations.at(-1)?.version));
    const applied = (await pools[0]!.query('SELECT version FROM baton_schema ORDER BY version')).rows.map((r) => Number(r.version));
    expect(applied).toEqual(pgMigrations.map((m) => m.version));
    // Starting again applies nothing new.
    expect(await migratePostgres(pools[0]!, db.url)).toBe(pgMigrations.at(-1)?.version);
    await Promise.all(pools.map((p) => p.end()));
  });

  it('refuses a database written by a newer hub, naming both versions and not the password', async () => {
    const pool = new pg.Pool({ connectionString: db.url, max: 1 });
    await pool.query("INSERT INTO baton_schema (version, name) VALUES (99, 'from the future')");
    await pool.end();
    const latest = pgMigrations.at(-1)?.version ?? 0;
    const withPassword = db.url.replace('postgres@', 'postgres:s3cret@');
    const error = await createPostgresStore(withPassword).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(new RegExp(`schema version 99, newer than this hub understands \\(${latest}\\).*BATON_DATABASE_URL`));
    expect(error?.message).not.toContain('s3cret');
  });
});
