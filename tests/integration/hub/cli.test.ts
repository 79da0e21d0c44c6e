import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStoreSync } from '../../../src/hub/store/sqlite-store';
import { hashToken } from '../../../src/hub/auth/agent-tokens';
import { createPostgresStore } from '../../../src/hub/store/pg-store';
import { startHub } from '../../../src/hub/server';
import { silentLogger } from '../../../src/shared/log';
import { createTestDatabase } from '../../support/pg-database';

const root = resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'baton-hub-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function hub(...args: string[]) {
  return hubWith({}, ...args);
}

function hubWith(env: Record<string, string>, ...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/hub/cli.ts'), ...args], {
    cwd: root,
    env: { ...process.env, BATON_DATA_DIR: dir, ...env },
    encoding: 'utf8',
    timeout: 15_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('npm run hub', () => {
  it('issues a token once, stores only its hash, and imports a knowledge base with clear errors', () => {
    const added = hub('agents', 'add', '--name', 'Maya Chen', '--skills', 'billing,orders', '--capacity', '2');
    expect(added.code).toBe(0);
    const token = added.out.trim().split('\n').at(-1) ?? '';
    expect(token).toMatch(/^bat_/);
    const store = createSqliteStoreSync(join(dir, 'hub.db'));
    expect(store.getAgentByTokenHash(hashToken(token))).toMatchObject({ name: 'Maya Chen', skills: ['billing', 'orders'], capacity: 2 });
    store.close();

    writeFileSync(join(dir, 'bad.json'), JSON.stringify([{ id: 'a1', title: 'T' }]));
    const bad = hub('kb', 'import', join(dir, 'bad.json'));
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/0\.body.*0\.category/s);

    const help = hub('--help');
    for (const cmd of ['agents add', 'agents list', 'kb import', 'BATON_BOT_KEYS', 'BATON_REOFFER_SECONDS', 'BATON_RETELL_SECONDS']) expect(help.out).toContain(cmd);

    // A bad routing setting stops the hub before it serves, naming the variable.
    const refused = hubWith({ BATON_RETELL_SECONDS: '0', BATON_HUB_PORT: '0', BATON_BOT_KEYS: 'k' });
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/BATON_RETELL_SECONDS/);
  });

  it('runs every command against PostgreSQL with BATON_DATABASE_URL, and a hub on that database accepts what they issued', async () => {
    const db = await createTestDatabase();
    const pgDir = mkdtempSync(join(tmpdir(), 'baton-hub-cli-pg-'));
    try {
      const env = { BATON_DATABASE_URL: db.url, BATON_DATA_DIR: pgDir };
      const added = hubWith(env, 'agents', 'add', '--name', 'Maya Chen', '--id', 'maya', '--skills', 'billing');
      expect(added.code).toBe(0);
      const token = added.out.trim().split('\n').at(-1) ?? '';
      expect(hubWith(env, 'agents', 'list').out).toContain('maya\tagent\tMaya Chen');
      const bot = hubWith(env, 'bots', 'add', '--name', 'web-widget');
      expect(bot.code).toBe(0);
      const botKey = bot.out.trim().split('\n').at(-1) ?? '';
      expect(hubWith(env, 'bots', 'list').out).toContain('web-widget');
      writeFileSync(join(pgDir, 'kb.json'), JSON.stringify([{ id: 'a1', title: 'Refunds', body: 'How refunds work', category: 'billing' }]));
      expect(hubWith(env, 'kb', 'import', join(pgDir, 'kb.json')).out).toContain('(1 new or changed)');
      // Nothing went to the SQLite file: the state is in PostgreSQL.
      const store = await createPostgresStore(db.url);
      expect(await store.getAgentByTokenHash(hashToken(token))).toMatchObject({ id: 'maya', skills: ['billing'] });
      expect((await store.kbArticlesSince(undefined, 10)).map((a) => a.id)).toEqual(['a1']);
      await store.close();

      const running = await startHub({ port: 0, dataDir: pgDir, botKeys: [], databaseUrl: db.url, logger: silentLogger });
      try {
        expect(running.engine).toBe('postgres');
        const me = await fetch(`${running.url}/v1/agents/me`, { headers: { authorization: `Bearer ${token}` } });
        expect(me.status).toBe(200);
        const handoff = await fetch(`${running.url}/v1/handoffs`, {
          method: 'POST',
          headers: { authorization: `Bearer ${botKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ conversationId: 'c-1', customer: { id: 'cust-1' }, reason: { trigger: 'customer_request' }, transcript: [{ role: 'customer', text: 'A human please', at: new Date().toISOString() }] }),
        });
        expect(handoff.status).toBe(201);
        expect(() => running.issueToken({ name: 'x', role: 'agent' })).toThrow(/hub.admin.issueToken/);
        const issued = await running.admin.issueToken({ name: 'Ben', role: 'agent', id: 'ben' });
        expect((await fetch(`${running.url}/v1/agents/me`, { headers: { authorization: `Bearer ${issued.token}` } })).status).toBe(200);
      } finally {
        await running.close();
      }
    } finally {
      rmSync(pgDir, { recursive: true, force: true });
      await db.drop();
    }
  }, 60_000);
});
