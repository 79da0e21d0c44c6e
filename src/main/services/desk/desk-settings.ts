// The desk's settings: what the agent chose (cache), else the environment, else defaults. Secrets live in the
// SecretStore and are never sent to the renderer, only whether they are set.
import type { SettingsPatch, SettingsView } from '../../../shared/desk-api/contract';
import type { DeskCache } from '../cache/desk-cache';
import type { SecretStore } from './secret-store';

export const DEFAULT_HUB_URL = 'http://127.0.0.1:7300';
export const DEFAULT_GLOBAL_HOTKEY = 'CommandOrControl+Shift+Space';

type StoredSettings = Omit<SettingsPatch, 'agentToken' | 'openaiApiKey'>;

export interface AssistConfig {
  provider: 'offline' | 'openai';
  baseUrl?: string;
  apiKey?: string;
  model?: string;
}

export function createDeskSettings(cache: DeskCache, secrets: SecretStore, env: NodeJS.ProcessEnv, host: 'electron' | 'browser') {
  const stored = (): StoredSettings => cache.getSetting<StoredSettings>('settings') ?? {};
  const nonEmpty = (v: string | undefined) => (v && v.trim() ? v.trim() : undefined);

  const hubUrl = () => stored().hubUrl ?? nonEmpty(env.BATON_HUB_URL) ?? DEFAULT_HUB_URL;
  const agentToken = () => secrets.get('agentToken') ?? nonEmpty(env.BATON_AGENT_TOKEN);
  const assist = (): AssistConfig => {
    const s = stored();
    const apiKey = secrets.get('openaiApiKey') ?? nonEmpty(env.OPENAI_API_KEY);
    return {
      provider: s.assistProvider ?? (apiKey ? 'openai' : 'offline'),
      baseUrl: nonEmpty(s.openaiBaseUrl) ?? nonEmpty(env.OPENAI_BASE_URL),
      apiKey,
      model: nonEmpty(s.openaiModel) ?? nonEmpty(env.BATON_MODEL),
    };
  };

  const view = (): SettingsView => {
    const s = stored();
    const a = assist();
    return {
      hubUrl: hubUrl(),
      agentTokenSet: Boolean(agentToken()),
      assistProvider: a.provider,
      openaiBaseUrl: a.baseUrl ?? '',
      openaiModel: a.model ?? '',
      openaiApiKeySet: Boolean(a.apiKey),
      // Only the agent's remaps: the defaults belong to the renderer's hotkey map, the one list of actions.
      hotkeys: s.hotkeys ?? {},
      globalHotkey: s.globalHotkey ?? DEFAULT_GLOBAL_HOTKEY,
      sounds: s.sounds ?? true,
      notifications: s.notifications ?? true,
      theme: s.theme ?? 'system',
      ...(secrets.weakWarning ? { secretStorageWarning: secrets.weakWarning } : {}),
      host,
    };
  };

  return {
    hubUrl,
    agentToken,
    assist,
    view,
    /** Applies a validated patch; answers whether the link must restart (the assist engine reads settings live). */
    update(patch: SettingsPatch): { linkChanged: boolean } {
      const beforeHub = hubUrl();
      const beforeToken = agentToken();
      const beforeOpenaiBase = assist().baseUrl;
      const { agentToken: token, openaiApiKey, ...rest } = patch;
      const merged: StoredSettings = { ...stored(), ...rest };
      // `hotkeys` is the whole set of remaps (replacing, not merging), so a combo set back to its default goes away.
      cache.setSetting('settings', merged);
      // A stored secret belongs to the address it was entered for: never send it to a new one unasked. The agent
      // enters it again (Settings shows it as not set); a secret from the environment still applies.
      if (token !== undefined) secrets.set('agentToken', token);
      else if (hubUrl() !== beforeHub) secrets.set('agentToken', undefined);
      if (openaiApiKey !== undefined) secrets.set('openaiApiKey', openaiApiKey);
      else if (assist().baseUrl !== beforeOpenaiBase) secrets.set('openaiApiKey', undefined);
      return {
        linkChanged: beforeHub !== hubUrl() || beforeToken !== agentToken(),
      };
    },
  };
}


export type DeskSettings = ReturnType<typeof createDeskSettings>;
