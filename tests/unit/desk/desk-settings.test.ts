import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDeskService } from '../../../src/main/services/desk/desk-service';
import { createFileSecretStore } from '../../../src/main/services/desk/secret-store';
import type { DeskApiEvent } from '../../../src/shared/desk-api/contract';
import { silentLogger } from '../../../src/shared/log';
import { tempDir } from './temp-dir';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function desk(env: NodeJS.ProcessEnv = {}) {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const events: { event: DeskApiEvent; payload: unknown }[] = [];
  const service = createDeskService({
    dataDir: t.dir,
    host: 'browser',
    events: (event, payload) => events.push({ event, payload }),
    secrets: createFileSecretStore(t.dir),
    env,
    logger: silentLogger,
    seedKbFile: join(t.dir, 'none.json'),
  });
  cleanups.push(() => service.stop());
  return { service, events, dir: t.dir };
}

describe('desk settings', () => {
  it('comes from the environment when the agent has not chosen, with the hub default', async () => {
    const a = desk({ OPENAI_API_KEY: 'sk-test', BATON_MODEL: 'gpt-test', OPENAI_BASE_URL: 'http://127.0.0.1:1/v1' });
    const view = a.service.handlers.getSettings({});
    expect(view).toMatchObject({ ok: true, value: { hubUrl: 'http://127.0.0.1:7300', agentTokenSet: false, assistProvider: 'openai', openaiModel: 'gpt-test', openaiApiKeySet: true, host: 'browser' } });
    const b = desk({ BATON_HUB_URL: 'http://hub.internal:7300', BATON_AGENT_TOKEN: 'tok-env-123' });
    expect(b.service.handlers.getSettings({})).toMatchObject({ ok: true, value: { hubUrl: 'http://hub.internal:7300', agentTokenSet: true, assistProvider: 'offline' } });
  });

  it('keeps secrets out of what the renderer sees and in a file only the user can read, with a warning', async () => {
    const a = desk();
    const r = await a.service.handlers.updateSettings({ agentToken: 'secret-token-value', openaiApiKey: 'sk-secret-key', theme: 'dark', hotkeys: { kbSearch: 'Mod+J' } });
    if (!r.ok) throw new Error(r.error.message);
    const shown = JSON.stringify(r.value) + JSON.stringify(a.events);
    expect(shown).not.toContain('secret-token-value');
    expect(shown).not.toContain('sk-secret-key');
    expect(r.value).toMatchObject({ agentTokenSet: true, openaiApiKeySet: true, theme: 'dark' });
    expect(r.value.hotkeys.kbSearch).toBe('Mod+J');
    expect(r.value.hotkeys.commandPalette).toBe('Mod+K');
    expect(r.value.secretStorageWarning).toMatch(/unencrypted/);
    expect(statSync(join(a.dir, 'secrets.json')).mode & 0o777).toBe(0o600);
    expect(a.events.map((e) => e.event)).toContain('onSettings');
  });

  it('answers from the cache with no hub: snapshot offline with a reason, hub requests fail as offline', async () => {
    const a = desk();
    await a.service.start();
    const snap = a.service.handlers.getSnapshot({});
    expect(snap).toMatchObject({ ok: true, value: { link: { state: 'offline', outbox: 0 }, offers: [], conversations: [] } });
    expect(JSON.stringify(snap)).toMatch(/agent token/);
    expect(await a.service.handlers.setStatus({ status: 'away' })).toMatchObject({ ok: false, error: { code: 'offline' } });
    expect(await a.service.handlers.sendReply({ handoffId: 'missing', text: 'hi' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
