// Bots as named principals (issue 11 point 1). A bot has a name and one or more keys (several at once while a
// key is rotated); keys are random, shown once and stored only as their SHA-256 hash, like agent tokens. Each
// key in BATON_BOT_KEYS is still accepted and is a bot of its own (`env-<hash prefix>`). A conversation belongs
// to the bot that handed it off: other bots are answered 404 on its routes, as if it did not exist.
import { randomBytes } from 'node:crypto';
import type { HubStore, SyncHubStore } from '../store/hub-store';
import { hashToken, isBotKey } from './agent-tokens';

export const newBotKey = (): string => `bot_${randomBytes(32).toString('base64url')}`;

/** The bot id an environment key stands for: stable across restarts, reveals nothing usable about the key. */
export const envBotId = (key: string): string => `env-${hashToken(key).slice(0, 12)}`;

export const botIdForName = (name: string): string => name.trim().toLowerCase().replace(/[^a-z0-9._-]+/g, '-').slice(0, 100);

export interface BotAuth {
  /** The bot a presented key belongs to, or undefined. */
  botFor(key: string | undefined): Promise<string | undefined>;
}

export function createBotAuth(store: HubStore, envKeys: string[]): BotAuth {
  return {
    async botFor(key) {
      if (!key || key.length > 300) return undefined;
      for (const k of envKeys) if (isBotKey([k], key)) return envBotId(k);
      return store.botForKeyHash(hashToken(key));
    },
  };
}

/** `bots add` and `bots rotate`: a fresh key for the bot (created when new); older keys keep working until revoked. */
export async function issueBotKey(store: HubStore, name: string, now: () => number = Date.now): Promise<{ botId: string; key: string; keyId: string }> {
  const botId = botIdForName(name);
  const key = newBotKey();
  const hash = hashToken(key);
  await store.addBotKey({ id: botId, name: name.trim() }, hash, new Date(now()).toISOString());
  return { botId, key, keyId: hash.slice(0, 12) };
}

/** issueBotKey on the embedded store, answered at once (RunningHub.issueBotKey on SQLite). */
export function issueBotKeySync(store: SyncHubStore, name: string, now: () => number = Date.now): { botId: string; key: string; keyId: string } {
  const botId = botIdForName(name);
  const key = newBotKey();
  const hash = hashToken(key);
  store.addBotKey({ id: botId, name: name.trim() }, hash, new Date(now()).toISOString());
  return { botId, key, keyId: hash.slice(0, 12) };
}
