import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDeskCache } from '../../../src/main/services/cache/desk-cache';
import { openDatabase } from '../../../src/main/services/cache/open-database';
import { createDeskService } from '../../../src/main/services/desk/desk-service';
import { createFileSecretStore } from '../../../src/main/services/desk/secret-store';
import type { DeskApiEvent } from '../../../src/shared/desk-api/contract';
import type { ConversationView } from '../../../src/shared/domain/conversation';
import { startHub, type RunningHub } from '../../../src/hub/server';
import { silentLogger } from '../../../src/shared/log';
import { tempDir } from './temp-dir';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A real hub on loopback: a token saved in Settings is checked with it before it is kept. */
async function hub(): Promise<RunningHub & { token(name: string, role?: 'agent' | 'supervisor'): string }> {
  const t = tempDir('baton-settings-hub-');
  const h = await startHub({ port: 0, dataDir: t.dir, botKeys: ['settings-bot-key'], logger: silentLogger });
  cleanups.push(t.cleanup);
  cleanups.push(() => h.close());
  return Object.assign(h, { token: (name: string, role: 'agent' | 'supervisor' = 'agent') => h.issueToken({ name, role }).token });
}

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
    const h = await hub();
    const a = desk({ BATON_HUB_URL: h.url });
    const secret = h.token('Maya Chen');
    const r = await a.service.handlers.updateSettings({ agentToken: secret, openaiApiKey: 'sk-secret-key', theme: 'dark', hotkeys: { kbSearch: 'Mod+J' } });
    if (!r.ok) throw new Error(r.error.message);
    const shown = JSON.stringify(r.value) + JSON.stringify(a.events);
    expect(shown).not.toContain(secret);
    expect(shown).not.toContain('sk-secret-key');
    expect(r.value).toMatchObject({ agentTokenSet: true, openaiApiKeySet: true, theme: 'dark' });
    expect(r.value.hotkeys).toEqual({ kbSearch: 'Mod+J' });
    expect(r.value.secretStorageWarning).toMatch(/unencrypted/);
    expect(statSync(join(a.dir, 'secrets.json')).mode & 0o777).toBe(0o600);
    expect(a.events.map((e) => e.event)).toContain('onSettings');
  });

  it('keeps exactly the remaps the agent saved, so a shortcut set back to its default is gone', async () => {
    const a = desk();
    const first = await a.service.handlers.updateSettings({ hotkeys: { acceptTopOffer: 'Ctrl+Shift+A', searchKb: 'Ctrl+J' } });
    expect(first.ok && first.value.hotkeys).toEqual({ acceptTopOffer: 'Ctrl+Shift+A', searchKb: 'Ctrl+J' });
    const reset = await a.service.handlers.updateSettings({ hotkeys: { searchKb: 'Ctrl+J' } });
    expect(reset.ok && reset.value.hotkeys).toEqual({ searchKb: 'Ctrl+J' });
    const none = await a.service.handlers.updateSettings({ hotkeys: {} });
    expect(none.ok && none.value.hotkeys).toEqual({});
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

describe('desk settings: secrets follow the address they were entered for', () => {
  const secretsOnDisk = (dir: string) => JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8')) as Record<string, string>;

  it('forgets the stored agent token when the hub URL changes without a new token, and keeps it otherwise', async () => {
    const one = await hub();
    const three = await hub();
    const a = desk({ BATON_HUB_URL: one.url });
    await a.service.handlers.updateSettings({ agentToken: one.token('Maya Chen'), openaiApiKey: 'sk-one' });
    // Saving the form unchanged keeps the token.
    expect(await a.service.handlers.updateSettings({ hubUrl: one.url, theme: 'dark' })).toMatchObject({ ok: true, value: { agentTokenSet: true } });
    expect(await a.service.handlers.updateSettings({ hubUrl: 'http://127.0.0.1:2' })).toMatchObject({ ok: true, value: { hubUrl: 'http://127.0.0.1:2', agentTokenSet: false, openaiApiKeySet: true } });
    expect(secretsOnDisk(a.dir).agentToken).toBeUndefined();
    // A new address together with its token keeps that token.
    const third = three.token('Maya Chen');
    expect(await a.service.handlers.updateSettings({ hubUrl: three.url, agentToken: third })).toMatchObject({ ok: true, value: { agentTokenSet: true } });
    expect(secretsOnDisk(a.dir).agentToken).toBe(third);
  });

  it('forgets the stored OpenAI key when the OpenAI base URL changes without a new key', async () => {
    const a = desk({ BATON_HUB_URL: 'http://127.0.0.1:1' });
    await a.service.handlers.updateSettings({ openaiApiKey: 'sk-one', openaiBaseUrl: 'http://127.0.0.1:9/v1' });
    expect(await a.service.handlers.updateSettings({ openaiBaseUrl: 'http://127.0.0.1:9/v1' })).toMatchObject({ ok: true, value: { openaiApiKeySet: true } });
    expect(await a.service.handlers.updateSettings({ openaiBaseUrl: 'http://elsewhere.example/v1' })).toMatchObject({ ok: true, value: { openaiApiKeySet: false } });
    expect(secretsOnDisk(a.dir).openaiApiKey).toBeUndefined();
  });

  it('still uses a token from the environment after the hub URL changes', async () => {
    const h = await hub();
    const a = desk({ BATON_HUB_URL: h.url, BATON_AGENT_TOKEN: 'tok-from-env' });
    expect((await a.service.handlers.updateSettings({ agentToken: h.token('Maya Chen') })).ok).toBe(true);
    expect(await a.service.handlers.updateSettings({ hubUrl: 'http://127.0.0.1:2' })).toMatchObject({ ok: true, value: { agentTokenSet: true } });
    expect(secretsOnDisk(a.dir).agentToken).toBeUndefined();
  });
});

describe('desk settings: a token is checked with the hub before it is kept', () => {
  it('refuses a token the hub does not know, at the token field, and keeps the previous sign-in', async () => {
    const h = await hub();
    const a = desk({ BATON_HUB_URL: h.url });
    const good = h.token('Maya Chen');
    expect((await a.service.handlers.updateSettings({ agentToken: good })).ok).toBe(true);
    const wrong = await a.service.handlers.updateSettings({ agentToken: 'bat_not-a-token-the-hub-issued' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'token_rejected', issues: [{ path: 'agentToken', message: expect.stringMatching(/does not know this token/) }] } });
    // Nothing was saved: the desk is still signed in with the good token.
    expect(JSON.parse(readFileSync(join(a.dir, 'secrets.json'), 'utf8')).agentToken).toBe(good);
    expect(a.service.handlers.getSnapshot({})).toMatchObject({ ok: true, value: { agent: { name: 'Maya Chen' } } });
  });

  it('names the hub address when nothing answers there, and a bot key as not an agent token', async () => {
    const h = await hub();
    const a = desk({ BATON_HUB_URL: h.url });
    const away = await a.service.handlers.updateSettings({ hubUrl: 'http://127.0.0.1:9', agentToken: h.token('Maya Chen') });
    expect(away).toMatchObject({ ok: false, error: { code: 'hub_unreachable', issues: [{ path: 'hubUrl', message: expect.stringMatching(/Cannot reach a hub at http:\/\/127.0.0.1:9/) }] } });
    expect(a.service.handlers.getSettings({})).toMatchObject({ ok: true, value: { hubUrl: h.url, agentTokenSet: false } });
    const botKey = await a.service.handlers.updateSettings({ agentToken: 'settings-bot-key' });
    expect(botKey).toMatchObject({ ok: false, error: { code: 'token_rejected', issues: [{ path: 'agentToken', message: expect.stringMatching(/bot key/) }] } });
  });
});

describe('desk settings: a new sign-in starts from an empty desk', () => {
  const at = new Date().toISOString();
  const conversation = (handoffId: string): ConversationView => ({
    handoffId, conversationId: `c-${handoffId}`, status: 'active', customer: { id: 'cust', name: 'Ada' }, reason: { trigger: 'other' },
    queue: 'general', skills: [], createdAt: at, priority: 0, expectations: [],
    messages: [{ id: `m-${handoffId}`, handoffId, role: 'customer', text: 'Where is my refund?', at }],
  });

  /** Agent A's desk: one conversation with a draft and an unsent reply, one open offer (written through a second connection). */
  function withAgentAData(dir: string) {
    const db = openDatabase(join(dir, 'desk.db'));
    const cache = createDeskCache(db);
    cache.upsertConversation(conversation('h-a'));
    cache.setDraft('h-a', 'half-written answer');
    cache.enqueueReply({ clientMessageId: 'cm-1', handoffId: 'h-a', text: 'Your refund is on its way.', createdAt: at });
    cache.upsertOffer({ conversation: conversation('h-offer'), expiresAt: new Date(Date.now() + 60_000).toISOString() });
    db.close();
  }

  it('switching the agent token drops the previous agent\'s conversations, offers and unsent replies, and says so', async () => {
    const h = await hub();
    const a = desk({ BATON_HUB_URL: h.url });
    const tokenA = h.token('Agent A');
    const tokenB = h.token('Agent B');
    await a.service.handlers.updateSettings({ agentToken: tokenA });
    withAgentAData(a.dir);
    expect(a.service.handlers.getSnapshot({})).toMatchObject({ ok: true, value: { conversations: [{ handoffId: 'h-a' }], offers: [{ conversation: { handoffId: 'h-offer' } }] } });

    // Re-entering the same token is not a new sign-in: nothing is dropped.
    const same = await a.service.handlers.updateSettings({ agentToken: tokenA });
    expect(same.ok && same.value.notice).toBeFalsy();
    expect(a.service.handlers.getSnapshot({})).toMatchObject({ ok: true, value: { conversations: [{ handoffId: 'h-a' }] } });

    const r = await a.service.handlers.updateSettings({ agentToken: tokenB });
    if (!r.ok) throw new Error(r.error.message);
    // The new identity, checked with the hub, replaces the previous one at once.
    expect(a.events).toContainEqual({ event: 'onAgent', payload: expect.objectContaining({ name: 'Agent B', role: 'agent' }) });
    expect(a.service.handlers.getSnapshot({})).toMatchObject({ ok: true, value: { agent: { name: 'Agent B' } } });
    expect(r.value.notice).toMatch(/^1 unsent reply of the previous sign-in was discarded/);
    expect(a.service.handlers.getSnapshot({})).toMatchObject({ ok: true, value: { conversations: [], offers: [], link: { outbox: 0 } } });
    expect(a.service.handlers.getConversation({ handoffId: 'h-a' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(a.events).toContainEqual({ event: 'onConversationRemoved', payload: { handoffId: 'h-a', reason: 'signed_out' } });
    expect(a.events).toContainEqual({ event: 'onOfferRevoked', payload: { handoffId: 'h-offer', reason: 'signed_out' } });

    // Nothing of A's is left in the file either (messages, drafts, outbox).
    const db = openDatabase(join(a.dir, 'desk.db'));
    const counts = db.prepare('SELECT (SELECT COUNT(*) FROM messages) AS messages, (SELECT COUNT(*) FROM outbox) AS outbox, (SELECT COUNT(*) FROM conversations) AS conversations').get();
    db.close();
    expect(counts).toEqual({ messages: 0, outbox: 0, conversations: 0 });
  });

  it('switching the hub URL also starts over, with no notice when nothing was unsent', async () => {
    const a = desk({ BATON_HUB_URL: 'http://127.0.0.1:1', BATON_AGENT_TOKEN: 'tok-env' });
    const db = openDatabase(join(a.dir, 'desk.db'));
    createDeskCache(db).upsertConversation(conversation('h-a'));
    db.close();
    const r = await a.service.handlers.updateSettings({ hubUrl: 'http://127.0.0.1:2' });
    expect(r.ok && r.value.notice).toBeFalsy();
    expect(a.service.handlers.getSnapshot({})).toMatchObject({ ok: true, value: { conversations: [] } });
    expect(a.events).toContainEqual({ event: 'onConversationRemoved', payload: { handoffId: 'h-a', reason: 'signed_out' } });
  });
});
