// Shown instead of the desk when this tab cannot sign in to the desk backend: opened without the per-launch key
// (`#k=…`), or with the key of an earlier launch. Says how to open the desk rather than "Connecting…" forever.
import type { DeskConnectionState } from '../../../shared/desk-api/contract';

export function OpenDeskHelp({ state }: { state: Extract<DeskConnectionState, 'no_secret' | 'stale_secret'> }) {
  return (
    <div className="empty-state open-desk-help" data-testid="open-desk-help" data-state={state} role="alert">
      <h2>{state === 'stale_secret' ? 'This tab belongs to an earlier run of the desk' : 'Open the desk from its address'}</h2>
      <p>
        {state === 'stale_secret'
          ? 'The desk was restarted, and each start makes a new key, so this tab can no longer connect.'
          : 'This tab was opened without the desk’s key, so it cannot connect.'}
      </p>
      <ol className="open-desk-steps">
        <li>
          Find the line <code>Baton Desk http://127.0.0.1:…/#k=…</code> that <code>npm start</code> printed in its terminal.
        </li>
        <li>Open that whole address, including the part after <code>#k=</code>, in this browser.</li>
      </ol>
      <p className="muted small">The key keeps other local pages from driving the desk. It is never sent to the hub.</p>
    </div>
  );
}
