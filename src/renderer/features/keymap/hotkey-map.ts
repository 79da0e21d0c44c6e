// The keyboard map: every remappable action with its default combo, the combos in force after the agent's remaps,
// and matching of key events against combos. Pure (works on a KeyboardEvent-like object) so it is tested without a
// DOM, and the lowest of the features: settings, the palette, the hotkeys and assist read it, it reads none of them.
import type { SettingsView } from '../../../shared/desk-api/contract';

export const DEFAULT_HOTKEYS = {
  openPalette: 'Ctrl+K',
  searchKb: 'Ctrl+Shift+F',
  cheatSheet: '?',
  acceptTopOffer: 'Alt+A',
  declineTopOffer: 'Alt+D',
  insertSuggestion1: 'Alt+1',
  insertSuggestion2: 'Alt+2',
  insertSuggestion3: 'Alt+3',
  sendReply: 'Ctrl+Enter',
  toggleAvailability: 'Alt+S',
  wrapUp: 'Alt+W',
  transfer: 'Alt+T',
  nextConversation: 'Alt+ArrowDown',
  previousConversation: 'Alt+ArrowUp',
  closeDialog: 'Escape',
} as const;

export type HotkeyActionId = keyof typeof DEFAULT_HOTKEYS;

export const HOTKEY_LABELS: Record<HotkeyActionId, string> = {
  openPalette: 'Open the command palette',
  searchKb: 'Search the knowledge base',
  cheatSheet: 'Show this cheat sheet',
  acceptTopOffer: 'Accept the top offer',
  declineTopOffer: 'Decline the top offer',
  insertSuggestion1: 'Insert suggestion 1',
  insertSuggestion2: 'Insert suggestion 2',
  insertSuggestion3: 'Insert suggestion 3',
  sendReply: 'Send the reply',
  toggleAvailability: 'Toggle available / away',
  wrapUp: 'Wrap up the conversation',
  transfer: 'Transfer the conversation',
  nextConversation: 'Next conversation',
  previousConversation: 'Previous conversation',
  closeDialog: 'Close dialog or palette',
};

export interface KeyLike {
  key: string;
  code?: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

interface Combo {
  ctrl: boolean;
  alt: boolean;
  shift: boolean;
  key: string;
}

export function parseCombo(combo: string): Combo | undefined {
  const parts = combo.split('+').map((p) => p.trim());
  // "Ctrl++" means the plus key.
  if (combo.endsWith('++')) parts.splice(parts.length - 2, 2, '+');
  const key = parts.pop();
  if (!key) return undefined;
  const mods = new Set(parts.map((p) => p.toLowerCase()));
  return { ctrl: mods.has('ctrl') || mods.has('cmd') || mods.has('meta'), alt: mods.has('alt'), shift: mods.has('shift'), key };
}

const isAlnum = (key: string) => /^[a-z0-9]$/i.test(key);

/** The physical key code for letters and digits, so Alt+1 works on layouts where Alt changes the character. */
const codeFor = (key: string): string => (/^[0-9]$/.test(key) ? `Digit${key}` : `Key${key.toUpperCase()}`);

export function matchesCombo(event: KeyLike, combo: string): boolean {
  const parsed = parseCombo(combo);
  if (!parsed) return false;
  if (parsed.ctrl !== (event.ctrlKey || event.metaKey)) return false;
  if (parsed.alt !== event.altKey) return false;
  if (isAlnum(parsed.key)) {
    if (parsed.shift !== event.shiftKey) return false;
    return event.code === codeFor(parsed.key) || event.key.toLowerCase() === parsed.key.toLowerCase();
  }
  // A symbol such as "?" already needs Shift on most layouts: do not demand or forbid it.
  if (parsed.key.length === 1) return event.key === parsed.key;
  if (parsed.shift !== event.shiftKey) return false;
  return event.key.toLowerCase() === parsed.key.toLowerCase();
}

/** The action bound to a key event, if any. */
export function actionForEvent(event: KeyLike, map: Record<HotkeyActionId, string>): HotkeyActionId | undefined {
  for (const [id, combo] of Object.entries(map) as [HotkeyActionId, string][]) {
    if (matchesCombo(event, combo)) return id;
  }
  return undefined;
}

const MODIFIER_KEYS = new Set(['Control', 'Shift', 'Alt', 'Meta']);

/** Writes a key event as a combo string, for remapping in Settings; undefined while only modifiers are held. */
export function comboFromEvent(event: KeyLike): string | undefined {
  if (MODIFIER_KEYS.has(event.key)) return undefined;
  const parts: string[] = [];
  if (event.ctrlKey || event.metaKey) parts.push('Ctrl');
  if (event.altKey) parts.push('Alt');
  let key = event.key;
  const code = event.code ?? '';
  if (/^Digit[0-9]$/.test(code)) key = code.slice(5);
  else if (/^Key[A-Z]$/.test(code)) key = code.slice(3);
  else if (key.length === 1) key = key.toUpperCase();
  if (event.shiftKey && (isAlnum(key) || key.length > 1)) parts.push('Shift');
  parts.push(key === ' ' ? 'Space' : key);
  return parts.join('+');
}

/** The shortcuts in force: the defaults with the agent's remaps on top. */
export function effectiveHotkeys(settings: SettingsView | undefined): Record<HotkeyActionId, string> {
  const map: Record<HotkeyActionId, string> = { ...DEFAULT_HOTKEYS };
  for (const [id, combo] of Object.entries(settings?.hotkeys ?? {})) {
    if (id in map) map[id as HotkeyActionId] = combo;
  }
  return map;
}
