// The top of the left rail: who is working and whether they take new conversations, plus navigation.
import { useDesk } from '../../app/store-context';
import { requestNotificationPermission } from '../notify/offer-alert';
import { useLinkView } from './use-link-view';

export function AgentHeader() {
  const name = useDesk((s) => s.agent?.name);
  const role = useDesk((s) => s.agent?.role);
  const status = useDesk((s) => s.agent?.status);
  const view = useDesk((s) => s.view);
  const toggleAvailability = useDesk((s) => s.toggleAvailability);
  const setView = useDesk((s) => s.setView);
  const setPaletteOpen = useDesk((s) => s.setPaletteOpen);
  const available = status === 'available';
  const link = useLinkView();

  return (
    <header className="agent-header">
      <div className="agent-identity">
        <span className="brand" aria-hidden="true">
          B
        </span>
        <div className="agent-name-block">
          <div className="agent-name" data-testid="agent-name">
            {name ?? 'Connecting…'}
          </div>
          <div className="muted small">{role === 'supervisor' ? 'Supervisor' : 'Agent'}</div>
        </div>
      </div>
      <button
        type="button"
        className={`status-toggle ${available ? 'is-available' : 'is-away'}`}
        data-testid="status-toggle"
        aria-pressed={available}
        disabled={!status || !link.hubReady}
        onClick={() => {
          requestNotificationPermission();
          void toggleAvailability();
        }}
        title={link.hubReady ? 'Toggle available / away' : link.reason}
      >
        <span className="status-dot" aria-hidden="true" />
        {status === 'available' ? 'Available' : status === 'offline' ? 'Offline' : 'Away'}
      </button>
      <nav className="rail-nav" aria-label="Views">
        <button type="button" className={`nav-button ${view === 'desk' ? 'is-current' : ''}`} onClick={() => setView('desk')}>
          Desk
        </button>
        {role === 'supervisor' ? (
          <button
            type="button"
            className={`nav-button ${view === 'supervisor' ? 'is-current' : ''}`}
            data-testid="nav-supervisor"
            onClick={() => setView('supervisor')}
          >
            Queues
          </button>
        ) : null}
        <button
          type="button"
          className={`nav-button ${view === 'settings' ? 'is-current' : ''}`}
          data-testid="nav-settings"
          onClick={() => setView('settings')}
        >
          Settings
        </button>
        <button type="button" className="nav-button" onClick={() => setPaletteOpen(true)} title="Command palette (Ctrl+K)">
          ⌘K
        </button>
      </nav>
    </header>
  );
}
