// UI state that is not domain data: which overlay is open, which view shows, toasts, and focus requests
// (a counter components watch, so an action can move focus without reaching into the DOM).
import type { ErrorInfo } from '../../../shared/result';
import type { SliceCreator } from '../../app/store';

export type DialogName = 'wrapup' | 'transfer' | 'handback';
export type ViewName = 'desk' | 'settings' | 'supervisor';

export interface Toast {
  id: number;
  kind: 'info' | 'error';
  text: string;
}

export interface UiSlice {
  paletteOpen: boolean;
  cheatSheetOpen: boolean;
  dialog: DialogName | null;
  view: ViewName;
  toasts: Toast[];
  /** Bumped when the composer should take focus. */
  composerFocusRequest: number;
  /** Bumped when the knowledge-base search box should take focus. */
  kbFocusRequest: number;
  setPaletteOpen: (open: boolean) => void;
  setCheatSheetOpen: (open: boolean) => void;
  openDialog: (dialog: DialogName) => void;
  closeOverlays: () => void;
  setView: (view: ViewName) => void;
  pushToast: (kind: Toast['kind'], text: string) => void;
  reportError: (error: ErrorInfo) => void;
  dismissToast: (id: number) => void;
  requestComposerFocus: () => void;
  requestKbFocus: () => void;
}

let nextToastId = 1;
const MAX_TOASTS = 4;

export const createUiSlice: SliceCreator<UiSlice> = (set, get) => ({
  paletteOpen: false,
  cheatSheetOpen: false,
  dialog: null,
  view: 'desk',
  toasts: [],
  composerFocusRequest: 0,
  kbFocusRequest: 0,
  setPaletteOpen: (paletteOpen) => set({ paletteOpen, cheatSheetOpen: false }),
  setCheatSheetOpen: (cheatSheetOpen) => set({ cheatSheetOpen, paletteOpen: false }),
  openDialog: (dialog) => {
    if (!get().activeId) {
      get().pushToast('info', 'Open a conversation first.');
      return;
    }
    set({ dialog, paletteOpen: false, cheatSheetOpen: false });
  },
  closeOverlays: () => set({ dialog: null, paletteOpen: false, cheatSheetOpen: false }),
  setView: (view) => set({ view, paletteOpen: false }),
  pushToast: (kind, text) => {
    const toast: Toast = { id: nextToastId++, kind, text };
    set((s) => ({ toasts: [...s.toasts, toast].slice(-MAX_TOASTS) }));
  },
  reportError: (error) => get().pushToast('error', error.message),
  dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
  requestComposerFocus: () => set((s) => ({ composerFocusRequest: s.composerFocusRequest + 1 })),
  requestKbFocus: () => set((s) => ({ kbFocusRequest: s.kbFocusRequest + 1, view: 'desk', paletteOpen: false })),
});
