// Pure renderer logic: inbox order and badges, transcript rows, safe links, hotkeys, fuzzy matching, clocks.
import { describe, expect, it } from 'vitest';
import { conversationWaits, inboxOrder, isFrustrated, isVip, sortConversations, sortOffers, windowTitle } from '../../../src/renderer/features/inbox/selectors';
import { buildTranscriptRows, mergeMessage } from '../../../src/renderer/features/conversation/messages';
import { splitLinks } from '../../../src/renderer/lib/linkify';
import { actionForEvent, comboFromEvent, matchesCombo, DEFAULT_HOTKEYS } from '../../../src/renderer/features/keymap/hotkey-map';
import type { KeyLike } from '../../../src/renderer/features/keymap/hotkey-map';
import { effectiveHotkeys } from '../../../src/renderer/features/keymap/hotkey-map';
import { fuzzyFilter } from '../../../src/renderer/lib/fuzzy-match';
import { formatClock, formatDuration, humanizeKey } from '../../../src/renderer/lib/format';
import { linkLabel, linkView } from '../../../src/renderer/features/session/link-label';
import { customerWaitingSince, handoffTimes } from '../../../src/renderer/features/handoff/handoff-times';
import type { DeskMessage } from '../../../src/shared/desk-api/contract';
import { listItem, offer, settingsView } from './fake-desk-api';

const key = (over: Partial<KeyLike>): KeyLike => ({ key: '', code: '', ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...over });
const m = (id: string, over: Partial<DeskMessage> = {}): DeskMessage => ({ id, handoffId: 'h', role: 'customer', text: id, at: '2026-01-01T10:00:00.000Z', ...over });

describe('inbox order', () => {
  it('puts offers by priority, then the longest waiting first', () => {
    const sorted = sortOffers([
      offer('new-low', { priority: 0, createdAt: '2026-01-01T10:05:00Z' }),
      offer('old-low', { priority: 0, createdAt: '2026-01-01T10:00:00Z' }),
      offer('vip', { priority: 10, createdAt: '2026-01-01T10:09:00Z' }),
    ]);
    expect(sorted.map((o) => o.conversation.handoffId)).toEqual(['vip', 'old-low', 'new-low']);
  });

  it('puts conversations with unanswered customer messages first, longest waiting first', () => {
    const items = [
      listItem('answered-old', { lastMessageAt: '2026-01-01T10:00:00Z' }),
      listItem('waiting-new', { unread: 1, lastMessageAt: '2026-01-01T10:08:00Z' }),
      listItem('answered-new', { lastMessageAt: '2026-01-01T10:07:00Z' }),
      listItem('waiting-old', { unread: 2, lastMessageAt: '2026-01-01T10:01:00Z' }),
    ];
    const sorted = sortConversations(items, conversationWaits(items, {}));
    expect(sorted.map((c) => c.handoffId)).toEqual(['waiting-old', 'waiting-new', 'answered-new', 'answered-old']);
  });

  it('lists only open conversations in the shared inbox order', () => {
    const conversations = [
      listItem('answered', { lastMessageAt: '2026-01-01T10:07:00Z' }),
      listItem('ended', { status: 'resolved', unread: 1, lastMessageAt: '2026-01-01T10:00:00Z' }),
      listItem('waiting', { unread: 1, lastMessageAt: '2026-01-01T10:08:00Z' }),
      listItem('accepting', { status: 'offered', lastMessageAt: '2026-01-01T10:01:00Z' }),
    ];
    expect(inboxOrder({ conversations, details: {} }).map((c) => c.handoffId)).toEqual(['waiting', 'answered', 'accepting']);
  });

  it('knows a read but unanswered conversation is waiting when its messages are loaded', () => {
    const items = [listItem('read-unanswered', { lastMessageAt: '2026-01-01T10:05:00Z' }), listItem('other', { lastMessageAt: '2026-01-01T10:09:00Z' })];
    const details = {
      'read-unanswered': {
        createdAt: '2026-01-01T10:00:00Z',
        messages: [m('a', { role: 'agent', at: '2026-01-01T10:02:00Z' }), m('c', { at: '2026-01-01T10:05:00Z' })],
      },
      other: { createdAt: '2026-01-01T10:00:00Z', messages: [m('a2', { role: 'agent', at: '2026-01-01T10:09:00Z' })] },
    };
    const waits = conversationWaits(items, details);
    expect(waits).toEqual({ 'read-unanswered': '2026-01-01T10:05:00Z', other: undefined });
    expect(sortConversations(items, waits).map((c) => c.handoffId)).toEqual(['read-unanswered', 'other']);
  });

  it('flags VIP tiers (or a VIP hand-off) and sentiment at or below -0.5', () => {
    expect([isVip('VIP'), isVip('gold'), isVip(undefined), isVip('gold', 'vip')]).toEqual([true, false, false, true]);
    expect([isFrustrated(-0.5), isFrustrated(-0.49), isFrustrated(undefined)]).toEqual([true, false, false]);
  });

  it('shows the waiting count in the window title', () => {
    expect(windowTitle(2)).toBe('(2) Baton Desk');
    expect(windowTitle(0)).toBe('Baton Desk');
  });
});

