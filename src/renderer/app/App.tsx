// The desk's frame: left rail (agent + inbox), center workspace, right column of cards, status bar,
// and the overlays (palette, cheat sheet, dialogs, toasts).
import { useDesk } from './store-context';
import { useTheme } from './use-theme';
import { useGlobalHotkeys } from '../features/hotkeys/use-global-hotkeys';
import { AgentHeader } from '../features/session/AgentHeader';
import { StatusBar } from '../features/session/StatusBar';
import { Inbox } from '../features/inbox/Inbox';
import { Workspace } from '../features/conversation/Workspace';
import { ContextColumn } from './ContextColumn';
import { CommandPalette } from '../features/palette/CommandPalette';
import { ConversationDialogs } from '../features/conversation/ConversationDialogs';
import { Toasts } from '../features/ui/Toasts';
import { CheatSheetOnDemand, OnDemand, SettingsScreen, SupervisorConsole } from './on-demand';
import { OpenDeskHelp } from '../features/session/OpenDeskHelp';

export function App() {
  useTheme();
  useGlobalHotkeys();
  const view = useDesk((s) => s.view);
  const loaded = useDesk((s) => s.loaded);
  const loadError = useDesk((s) => s.loadError);
  const desk = useDesk((s) => s.desk);

  return (
    <div className="desk">
      <aside className="rail" aria-label="Inbox">
        <AgentHeader />
        <Inbox />
      </aside>
      <main className="main-area">
        {desk === 'no_secret' || desk === 'stale_secret' ? (
          <OpenDeskHelp state={desk} />
        ) : !loaded && loadError ? (
          <div className="empty-state" role="alert">
            <h2>The desk could not load</h2>
            <p>{loadError}</p>
          </div>
        ) : view === 'settings' ? (
          <OnDemand what="settings">
            <SettingsScreen />
          </OnDemand>
        ) : view === 'supervisor' ? (
          <OnDemand what="supervisor console">
            <SupervisorConsole />
          </OnDemand>
        ) : (
          <div className="workspace-grid">
            <Workspace />
            <ContextColumn />
          </div>
        )}
      </main>
      <StatusBar />
      <CommandPalette />
      <CheatSheetOnDemand />
      <ConversationDialogs />
      <Toasts />
    </div>
  );
}
