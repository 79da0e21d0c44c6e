// "?": every shortcut from the hotkey map in force (remaps included), plus the composer's own keys.
import { useMemo } from 'react';
import { useDesk } from '../../app/store-context';
import { Modal } from '../ui/Modal';
import { effectiveHotkeys } from '../keymap/hotkey-map';
import { HOTKEY_LABELS } from '../keymap/hotkey-map';
import type { HotkeyActionId } from '../keymap/hotkey-map';

const COMPOSER_KEYS: [string, string][] = [
  ['Enter', 'Send the reply (in the composer)'],
  ['Shift+Enter', 'New line (in the composer)'],
  ['/', 'Canned replies (at the start of an empty reply)'],
];

export function CheatSheet() {
  const open = useDesk((s) => s.cheatSheetOpen);
  const settings = useDesk((s) => s.settings);
  const close = useDesk((s) => s.closeOverlays);
  const map = useMemo(() => effectiveHotkeys(settings), [settings]);
  if (!open) return null;
  return (
    <Modal title="Keyboard shortcuts" onClose={close} testId="cheat-sheet" width={560}>
      <table className="shortcut-table">
        <tbody>
          {(Object.keys(map) as HotkeyActionId[]).map((id) => (
            <tr key={id}>
              <td>{HOTKEY_LABELS[id]}</td>
              <td>
                <kbd className="kbd">{map[id]}</kbd>
              </td>
            </tr>
          ))}
          {COMPOSER_KEYS.map(([combo, label]) => (
            <tr key={combo}>
              <td>{label}</td>
              <td>
                <kbd className="kbd">{combo}</kbd>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">Change these in Settings → Keyboard shortcuts.</p>
    </Modal>
  );
}
