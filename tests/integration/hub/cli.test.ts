import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStoreSync } from '../../../src/hub/store/sqlite-store';
import { hashToken } from '../../../src/hub/auth/agent-tokens';

const root = resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'baton-hub-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function hub(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/hub/cli.ts'), ...args], {
    cwd: root,
    env: { ...process.env, BATON_DATA_DIR: dir },
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
    for (const cmd of ['agents add', 'agents list', 'kb import', 'BATON_BOT_KEYS', 'BATON_REOFFER_SECONDS']) expect(help.out).toContain(cmd);
  });
});
