// The frame of every Baton window: size, title and chrome. The webPreferences are not here on purpose: they are
// written out literally at each `new BrowserWindow` in index.ts, where electronegativity (scripts/
// electronegativity.mjs, run by `npm test`) can read them; a helper that built them hid them from the scanner.
import type { BrowserWindowConstructorOptions } from 'electron';

export type WindowFrame = Omit<BrowserWindowConstructorOptions, 'webPreferences'>;

export const mainWindowFrame: WindowFrame = {
  width: 1360,
  height: 860,
  minWidth: 960,
  minHeight: 600,
  title: 'Baton Desk',
  show: false,
  backgroundColor: '#0f1115',
};

/** The small always-on-top window the global hotkey opens for a knowledge-base quick search. */
export const quickSearchWindowFrame: WindowFrame = {
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
};