describe('transcript', () => {
  it('places one hand-off divider between the bot turns and the live conversation', () => {
    const rows = buildTranscriptRows(
      [m('b1', { role: 'bot', beforeHandoff: true }), m('c1', { beforeHandoff: true }), m('a1', { role: 'agent' }), m('c2')],
      { trigger: 'sentiment', detail: 'Angry about delay' },
    );
    expect(rows.map((r) => (r.kind === 'divider' ? r.text : r.message.id))).toEqual([
      'b1',
      'c1',
      'Handed off to a person — Customer upset: Angry about delay',
      'a1',
      'c2',
    ]);
  });

  it('adds no divider when there was no bot conversation', () => {
    expect(buildTranscriptRows([m('c1')], { trigger: 'other' }).every((r) => r.kind === 'message')).toBe(true);
  });

  it('replaces a pending message by its hub copy, keyed by clientMessageId', () => {
    const merged = mergeMessage([m('local', { clientMessageId: 'x', pending: true })], m('hub', { clientMessageId: 'x' }));
    expect(merged.map((x) => [x.id, x.pending])).toEqual([['hub', undefined]]);
  });

  it('measures time to answer from the hand-off to the first live agent reply', () => {
    const times = handoffTimes({
      createdAt: '2026-01-01T10:00:00.000Z',
      messages: [m('b', { role: 'bot', beforeHandoff: true }), m('a', { role: 'agent', at: '2026-01-01T10:01:30.000Z' })],
    });
    expect(times.timeToAnswerSeconds).toBe(90);
    expect(handoffTimes({ createdAt: '2026-01-01T10:00:00.000Z', messages: [] })).toEqual({});
  });
});

describe('customer waiting', () => {
  const createdAt = '2026-01-01T10:00:00.000Z';
  it('counts from the hand-off until the first reply, then from the oldest unanswered customer message', () => {
    expect(customerWaitingSince({ createdAt, messages: [m('c0', { beforeHandoff: true })] })).toBe(createdAt);
    const answered = [m('a1', { role: 'agent', at: '2026-01-01T10:01:00.000Z' })];
    expect(customerWaitingSince({ createdAt, messages: answered })).toBeUndefined();
    const asked = [...answered, m('c1', { at: '2026-01-01T10:02:00.000Z' }), m('c2', { at: '2026-01-01T10:03:00.000Z' })];
    expect(customerWaitingSince({ createdAt, messages: asked })).toBe('2026-01-01T10:02:00.000Z');
  });
});

describe('links in customer text', () => {
  it('links only http and https URLs and keeps everything else as text', () => {
    const parts = splitLinks('See https://shop.example/orders/1. Not javascript:alert(1) or <b>bold</b> or data:text/html,x');
    expect(parts.filter((p) => p.href).map((p) => p.href)).toEqual(['https://shop.example/orders/1']);
    expect(parts.map((p) => p.text).join('')).toBe('See https://shop.example/orders/1. Not javascript:alert(1) or <b>bold</b> or data:text/html,x');
  });
});

