// Desk settings: what the host reports (secrets only as "set") and saving changes with per-field errors.
import type { SettingsPatch, SettingsView } from '../../../shared/desk-api/contract';
import type { SliceCreator } from '../../app/store';

export interface SettingsSlice {
  settings?: SettingsView;
  /** Validation messages from the last save, by field path. */
  settingsErrors: Record<string, string>;
  settingsSaving: boolean;
  applySettings: (settings: SettingsView) => void;
  /** Saves a patch; true when the host accepted it. */
  saveSettings: (patch: SettingsPatch) => Promise<boolean>;
  toggleTheme: () => Promise<void>;
}

export const createSettingsSlice: SliceCreator<SettingsSlice> = (set, get, api) => ({
  settings: undefined,
  settingsErrors: {},
  settingsSaving: false,
  applySettings: (settings) => set({ settings }),
  saveSettings: async (patch) => {
    set({ settingsSaving: true });
    const result = await api.updateSettings(patch);
    if (!result.ok) {
      const settingsErrors: Record<string, string> = {};
      for (const issue of result.error.issues ?? []) settingsErrors[issue.path || 'form'] = issue.message;
      if (Object.keys(settingsErrors).length === 0) settingsErrors.form = result.error.message;
      set({ settingsSaving: false, settingsErrors });
      return false;
    }
    set({ settingsSaving: false, settingsErrors: {}, settings: result.value });
    // A new hub or token is a new sign-in: reload who is signed in and what they hold, so the header never shows
    // the previous identity (the desk answers with the checked one, or none until the hub says hello).
    if (patch.agentToken !== undefined || patch.hubUrl !== undefined) await get().loadSnapshot();
    // E.g. unsent replies of a previous sign-in that were discarded: the agent must know.
    if (result.value.notice) get().pushToast('info', result.value.notice);
    return true;
  },
  toggleTheme: async () => {
    const current = get().settings?.theme ?? 'system';
    // Reached through globalThis so this slice also loads where there is no DOM (store tests).
    const media = (globalThis as { matchMedia?: (query: string) => { matches: boolean } }).matchMedia;
    const prefersDark = media?.('(prefers-color-scheme: dark)').matches ?? false;
    const effective = current === 'system' ? (prefersDark ? 'dark' : 'light') : current;
    await get().saveSettings({ theme: effective === 'dark' ? 'light' : 'dark' });
  },
});
