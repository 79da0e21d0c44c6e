// The bottom status bar: link state (and the outbox while offline), which host runs the desk, the assist provider.
import { useDesk } from '../../app/store-context';
import { linkLabel } from './link-label';

export function StatusBar({ host }: { host: 'electron' | 'browser' }) {
  const state = useDesk((s) => s.link.state);
  const outbox = useDesk((s) => s.link.outbox);
  const detail = useDesk((s) => s.link.detail);
  const hubUrl = useDesk((s) => s.link.hubUrl);
  const provider = useDesk((s) => s.settings?.assistProvider);
  const setCheatSheetOpen = useDesk((s) => s.setCheatSheetOpen);

  return (
    <footer className="status-bar" data-testid="status-bar">
      <span className={`link-state link-${state}`} data-testid="link-state" title={detail ?? hubUrl}>
        <span className="status-dot" aria-hidden="true" />
        {linkLabel(state, outbox)}
      </span>
      {detail && state !== 'online' ? <span className="status-detail">{detail}</span> : null}
      <span className="status-spacer" />
      <span data-testid="host-kind">{host === 'electron' ? 'Desktop app' : 'Browser'}</span>
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