describe('hotkeys', () => {
  it('matches the default map, with Ctrl meaning Cmd on a Mac and Alt+digit by physical key', () => {
    const map = effectiveHotkeys(undefined);
    expect(actionForEvent(key({ key: 'k', code: 'KeyK', ctrlKey: true }), map)).toBe('openPalette');
    expect(actionForEvent(key({ key: 'k', code: 'KeyK', metaKey: true }), map)).toBe('openPalette');
    expect(actionForEvent(key({ key: 'F', code: 'KeyF', ctrlKey: true, shiftKey: true }), map)).toBe('searchKb');
    expect(actionForEvent(key({ key: '¡', code: 'Digit1', altKey: true }), map)).toBe('insertSuggestion1');
    expect(actionForEvent(key({ key: '?', code: 'Slash', shiftKey: true }), map)).toBe('cheatSheet');
    expect(actionForEvent(key({ key: 'k', code: 'KeyK' }), map)).toBeUndefined();
  });

  it('uses the remapped combo from settings instead of the default', () => {
    const map = effectiveHotkeys(settingsView({ hotkeys: { acceptTopOffer: 'Ctrl+Shift+A', unknownAction: 'Alt+Q' } }));
    expect(map.acceptTopOffer).toBe('Ctrl+Shift+A');
    expect(Object.keys(map)).toEqual(Object.keys(DEFAULT_HOTKEYS));
    expect(matchesCombo(key({ key: 'a', code: 'KeyA', altKey: true }), map.acceptTopOffer)).toBe(false);
    expect(actionForEvent(key({ key: 'A', code: 'KeyA', ctrlKey: true, shiftKey: true }), map)).toBe('acceptTopOffer');
  });

  it('records a pressed combo for remapping and ignores bare modifiers', () => {
    expect(comboFromEvent(key({ key: 'Control', ctrlKey: true }))).toBeUndefined();
    expect(comboFromEvent(key({ key: 'j', code: 'KeyJ', ctrlKey: true, shiftKey: true }))).toBe('Ctrl+Shift+J');
    expect(comboFromEvent(key({ key: 'ArrowDown', code: 'ArrowDown', altKey: true }))).toBe('Alt+ArrowDown');
  });
});

describe('command palette matching', () => {
  it('finds commands by letters in order and ranks word starts first', () => {
    const titles = ['Toggle light / dark theme', 'Transfer the conversation…', 'Wrap up the conversation…'];
    expect(fuzzyFilter(titles, 'trans', (t) => t)[0]).toBe('Transfer the conversation…');
    expect(fuzzyFilter(titles, 'wu', (t) => t)).toEqual(['Wrap up the conversation…']);
    expect(fuzzyFilter(titles, 'zzz', (t) => t)).toEqual([]);
  });
});

describe('status bar and formatting', () => {
  it('says how many replies are queued while the link is down', () => {
    expect(linkLabel('offline', 3)).toBe('Hub offline — 3 replies in the outbox');
    expect(linkLabel('reconnecting', 1)).toBe('Hub unreachable — reconnecting — 1 reply in the outbox');
    expect(linkLabel('online', 0)).toBe('Online');
  });

  it('names the link that is down: the desk backend before the hub, and what still works', () => {
    const online = { state: 'online' as const, outbox: 0, hubUrl: 'http://hub' };
    // The hub link's last word means nothing once the page cannot reach the desk backend.
    expect(linkView(online, 'unreachable')).toMatchObject({ scope: 'desk', tone: 'bad', label: 'Desk backend unreachable', deskReady: false, hubReady: false });
    expect(linkView(online, 'stale_secret')).toMatchObject({ scope: 'desk', detail: expect.stringMatching(/new address/) });
    expect(linkView(online, 'no_secret')).toMatchObject({ scope: 'desk', detail: expect.stringMatching(/#k=/) });
    expect(linkView(online, 'open')).toMatchObject({ scope: 'ok', label: 'Online', deskReady: true, hubReady: true });
    const down = linkView({ state: 'reconnecting', outbox: 2, hubUrl: 'http://hub', detail: 'Cannot reach the hub' }, 'open');
    expect(down).toMatchObject({ scope: 'hub', tone: 'warn', deskReady: true, hubReady: false, detail: 'Cannot reach the hub' });
    expect(down.label).toMatch(/^Hub unreachable/);
    expect(down.reason).toMatch(/hub is unreachable: this can be done once it is back/);
  });

  it('turns CRM attribute keys into labels', () => {
    expect([humanizeKey('lifetimeOrders'), humanizeKey('preferred_channel'), humanizeKey('VIP')]).toEqual(['Lifetime orders', 'Preferred channel', 'VIP']);
  });

  it('formats message clocks as the locale hours and minutes, the same for every row', () => {
    const at = '2026-11-24T09:05:00.000Z';
    const expected = new Date(at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
    expect(formatClock(at)).toBe(expected);
    expect(formatClock('2026-11-24T21:47:00.000Z')).toBe(new Date('2026-11-24T21:47:00.000Z').toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' }));
    expect(formatClock(at)).toBe(expected);
    expect(formatClock('not a time')).toBe('');
  });

  it('formats waits with fixed-width seconds', () => {
    expect([formatDuration(7), formatDuration(245), formatDuration(3729), formatDuration(-3)]).toEqual(['0:07', '4:05', '1:02:09', '0:00']);
  });
});
