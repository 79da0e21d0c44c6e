// Issue 11 point 8: `npm run hub -- agents add --expires 90d` issues a token that stops working after 90 days;
// an expired token is refused over HTTP and on the socket with a message that says how to get a new one.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { startHub } from '../../../src/hub/server';
import { silentLogger } from '../../../src/shared/log';
import { api, BOT_KEY, useHubCleanups } from '../hub/hub-harness';

const { cleanups, hub } = useHubCleanups();
const root = resolve(import.meta.dirname, '../../..');
const DAY = 86_400_000;

function cli(dir: string, ...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/hub/cli.ts'), ...args], { cwd: root, env: { ...process.env, BATON_DATA_DIR: dir }, encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const agentHeaders = (token: string) => ({ authorization: `Bearer ${token}` });

describe('agent token expiry', () => {
  it('agents add --expires 90d: the token works until then and is refused after, saying how to get a new one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'baton-exp-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const before = Date.now();
    const added = cli(dir, 'agents', 'add', '--name', 'Maya Chen', '--id', 'maya', '--expires', '90d');
    expect(added.code, added.err).toBe(0);
    expect(added.out).toMatch(/expires \d{4}-/);
    const token = added.out.trim().split('\n').at(-1) ?? '';
    expect(cli(dir, 'agents', 'add', '--name', 'X', '--expires', 'soon').err).toMatch(/--expires takes a duration/);

    const today = await startHub({ port: 0, dataDir: dir, botKeys: [BOT_KEY], logger: silentLogger });
    cleanups.push(() => today.close());
    const me = await api(today, '/v1/agents/me', { headers: agentHeaders(token) });
    expect(me.status).toBe(200);
    const expiresAt = Date.parse(me.json.tokenExpiresAt);
    expect(expiresAt - before).toBeGreaterThanOrEqual(90 * DAY);
    expect(expiresAt - before).toBeLessThan(90 * DAY + 60_000);
    await today.close();

    const later = await startHub({ port: 0, dataDir: dir, botKeys: [BOT_KEY], logger: silentLogger, now: () => Date.now() + 91 * DAY });
    cleanups.push(() => later.close());
    const refused = await api(later, '/v1/agents/me', { headers: agentHeaders(token) });
    expect(refused.status).toBe(401);
    expect(refused.json.error.message).toMatch(/expired at .*npm run hub -- agents add --id maya/);
  });

  it('refuses an expired token on the socket with the same guidance, and a fresh one still works', async () => {
    const h = await hub();
    const old = h.issueToken({ id: 'raj', name: 'Raj', role: 'agent', expiresAt: new Date(Date.now() - 1000).toISOString() });
    const connect = (token: string) =>
      new Promise<string>((resolveConnect) => {
        const s = io(`${h.url}/agent`, { auth: { token, lastSeq: 0 }, transports: ['websocket'], reconnection: false, forceNew: true });
        cleanups.push(() => void s.close());
        s.once('hello', () => resolveConnect('hello'));
        s.once('connect_error', (e: Error) => resolveConnect(e.message));
      });
    expect(await connect(old.token)).toMatch(/^unauthorized: This agent token expired .*agents add --id raj/);
    expect((await api(h, '/v1/queues', { headers: agentHeaders(old.token) })).status).toBe(401);
    const fresh = h.issueToken({ id: 'raj', name: 'Raj', role: 'agent' });
    expect(await connect(fresh.token)).toBe('hello');
  });
});
