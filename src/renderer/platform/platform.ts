// What the host the page runs in can do, as one object chosen once at start-up (Element's BasePlatform with its
// WebPlatform and ElectronPlatform): the React app asks the platform for a capability by name and never compares
// host names. A capability belongs here when the answer follows from the host alone; what a host decides at run
// time (e.g. whether its secret store has OS encryption, SettingsView.secretStorageWarning) stays in the DeskApi.
import type { DeskApi } from '../../shared/desk-api/contract';

export interface Platform {
  /** Which host, for diagnostics only: features read the named capabilities below. */
  readonly kind: 'electron' | 'browser';
  /** How the status bar names the host to the agent. */
  readonly label: string;
  /**
   * The page itself alerts new offers with web Notifications and must ask the browser's permission first. False in
   * Electron, where the host shows a native notification and the page stays quiet so the agent is not told twice.
   */
  readonly pageNotifiesOffers: boolean;
  /** A system-wide shortcut can open quick search while the desk is in the background (Electron's globalShortcut). */
  readonly globalQuickSearchHotkey: boolean;
}

export const electronPlatform: Platform = Object.freeze({
  kind: 'electron',
  label: 'Desktop app',
  pageNotifiesOffers: false,
  globalQuickSearchHotkey: true,
});

export const browserPlatform: Platform = Object.freeze({
  kind: 'browser',
  label: 'Browser',
  pageNotifiesOffers: true,
  globalQuickSearchHotkey: false,
});

/** The Electron preload exposes the DeskApi as `window.baton`; without it the page is served by the browser host. */
export function detectPlatform(win: { baton?: DeskApi } | undefined): Platform {
  return win?.baton ? electronPlatform : browserPlatform;
}
