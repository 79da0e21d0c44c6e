// The options every Baton window is created with. One place, so the hardening (sandbox, context isolation, no
// Node in the renderer) cannot be forgotten on a new window.
import type { BrowserWindowConstructorOptions } from 'electron';

export function hardenedWebPreferences(preloadPath: string): NonNullable<BrowserWindowConstructorOptions['webPreferences']> {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: true,
  };
}

export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1360,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    title: 'Baton Desk',
    show: false,
    backgroundColor: '#0f1115',
    webPreferences: hardenedWebPreferences(preloadPath),
  };
}

/** The small always-on-top window the global hotkey opens for a knowledge-base quick search. */
export function quickSearchWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 640,
    height: 420,
    title: 'Baton quick search',
    show: false,
    frame: false,
    resizable: false,
    alwaysOnTop: true,
    skipTaskbar: true,
    fullscreenable: false,
    backgroundColor: '#0f1115',
    webPreferences: hardenedWebPreferences(preloadPath),
  };
}
