// Settings: the hub link, the assist provider, shortcuts, sounds and notifications, theme.
// Secrets are write-only: the desk only ever learns whether they are set.
import { useEffect, useRef, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import type { SettingsPatch, SettingsView } from '../../../shared/desk-api/contract';
import { useDesk } from '../../app/store-context';
import { usePlatform } from '../../platform/platform-context';
import { DEFAULT_HOTKEYS, HOTKEY_LABELS, comboFromEvent } from '../keymap/hotkey-map';
import type { HotkeyActionId } from '../keymap/hotkey-map';
import { effectiveHotkeys } from '../keymap/hotkey-map';
import { requestNotificationPermission } from '../notify/offer-alert';

export function SettingsScreen() {
  const settings = useDesk((s) => s.settings);
  if (!settings) return <div className="empty-state muted">Loading settings…</div>;
  return <SettingsForm settings={settings} />;
}

function Field({ label, error, hint, children, path }: { label: string; error?: string; hint?: ReactNode; children: ReactNode; path: string }) {
  return (
    <label className={`field ${error ? 'has-error' : ''}`} data-field={path}>
      <span className="field-label">{label}</span>
      {children}
      {error ? (
        <span className="field-error" role="alert" data-testid={`error-${path}`}>
          {error}
        </span>
      ) : hint ? (
        <span className="field-hint">{hint}</span>
      ) : null}
    </label>
  );
}

function SettingsForm({ settings }: { settings: SettingsView }) {
  const platform = usePlatform();
  const save = useDesk((s) => s.saveSettings);
  const errors = useDesk((s) => s.settingsErrors);
  const saving = useDesk((s) => s.settingsSaving);
  const pushToast = useDesk((s) => s.pushToast);
  const [hubUrl, setHubUrl] = useState(settings.hubUrl);
  const [agentToken, setAgentToken] = useState('');
  const [provider, setProvider] = useState(settings.assistProvider);
  const [baseUrl, setBaseUrl] = useState(settings.openaiBaseUrl);
  const [model, setModel] = useState(settings.openaiModel);
  const [apiKey, setApiKey] = useState('');
  const [hotkeys, setHotkeys] = useState<Record<HotkeyActionId, string>>(() => effectiveHotkeys(settings));
  const [globalHotkey, setGlobalHotkey] = useState(settings.globalHotkey);
  const [sounds, setSounds] = useState(settings.sounds);
  const [notifications, setNotifications] = useState(settings.notifications);
  const [theme, setTheme] = useState(settings.theme);
  const [capturing, setCapturing] = useState<HotkeyActionId | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  // After a rejected save, take the agent to the first field that needs fixing.
  useEffect(() => {
    const field = formRef.current?.querySelector<HTMLElement>('.has-error input, .has-error select, .error-banner, .field-error');
    field?.scrollIntoView({ block: 'center' });
    if (field instanceof HTMLInputElement || field instanceof HTMLSelectElement) field.focus();
  }, [errors]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const patch: SettingsPatch = {};
    if (hubUrl !== settings.hubUrl) patch.hubUrl = hubUrl.trim();
    if (agentToken) patch.agentToken = agentToken;
    if (provider !== settings.assistProvider) patch.assistProvider = provider;
    if (baseUrl !== settings.openaiBaseUrl) patch.openaiBaseUrl = baseUrl.trim();
    if (model !== settings.openaiModel) patch.openaiModel = model.trim();
    if (apiKey) patch.openaiApiKey = apiKey;
    const remapped: Record<string, string> = {};
    for (const id of Object.keys(hotkeys) as HotkeyActionId[]) if (hotkeys[id] !== DEFAULT_HOTKEYS[id]) remapped[id] = hotkeys[id];
    if (JSON.stringify(remapped) !== JSON.stringify(settings.hotkeys)) patch.hotkeys = remapped;
    if (globalHotkey !== settings.globalHotkey) patch.globalHotkey = globalHotkey;
    if (sounds !== settings.sounds) patch.sounds = sounds;
    if (notifications !== settings.notifications) patch.notifications = notifications;
    if (theme !== settings.theme) patch.theme = theme;
    if (Object.keys(patch).length === 0) {
      pushToast('info', 'Nothing changed.');
      return;
    }
    if (await save(patch)) {
      setAgentToken('');
      setApiKey('');
      pushToast('info', 'Settings saved.');
    }
  };

  const duplicates = new Set(Object.values(hotkeys).filter((combo, i, all) => all.indexOf(combo) !== i));

  return (
    <form ref={formRef} className="settings" onSubmit={(e) => void submit(e)} data-testid="settings-screen">
      <h1>Settings</h1>
      {settings.secretStorageWarning ? (
        <div className="warning-banner" role="note" data-testid="secret-storage-warning">
          {settings.secretStorageWarning}
        </div>
      ) : null}
      {errors.form ? <div className="error-banner" role="alert">{errors.form}</div> : null}

      <section className="settings-section">
        <h2>Hub connection</h2>
        <Field label="Hub URL" path="hubUrl" error={errors.hubUrl} hint="The Baton Hub this desk connects to, e.g. http://127.0.0.1:7300">
          <input value={hubUrl} onChange={(e) => setHubUrl(e.target.value)} data-testid="settings-hub-url" />
        </Field>
        <Field label="Agent token" path="agentToken" error={errors.agentToken} hint={settings.agentTokenSet ? 'A token is set. Type a new one to replace it.' : 'No token set yet: ask your supervisor for one.'}>
          <input type="password" autoComplete="off" value={agentToken} placeholder={settings.agentTokenSet ? 'set' : 'not set'} onChange={(e) => setAgentToken(e.target.value)} data-testid="settings-agent-token" />
        </Field>
      </section>

      <section className="settings-section">
        <h2>Assist provider</h2>
        <div className="segmented" role="radiogroup" aria-label="Assist provider">
          {(['offline', 'openai'] as const).map((value) => (
            <label key={value} className={`segment ${provider === value ? 'is-selected' : ''}`}>
              <input type="radio" name="provider" checked={provider === value} onChange={() => setProvider(value)} data-testid={`settings-provider-${value}`} />
              {value === 'offline' ? 'Offline (built in)' : 'OpenAI-compatible'}
            </label>
          ))}
        </div>
        {errors.assistProvider ? <span className="field-error">{errors.assistProvider}</span> : null}
        {provider === 'openai' ? (
          <div className="field-grid">
            <Field label="Base URL" path="openaiBaseUrl" error={errors.openaiBaseUrl} hint="Leave empty for api.openai.com; Ollama, vLLM, LM Studio and Azure work too.">
              <input value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} placeholder="https://api.openai.com/v1" data-testid="settings-openai-base-url" />
            </Field>
            <Field label="Model" path="openaiModel" error={errors.openaiModel}>
              <input value={model} onChange={(e) => setModel(e.target.value)} placeholder="gpt-4o-mini" data-testid="settings-openai-model" />
            </Field>
            <Field label="API key" path="openaiApiKey" error={errors.openaiApiKey} hint={settings.openaiApiKeySet ? 'A key is set. Type a new one to replace it.' : 'Not set.'}>
              <input type="password" autoComplete="off" value={apiKey} placeholder={settings.openaiApiKeySet ? 'set' : 'not set'} onChange={(e) => setApiKey(e.target.value)} data-testid="settings-openai-api-key" />
            </Field>
          </div>
        ) : (
          <p className="muted small">Suggestions come from rules, the knowledge base and CRM facts. Nothing leaves this machine.</p>
        )}
      </section>

      <section className="settings-section">
        <h2>Keyboard shortcuts</h2>
        {errors.hotkeys ? <span className="field-error">{errors.hotkeys}</span> : null}
        <table className="shortcut-table" data-testid="settings-hotkeys">
          <tbody>
            {(Object.keys(hotkeys) as HotkeyActionId[]).map((id) => (
              <tr key={id}>
                <td>{HOTKEY_LABELS[id]}</td>
                <td>
                  <button
                    type="button"
                    className={`hotkey-capture ${capturing === id ? 'is-capturing' : ''} ${duplicates.has(hotkeys[id]) ? 'is-duplicate' : ''}`}
                    data-hotkey-capture={capturing === id ? 'true' : undefined}
                    data-testid={`hotkey-${id}`}
                    onClick={() => setCapturing(capturing === id ? null : id)}
                    onBlur={() => setCapturing(null)}
                    onKeyDown={(e) => {
                      if (capturing !== id) return;
                      e.preventDefault();
                      e.stopPropagation();
                      const combo = comboFromEvent(e);
                      if (!combo) return;
                      setHotkeys((h) => ({ ...h, [id]: combo }));
                      setCapturing(null);
                    }}
                  >
                    {capturing === id ? 'Press keys…' : hotkeys[id]}
                  </button>
                </td>
                <td>
                  {hotkeys[id] !== DEFAULT_HOTKEYS[id] ? (
                    <button type="button" className="link-button small" onClick={() => setHotkeys((h) => ({ ...h, [id]: DEFAULT_HOTKEYS[id] }))}>
                      Reset
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {duplicates.size > 0 ? <p className="field-error">Two actions share a shortcut: only the first one listed will fire.</p> : null}
        {platform.globalQuickSearchHotkey ? (
          <Field label="Quick search from anywhere" path="globalHotkey" error={errors.globalHotkey} hint="A system-wide shortcut that opens knowledge-base search even when the desk is in the background. Leave empty to turn it off.">
            <input
              value={globalHotkey}
              readOnly
              data-hotkey-capture="true"
              placeholder="Click, then press the keys"
              data-testid="settings-global-hotkey"
              onKeyDown={(e) => {
                if (e.key === 'Tab') return;
                e.preventDefault();
                if (e.key === 'Backspace' || e.key === 'Delete') {
                  setGlobalHotkey('');
                  return;
                }
                const combo = comboFromEvent(e);
                if (combo) setGlobalHotkey(combo);
              }}
            />
          </Field>
        ) : null}
      </section>

      <section className="settings-section">
        <h2>Alerts and appearance</h2>
        <label className="check">
          <input type="checkbox" checked={sounds} onChange={(e) => setSounds(e.target.checked)} data-testid="settings-sounds" />
          Play a sound for new offers
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={notifications}
            onChange={(e) => {
              setNotifications(e.target.checked);
              if (e.target.checked && platform.pageNotifiesOffers) requestNotificationPermission();
            }}
            data-testid="settings-notifications"
          />
          Show a notification for new offers
        </label>
        <Field label="Theme" path="theme" error={errors.theme}>
          <select value={theme} onChange={(e) => setTheme(e.target.value as SettingsView['theme'])} data-testid="settings-theme">
            <option value="system">Follow the system</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </Field>
      </section>

      <div className="form-actions settings-actions">
        <button type="submit" className="button primary" disabled={saving} data-testid="settings-save">
          {saving ? 'Saving…' : 'Save settings'}
        </button>
      </div>
    </form>
  );
}
