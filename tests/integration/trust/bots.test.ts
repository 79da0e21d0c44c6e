// Issue 11 point 1 over real HTTP: bots are named principals (`npm run hub -- bots add/rotate/revoke/list`); a
// conversation belongs to the bot that handed it off and every other bot, including a BATON_BOT_KEYS key, gets 404.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../../../src/hub/server';
import { silentLogger } from '../../../src/shared/log';
import { api, BOT_KEY, handoff, useHubCleanups } from '../hub/hub-harness';

const { cleanups, hub } = useHubCleanups();
const root = resolve(import.meta.dirname, '../../..');

function cli(dir: string, ...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/hub/cli.ts'), ...args], { cwd: root, env: { ...process.env, BATON_DATA_DIR: dir }, encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const keyOf = (out: string): string => out.trim().split('\n').at(-1) ?? '';
const as = (key: string) => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' });

async function everyRoute(h: RunningHub, key: string, conv: string): Promise<number[]> {
  return [
    (await api(h, `/v1/conversations/${conv}/events?after=0`, { headers: as(key) })).status,
    (await api(h, `/v1/conversations/${conv}/messages`, { headers: as(key), body: { text: 'hi', clientMessageId: 'm-12345678' } })).status,
    (await api(h, `/v1/conversations/${conv}/csat`, { headers: as(key), body: { score: 1 } })).status,
    (await api(h, `/v1/conversations/${conv}/end`, { headers: as(key), body: {} })).status,
  ];
}

describe('bots as named principals', () => {
  it('bots add/rotate/revoke/list from the CLI; a conversation is reachable only by its own bot', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'baton-bots-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const widget = cli(dir, 'bots', 'add', '--name', 'web-widget');
    expect(widget.code, widget.err).toBe(0);
    const widgetKey = keyOf(widget.out);
    const other = keyOf(cli(dir, 'bots', 'add', '--name', 'ivr').out);
    expect(cli(dir, 'bots', 'add', '--name', 'web-widget').err).toMatch(/bots rotate/);
    const rotated = cli(dir, 'bots', 'rotate', '--name', 'web-widget');
    const rotatedKey = keyOf(rotated.out);
    const oldKeyId = /key id ([0-9a-f]+)/.exec(widget.out)?.[1] ?? '';
    const listed = cli(dir, 'bots', 'list').out;
    expect(listed).toContain('web-widget');
    expect(listed).toContain(oldKeyId);
    expect(listed).not.toContain(widgetKey);

    const h = await startHub({ port: 0, dataDir: dir, botKeys: [BOT_KEY], logger: silentLogger });
    cleanups.push(() => h.close());
    expect((await api(h, '/v1/handoffs', { headers: as(widgetKey), body: handoff('w-1') })).status).toBe(201);
    // Another named bot and an environment key are both told the conversation does not exist.
    expect(await everyRoute(h, other, 'w-1')).toEqual([404, 404, 404, 404]);
    expect(await everyRoute(h, BOT_KEY, 'w-1')).toEqual([404, 404, 404, 404]);
    expect((await api(h, '/v1/handoffs', { headers: as(other), body: handoff('w-1') })).status).toBe(409);
    expect((await h.store.getHandoff((await h.store.latestHandoffForConversation('w-1'))!.id))?.status).toBe('queued');
    // Both keys of the same bot share its conversations.
    expect((await api(h, '/v1/conversations/w-1/events?after=0', { headers: as(rotatedKey) })).status).toBe(200);
    expect((await api(h, '/v1/conversations/w-1/messages', { headers: as(widgetKey), body: { text: 'still there?', clientMessageId: 'm-00000001' } })).status).toBe(201);

    // Revoking the old key ends it at once (the running hub reads keys from the store), the new one keeps working.
    expect(cli(dir, 'bots', 'revoke', '--name', 'web-widget', '--key', oldKeyId).code).toBe(0);
    const revoked = await api(h, '/v1/conversations/w-1/events?after=0', { headers: as(widgetKey) });
    expect(revoked.status).toBe(401);
    expect(revoked.json.error.credential).toBe('bot_key');
    expect((await api(h, '/v1/conversations/w-1/events?after=0', { headers: as(rotatedKey) })).status).toBe(200);
  });

  it('each BATON_BOT_KEYS key is a bot of its own', async () => {
    const h = await hub({ botKeys: [BOT_KEY, 'second-env-bot-key'] });
    expect((await api(h, '/v1/handoffs', { headers: as(BOT_KEY), body: handoff('env-1') })).status).toBe(201);
    expect(await everyRoute(h, 'second-env-bot-key', 'env-1')).toEqual([404, 404, 404, 404]);
    expect((await api(h, '/v1/conversations/env-1/events?after=0', { headers: as(BOT_KEY) })).status).toBe(200);
  });
});
