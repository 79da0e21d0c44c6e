// The bottom status bar: link state (and the outbox while offline), which host runs the desk, the assist provider.
import { useDesk } from '../../app/store-context';
import { usePlatform } from '../../platform/platform-context';
import { useLinkView } from './use-link-view';

export function StatusBar() {
  const platform = usePlatform();
  const view = useLinkView();
  const hubUrl = useDesk((s) => s.link.hubUrl);
  const provider = useDesk((s) => s.settings?.assistProvider);
  const setCheatSheetOpen = useDesk((s) => s.setCheatSheetOpen);

  return (
    <footer className="status-bar" data-testid="status-bar">
      <span className={`link-state tone-${view.tone}`} data-testid="link-state" data-scope={view.scope} title={view.detail ?? hubUrl} role="status" aria-live="polite">
        <span className="status-dot" aria-hidden="true" />
        {view.label}
      </span>
      {view.detail ? (
        <span className="status-detail" data-testid="link-detail" title={view.detail}>
          {view.detail}
        </span>
      ) : null}
      <span className="status-spacer" />
      <span data-testid="host-kind">{platform.label}</span>
      <span className="status-sep" aria-hidden="true">
        ·
      </span>
      <span data-testid="provider-name">Assist: {provider === 'openai' ? 'OpenAI-compatible' : 'Offline'}</span>
      <span className="status-sep" aria-hidden="true">
        ·
      </span>
      <button type="button" className="link-button" onClick={() => setCheatSheetOpen(true)}>
        Shortcuts (?)
      </button>
    </footer>
  );
}
