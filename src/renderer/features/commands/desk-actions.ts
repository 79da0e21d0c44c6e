// Every keyboard-reachable desk action, shared by the hotkeys and the command palette so both stay in step. It sits
// below both (they import it, it imports neither), so neither feature reaches into the other.
import type { DeskState } from '../../app/store';
import type { HotkeyActionId } from '../keymap/hotkey-map';
import { HOTKEY_LABELS } from '../keymap/hotkey-map';
import { inboxOrder, sortOffers } from '../inbox/selectors';
import { visibleSuggestions } from '../assist/slice';

export interface DeskCommand {
  id: string;
  title: string;
  /** The hotkey action this command mirrors, to show its shortcut. */
  hotkey?: HotkeyActionId;
  run: (state: DeskState) => void;
}

/** What a hotkey does, given the state at the moment it fires. */
export function runHotkeyAction(id: HotkeyActionId, s: DeskState): void {
  switch (id) {
    case 'openPalette':
      s.setPaletteOpen(!s.paletteOpen);
      return;
    case 'searchKb':
      s.requestKbFocus();
      return;
    case 'cheatSheet':
      s.setCheatSheetOpen(!s.cheatSheetOpen);
      return;
    case 'acceptTopOffer':
      void s.acceptTopOffer();
      return;
    case 'declineTopOffer':
      void s.declineTopOffer();
      return;
    case 'insertSuggestion1':
      s.insertSuggestionAt(1);
      return;
    case 'insertSuggestion2':
      s.insertSuggestionAt(2);
      return;
    case 'insertSuggestion3':
      s.insertSuggestionAt(3);
      return;
    case 'sendReply':
      if (s.activeId) void s.sendReply(s.activeId);
      return;
    case 'toggleAvailability':
      void s.toggleAvailability();
      return;
    case 'wrapUp':
      s.openDialog('wrapup');
      return;
    case 'transfer':
      s.openDialog('transfer');
      return;
    case 'nextConversation':
    case 'previousConversation': {
      const list = inboxOrder(s);
      if (list.length === 0) return;
      const at = list.findIndex((c) => c.handoffId === s.activeId);
      const step = id === 'nextConversation' ? 1 : -1;
      const next = list[(at + step + list.length) % list.length] ?? list[0];
      if (next) void s.openConversation(next.handoffId);
      return;
    }
    case 'closeDialog':
      s.closeOverlays();
      return;
  }
}

/** The palette's list for the current state: fixed actions plus one entry per offer, conversation and suggestion. */
export function buildCommands(s: DeskState): DeskCommand[] {
  const commands: DeskCommand[] = [];
  for (const offer of sortOffers(s.offers)) {
    const name = offer.conversation.customer.name ?? offer.conversation.customer.id;
    commands.push({ id: `accept:${offer.conversation.handoffId}`, title: `Accept offer: ${name}`, run: (st) => void st.acceptOffer(offer.conversation.handoffId) });
    commands.push({ id: `decline:${offer.conversation.handoffId}`, title: `Decline offer: ${name}`, run: (st) => void st.declineOffer(offer.conversation.handoffId) });
  }
  inboxOrder(s).forEach((c, i) => {
    commands.push({ id: `open:${c.handoffId}`, title: `Go to conversation ${i + 1}: ${c.customerName}`, run: (st) => void st.openConversation(c.handoffId) });
  });
  if (s.activeId) {
    visibleSuggestions(s.assist[s.activeId], s.dismissed[s.activeId])
      .slice(0, 3)
      .forEach((sug, i) => {
        commands.push({
          id: `suggestion:${sug.id}`,
          title: `Insert suggestion ${i + 1}: ${sug.title}`,
          hotkey: `insertSuggestion${i + 1}` as HotkeyActionId,
          run: (st) => st.insertSuggestionAt(i + 1),
        });
      });
  }
  const fixed: [string, HotkeyActionId | undefined, (st: DeskState) => void][] = [
    [HOTKEY_LABELS.acceptTopOffer, 'acceptTopOffer', (st) => void st.acceptTopOffer()],
    [HOTKEY_LABELS.searchKb, 'searchKb', (st) => st.requestKbFocus()],
    ['Wrap up the conversation…', 'wrapUp', (st) => st.openDialog('wrapup')],
    ['Transfer the conversation…', 'transfer', (st) => st.openDialog('transfer')],
    ['Hand back to the bot…', undefined, (st) => st.openDialog('handback')],
    ['Refresh suggestions', undefined, (st) => st.activeId && void st.refreshSuggestions(st.activeId)],
    [HOTKEY_LABELS.toggleAvailability, 'toggleAvailability', (st) => void st.toggleAvailability()],
    ['Open settings', undefined, (st) => st.setView('settings')],
    ['Toggle light / dark theme', undefined, (st) => void st.toggleTheme()],
    ['Show keyboard shortcuts', 'cheatSheet', (st) => st.setCheatSheetOpen(true)],
    ['Back to the desk', undefined, (st) => st.setView('desk')],
  ];
  if (s.agent?.role === 'supervisor') fixed.push(['Open the supervisor console', undefined, (st) => st.setView('supervisor')]);
  for (const [title, hotkey, run] of fixed) commands.push({ id: `action:${title}`, title, hotkey, run });
  return commands;
}
