// The screens an agent's first paint does not need, loaded on demand (their own chunks in the production
// build): the supervisor console, settings, the cheat sheet and the quick-search window. Each shows a short
// "Loading…" while its chunk arrives and, if the chunk cannot load (the desk was updated or stopped meanwhile),
// says so with a way out instead of blanking the desk.
import { Component, lazy, Suspense } from 'react';
import type { ErrorInfo, ReactNode } from 'react';
import { useDesk } from './store-context';

export const SettingsScreen = lazy(() => import('../features/settings/SettingsScreen').then((m) => ({ default: m.SettingsScreen })));
export const SupervisorConsole = lazy(() => import('../features/supervisor/SupervisorConsole').then((m) => ({ default: m.SupervisorConsole })));
export const QuickSearch = lazy(() => import('../features/quick-search/QuickSearch').then((m) => ({ default: m.QuickSearch })));
const CheatSheet = lazy(() => import('../features/hotkeys/CheatSheet').then((m) => ({ default: m.CheatSheet })));

class ChunkErrorBoundary extends Component<{ what: string; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    // The name only: a message can carry a file path.
    console.error(`on-demand view "${this.props.what}" failed: ${error.name}`, info.componentStack ? '(see component stack)' : '');
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <div className="empty-state" role="alert" data-testid="on-demand-error">
        <h2>The {this.props.what} could not load</h2>
        <p className="muted">The desk may have been updated or stopped. Reload to get the current version; nothing you typed in a conversation is lost.</p>
        <button type="button" className="button" onClick={() => location.reload()}>
          Reload
        </button>
      </div>
    );
  }
}

/** A lazily loaded view with its loading line and its error boundary. */
export function OnDemand({ what, children, quiet }: { what: string; children: ReactNode; quiet?: boolean }) {
  const fallback = quiet ? null : (
    <div className="empty-state" role="status" data-testid="on-demand-loading">
      <p className="muted">Loading the {what}…</p>
    </div>
  );
  return (
    <ChunkErrorBoundary what={what}>
      <Suspense fallback={fallback}>{children}</Suspense>
    </ChunkErrorBoundary>
  );
}

/** The "?" sheet is fetched the first time it is opened, not with the desk. */
export function CheatSheetOnDemand() {
  const open = useDesk((s) => s.cheatSheetOpen);
  if (!open) return null;
  return (
    <OnDemand what="keyboard shortcuts" quiet>
      <CheatSheet />
    </OnDemand>
  );
}
