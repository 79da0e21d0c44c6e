// The one keydown listener for the desk's shortcuts, reading the current (remappable) hotkey map.
import { useEffect } from 'react';
import { useDeskStoreApi } from '../../app/store-context';
import { effectiveHotkeys } from '../keymap/hotkey-map';
import { actionForEvent } from '../keymap/hotkey-map';
import { isTextEntry } from './text-entry';
import { runHotkeyAction } from '../commands/desk-actions';

/** Shortcuts that still work while typing (they carry a modifier or close something). */
const ALLOWED_IN_TEXT = (combo: string) => /\b(Ctrl|Alt|Cmd|Meta)\+/i.test(combo) || combo === 'Escape';

export function useGlobalHotkeys(): void {
  const store = useDeskStoreApi();
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const state = store.getState();
      // While the settings screen records a new combo, it owns the keyboard.
      if ((event.target as HTMLElement | null)?.dataset?.hotkeyCapture === 'true') return;
      const map = effectiveHotkeys(state.settings);
      const action = actionForEvent(event, map);
      if (!action) return;
      if (isTextEntry(event.target) && !ALLOWED_IN_TEXT(map[action])) return;
      // The composer sends on Enter / Ctrl+Enter itself; a remapped send combo still goes through here.
      if (action === 'sendReply' && event.key === 'Enter' && (event.target as HTMLElement | null)?.dataset?.testid === 'composer') return;
      if (action === 'closeDialog' && !state.dialog && !state.paletteOpen && !state.cheatSheetOpen) return;
      event.preventDefault();
      runHotkeyAction(action, state);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store]);
}
