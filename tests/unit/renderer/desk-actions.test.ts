// Hotkeys and the command palette run the same desk actions against the store.
import { beforeEach, describe, expect, it } from 'vitest';
import { createDeskStore } from '../../../src/renderer/app/store';
import type { DeskStore } from '../../../src/renderer/app/store';
import { buildCommands, runHotkeyAction } from '../../../src/renderer/features/commands/desk-actions';
import { ok } from '../../../src/shared/result';
import { conversation, createFakeDeskApi, listItem, offer } from './fake-desk-api';
import type { FakeDeskApi } from './fake-desk-api';

let fake: FakeDeskApi;
let store: DeskStore;

beforeEach(() => {
  fake = createFakeDeskApi();
  store = createDeskStore(fake.api, { draftSaveDelayMs: 0 });
  fake.answer('getConversation', ({ handoffId }) => ok(conversation(handoffId)));
});

describe('hotkey actions', () => {
  it('Ctrl+K toggles the palette and Escape closes whatever overlay is open', () => {
    runHotkeyAction('openPalette', store.getState());
    expect(store.getState().paletteOpen).toBe(true);
    runHotkeyAction('closeDialog', store.getState());
    expect(store.getState().paletteOpen).toBe(false);
  });

  it('the KB hotkey asks the search box for focus and returns to the desk view', () => {
    store.getState().setView('settings');
    runHotkeyAction('searchKb', store.getState());
    expect(store.getState().kbFocusRequest).toBe(1);
    expect(store.getState().view).toBe('desk');
  });

  it('next conversation walks the inbox order and wraps around', async () => {
    store.getState().applyConversationItem(listItem('a', { unread: 1, lastMessageAt: '2026-01-01T10:00:00Z' }));
    store.getState().applyConversationItem(listItem('b'));
    runHotkeyAction('nextConversation', store.getState());
    await Promise.resolve();
    expect(store.getState().activeId).toBe('a');
    runHotkeyAction('nextConversation', store.getState());
    expect(store.getState().activeId).toBe('b');
    runHotkeyAction('nextConversation', store.getState());
    expect(store.getState().activeId).toBe('a');
  });

  it('Ctrl+Enter sends the open conversation draft', async () => {
    fake.answer('sendReply', ({ handoffId, text }) => ok({ id: 'm', handoffId, role: 'agent', text, at: '2026-01-01T10:00:00Z' }));
    store.getState().applyConversationDetail(conversation('h1'));
    store.setState({ activeId: 'h1' });
    store.getState().setDraft('h1', 'On it');
    runHotkeyAction('sendReply', store.getState());
    await Promise.resolve();
    expect(fake.callsTo('sendReply')).toEqual([{ handoffId: 'h1', text: 'On it' }]);
  });
});

describe('command palette', () => {
  it('lists offers, numbered conversations and the fixed actions; supervisors also get the console', () => {
    store.getState().applyOffer(offer('o1'));
    store.getState().applyConversationItem(listItem('c1'));
    const titles = buildCommands(store.getState()).map((c) => c.title);
    expect(titles).toEqual(
      expect.arrayContaining(['Accept offer: Customer o1', 'Decline offer: Customer o1', 'Go to conversation 1: Customer c1', 'Open settings', 'Toggle light / dark theme']),
    );
    expect(titles).not.toContain('Open the supervisor console');
    store.setState({ agent: { id: 's', name: 'Sue', role: 'supervisor', skills: [], capacity: 1, status: 'available' } });
    expect(buildCommands(store.getState()).map((c) => c.title)).toContain('Open the supervisor console');
  });

  it('running a palette command acts on the store', () => {
    store.getState().applyConversationItem(listItem('c1'));
    const settings = buildCommands(store.getState()).find((c) => c.title === 'Open settings');
    settings?.run(store.getState());
    expect(store.getState().view).toBe('settings');
  });
});
