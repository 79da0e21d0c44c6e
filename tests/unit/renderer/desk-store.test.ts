// The desk store: DeskApi events feed it, its actions call the DeskApi and keep the screens' state consistent.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDeskStore } from '../../../src/renderer/app/store';
import type { DeskStore } from '../../../src/renderer/app/store';
import { bootstrapDesk, connectDeskEvents } from '../../../src/renderer/app/bootstrap';
import { ok, fail } from '../../../src/shared/result';
import type { DeskMessage } from '../../../src/shared/desk-api/contract';
import { conversation, createFakeDeskApi, listItem, offer, settingsView, snapshot } from './fake-desk-api';
import type { FakeDeskApi } from './fake-desk-api';
import { TRANSCRIPT_FIRST_PAGE } from '../../../src/shared/desk-api/limits';

let fake: FakeDeskApi;
let store: DeskStore;

const msg = (id: string, handoffId: string, over: Partial<DeskMessage> = {}): DeskMessage => ({
  id,
  handoffId,
  role: 'customer',
  text: `text ${id}`,
  at: '2026-01-01T10:05:00.000Z',
  ...over,
});

beforeEach(() => {
  fake = createFakeDeskApi();
  store = createDeskStore(fake.api, { draftSaveDelayMs: 0 });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('bootstrap', () => {
  it('loads the snapshot and then keeps the inbox current from events', async () => {
    fake.answer('getSnapshot', () => ok(snapshot({ conversations: [listItem('h1')] })));
    await bootstrapDesk(fake.api, store);
    expect(store.getState().agent?.name).toBe('Ada');
    expect(store.getState().conversations.map((c) => c.handoffId)).toEqual(['h1']);

    fake.emit('onOffer', offer('h2'));
    expect(store.getState().offers.map((o) => o.conversation.handoffId)).toEqual(['h2']);
    fake.emit('onOfferRevoked', { handoffId: 'h2', reason: 'expired' });
    expect(store.getState().offers).toEqual([]);

    fake.emit('onLinkState', { state: 'offline', outbox: 2, hubUrl: 'x' });
    expect(store.getState().link).toMatchObject({ state: 'offline', outbox: 2 });

    fake.emit('onConversation', listItem('h1', { unread: 3 }));
    expect(store.getState().conversations[0]?.unread).toBe(3);
    fake.emit('onConversationRemoved', { handoffId: 'h1', reason: 'resolved' });
    expect(store.getState().conversations).toEqual([]);
  });

  it('alerts once per new offer, not when the same offer is updated', () => {
    const onNewOffer = vi.fn();
    connectDeskEvents(fake.api, store, { onNewOffer });
    fake.emit('onOffer', offer('h1'));
    fake.emit('onOffer', offer('h1'));
    fake.emit('onOffer', offer('h2'));
    expect(onNewOffer.mock.calls.map((c) => c[0])).toEqual(['h1', 'h2']);
  });

  it('unsubscribes every listener when disconnected', () => {
    const disconnect = connectDeskEvents(fake.api, store);
    expect(fake.listenerCount()).toBe(11);
    disconnect();
    expect(fake.listenerCount()).toBe(0);
  });

  it('shows why the desk could not load', async () => {
    fake.answer('getSnapshot', () => fail('offline', 'The desk services are not running: restart the desk.'));
    await store.getState().loadSnapshot();
    expect(store.getState().loaded).toBe(false);
    expect(store.getState().loadError).toContain('restart the desk');
  });
});

describe('offers', () => {
  it('accepting an offer moves it into the open conversation and asks for its summary', async () => {
    connectDeskEvents(fake.api, store);
    store.getState().applyOffer(offer('h1'));
    const detail = conversation('h1', { messages: [msg('m1', 'h1', { beforeHandoff: true })] });
    // As the real desk does: the inbox row is emitted before the accept answers.
    fake.answer('acceptOffer', () => {
      fake.emit('onConversation', listItem('h1'));
      return ok(detail);
    });
    fake.answer('getConversation', () => ok(detail));
    fake.answer('getSummary', () => ok({ handoffId: 'h1', summary: 'Late parcel', recommendedAction: 'Offer refund', source: 'offline' }));

    await store.getState().acceptTopOffer();

    const s = store.getState();
    expect(s.offers).toEqual([]);
    expect(s.conversations.map((c) => c.handoffId)).toEqual(['h1']);
    expect(s.activeId).toBe('h1');
    expect(s.details.h1?.messages).toHaveLength(1);
    expect(s.summaries.h1?.recommendedAction).toBe('Offer refund');
    expect(s.composerFocusRequest).toBeGreaterThan(0);
  });

  it('accepts the highest-priority offer first with the accept-top action', async () => {
    store.getState().applyOffer(offer('low', { priority: 0 }));
    store.getState().applyOffer(offer('high', { priority: 5 }));
    fake.answer('acceptOffer', ({ handoffId }) => ok(conversation(handoffId)));
    fake.answer('getConversation', ({ handoffId }) => ok(conversation(handoffId)));
    await store.getState().acceptTopOffer();
    expect(fake.callsTo('acceptOffer')).toEqual([{ handoffId: 'high', latest: TRANSCRIPT_FIRST_PAGE }]);
  });

  it('keeps the offer and tells the agent when accepting fails', async () => {
    store.getState().applyOffer(offer('h1'));
    fake.answer('acceptOffer', () => fail('gone', 'Another agent took this conversation.'));
    await store.getState().acceptOffer('h1');
    expect(store.getState().offers).toHaveLength(1);
    expect(store.getState().toasts.at(-1)).toMatchObject({ kind: 'error', text: 'Another agent took this conversation.' });
    expect(store.getState().activeId).toBeUndefined();
  });
});

describe('conversation', () => {
  beforeEach(() => {
    store.getState().applyConversationDetail(conversation('h1'));
    store.setState({ activeId: 'h1' });
  });

  it('sends the draft, clears it, and shows the pending message until the hub echo replaces it', async () => {
    fake.answer('sendReply', ({ handoffId, text }) => ok(msg('local-1', handoffId, { role: 'agent', text, clientMessageId: 'c1', pending: true })));
    store.getState().setDraft('h1', 'Hello there');
    expect(await store.getState().sendReply('h1')).toBe(true);
    expect(fake.callsTo('sendReply')).toEqual([{ handoffId: 'h1', text: 'Hello there' }]);
    expect(store.getState().drafts.h1).toBe('');
    expect(store.getState().details.h1?.messages.map((m) => m.pending)).toEqual([true]);

    connectDeskEvents(fake.api, store);
    fake.emit('onMessage', msg('hub-9', 'h1', { role: 'agent', text: 'Hello there', clientMessageId: 'c1' }));
    const messages = store.getState().details.h1?.messages ?? [];
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ id: 'hub-9' });
    expect(messages[0]?.pending).toBeUndefined();
  });

  it('does not send an empty draft', async () => {
    store.getState().setDraft('h1', '   ');
    expect(await store.getState().sendReply('h1')).toBe(false);
    expect(fake.callsTo('sendReply')).toEqual([]);
  });

  it('keeps the draft when sending fails', async () => {
    fake.answer('sendReply', () => fail('invalid', 'The reply is too long: shorten it.'));
    store.getState().setDraft('h1', 'Hi');
    expect(await store.getState().sendReply('h1')).toBe(false);
    expect(store.getState().drafts.h1).toBe('Hi');
    expect(store.getState().toasts.at(-1)?.text).toContain('shorten');
  });

  it('saves a draft once typing pauses, with the last text only', () => {
    vi.useFakeTimers();
    const debounced = createDeskStore(fake.api, { draftSaveDelayMs: 400 });
    debounced.getState().setDraft('h1', 'H');
    debounced.getState().setDraft('h1', 'He');
    debounced.getState().setDraft('h1', 'Hey');
    vi.advanceTimersByTime(399);
    expect(fake.callsTo('saveDraft')).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fake.callsTo('saveDraft')).toEqual([{ handoffId: 'h1', text: 'Hey' }]);
  });

  it("tells the customer the agent is typing at most every 3 s while the draft grows, and once when it is emptied", () => {
    vi.useFakeTimers();
    store.getState().setDraft('h1', 'H');
    store.getState().setDraft('h1', 'He');
    vi.advanceTimersByTime(2_999);
    store.getState().setDraft('h1', 'Hey');
    expect(fake.callsTo('setTyping')).toEqual([{ handoffId: 'h1', typing: true }]);
    vi.advanceTimersByTime(1);
    store.getState().setDraft('h1', 'Hey t');
    store.getState().setDraft('h1', '');
    store.getState().setDraft('h1', '');
    expect(fake.callsTo('setTyping')).toEqual([
      { handoffId: 'h1', typing: true },
      { handoffId: 'h1', typing: true },
      { handoffId: 'h1', typing: false },
    ]);
  });

  it('keeps drafts per conversation', () => {
    store.getState().applyConversationDetail(conversation('h2', { draft: 'saved earlier' }));
    store.getState().setDraft('h1', 'for one');
    expect(store.getState().drafts).toMatchObject({ h1: 'for one', h2: 'saved earlier' });
  });

  it('appends live messages in time order and ignores messages of conversations it does not hold', () => {
    store.getState().applyMessage(msg('m2', 'h1', { at: '2026-01-01T10:06:00.000Z' }));
    store.getState().applyMessage(msg('m1', 'h1', { at: '2026-01-01T10:05:00.000Z' }));
    store.getState().applyMessage(msg('x', 'unknown'));
    expect(store.getState().details.h1?.messages.map((m) => m.id)).toEqual(['m1', 'm2']);
    expect(store.getState().details.unknown).toBeUndefined();
  });

  it('marks the open conversation read when its list row reports unread messages', () => {
    connectDeskEvents(fake.api, store);
    fake.emit('onConversation', listItem('h1', { unread: 2 }));
    expect(store.getState().conversations[0]?.unread).toBe(0);
    expect(fake.callsTo('markRead')).toEqual([{ handoffId: 'h1' }]);
  });

  it('wrap-up resolves, removes the conversation and closes the dialog', async () => {
    store.getState().applyConversationItem(listItem('h1'));
    store.getState().openDialog('wrapup');
    const wrapUp = { resolution: 'resolved' as const, disposition: 'Refund issued', notes: '', requestCsat: true };
    expect(await store.getState().resolve('h1', wrapUp)).toBe(true);
    expect(fake.callsTo('resolve')).toEqual([{ handoffId: 'h1', wrapUp }]);
    const s = store.getState();
    expect(s.activeId).toBeUndefined();
    expect(s.dialog).toBeNull();
    expect(s.conversations).toEqual([]);
    expect(s.details.h1).toBeUndefined();
  });

  it('transfer failure keeps the conversation and reports why', async () => {
    store.getState().applyConversationItem(listItem('h1'));
    fake.answer('transfer', () => fail('invalid', 'Choose a queue or an agent.'));
    expect(await store.getState().transfer('h1', { queue: 'billing' })).toBe(false);
    expect(store.getState().activeId).toBe('h1');
    expect(store.getState().toasts.at(-1)?.text).toBe('Choose a queue or an agent.');
  });
});

describe('assist', () => {
  const update = (requestId: string, status: 'streaming' | 'done' = 'done') => ({
    handoffId: 'h1',
    requestId,
    provider: 'offline' as const,
    status,
    suggestions: [
      { id: 's1', title: 'Apologise', reason: 'Customer upset', reply: 'Sorry about that.' },
      { id: 's2', title: 'Offer refund', reason: 'Order late', reply: 'I can refund it.' },
    ],
  });

  beforeEach(() => {
    store.getState().applyConversationDetail(conversation('h1'));
    store.setState({ activeId: 'h1' });
  });

  it('inserting suggestion 2 puts its reply into the composer and records the feedback', () => {
    store.getState().applyAssist(update('r1'));
    store.getState().insertSuggestionAt(2);
    expect(store.getState().drafts.h1).toBe('I can refund it.');
    expect(fake.callsTo('suggestionFeedback')).toEqual([{ handoffId: 'h1', suggestionId: 's2', action: 'inserted' }]);
  });

  it('dismissing hides a suggestion until a new request brings a fresh set', () => {
    store.getState().applyAssist(update('r1', 'streaming'));
    store.getState().useSuggestion('h1', 's1', 'dismissed');
    store.getState().applyAssist(update('r1'));
    store.getState().insertSuggestionAt(1);
    expect(store.getState().drafts.h1).toBe('I can refund it.');
    store.getState().applyAssist(update('r2'));
    expect(store.getState().dismissed.h1).toEqual([]);
  });

  it('says so when there is no suggestion at that position', () => {
    store.getState().insertSuggestionAt(3);
    expect(store.getState().toasts.at(-1)?.text).toContain('no suggestion 3');
    expect(fake.callsTo('suggestionFeedback')).toEqual([]);
  });
});

describe('knowledge base', () => {
  it('shows only the newest search results when answers arrive out of order', async () => {
    const release: Record<string, () => void> = {};
    fake.answer(
      'searchKb',
      ({ query }) =>
        new Promise((resolve) => {
          release[query] = () => resolve(ok([{ id: query, title: query, category: 'c', language: 'en', snippet: [], score: 1 }]));
        }),
    );
    const first = store.getState().searchKb('refu');
    const second = store.getState().searchKb('refund');
    release.refund?.();
    await second;
    release.refu?.();
    await first;
    expect(store.getState().kbResults.map((h) => h.id)).toEqual(['refund']);
  });

  it('inserts a snippet as plain text after what the agent already wrote', () => {
    store.getState().applyConversationDetail(conversation('h1'));
    store.setState({ activeId: 'h1' });
    store.getState().setDraft('h1', 'Here is how:');
    store.getState().insertKbSnippet({
      id: 'kb1',
      title: 'Returns',
      category: 'orders',
      language: 'en',
      score: 1,
      snippet: [
        { text: 'You can ', hit: false },
        { text: 'return', hit: true },
        { text: ' items within 30 days.', hit: false },
      ],
    });
    expect(store.getState().drafts.h1).toBe('Here is how:\nYou can return items within 30 days.');
  });
});

describe('settings and session', () => {
  it('puts validation errors next to the fields they name', async () => {
    fake.answer('updateSettings', () =>
      fail('invalid', 'Some settings are not valid.', [{ path: 'hubUrl', message: 'Enter an http(s) URL.' }]),
    );
    expect(await store.getState().saveSettings({ hubUrl: 'ftp://x' })).toBe(false);
    expect(store.getState().settingsErrors).toEqual({ hubUrl: 'Enter an http(s) URL.' });
  });

  it('tells the agent what the host reports after saving, such as replies of a previous sign-in that were discarded', async () => {
    const notice = '2 unsent replies of the previous sign-in were discarded, so they are not sent under this sign-in.';
    fake.answer('updateSettings', () => ok(settingsView({ notice })));
    expect(await store.getState().saveSettings({ agentToken: 'bat_new' })).toBe(true);
    expect(store.getState().toasts.map((t) => t.text)).toContain(notice);
  });

  it('toggles availability through the DeskApi and shows the status the host confirmed', async () => {
    await store.getState().loadSnapshot();
    fake.answer('setStatus', ({ status }) => ok(status));
    await store.getState().toggleAvailability();
    expect(fake.callsTo('setStatus')).toEqual([{ status: 'away' }]);
    expect(store.getState().agent?.status).toBe('away');
  });

  it('opening a dialog without a conversation explains what to do instead', () => {
    store.getState().openDialog('transfer');
    expect(store.getState().dialog).toBeNull();
    expect(store.getState().toasts.at(-1)?.text).toBe('Open a conversation first.');
  });
});

describe('long transcripts', () => {
  const page = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => msg(`m${from + i}`, 'h1'));

  it('opens on the newest page, then prepends each earlier page once, oldest first', async () => {
    fake.answer('getConversation', () => ok(conversation('h1', { messages: page(801, 1000), earlier: 800 })));
    fake.answer('getSummary', () => ok({ handoffId: 'h1', summary: '', recommendedAction: '', source: 'offline' }));
    fake.answer('getEarlierMessages', ({ beforeId }) =>
      beforeId === 'm801' ? ok({ messages: page(301, 800), earlier: 300 }) : ok({ messages: page(1, 300), earlier: 0 }),
    );
    await store.getState().openConversation('h1');
    expect(fake.callsTo('getConversation')).toEqual([{ handoffId: 'h1', latest: TRANSCRIPT_FIRST_PAGE }]);

    // Two scroll-ups at once (Virtuoso may report the top twice) ask once.
    await Promise.all([store.getState().loadEarlier('h1'), store.getState().loadEarlier('h1')]);
    expect(fake.callsTo('getEarlierMessages')).toHaveLength(1);
    expect(store.getState().details.h1?.earlier).toBe(300);
    await store.getState().loadEarlier('h1');
    const s = store.getState();
    expect(s.details.h1?.messages.map((m) => m.id)).toEqual(page(1, 1000).map((m) => m.id));
    expect(s.details.h1?.earlier).toBe(0);
    expect(s.loadingEarlier.h1).toBeUndefined();

    // Nothing older: no further request.
    await store.getState().loadEarlier('h1');
    expect(fake.callsTo('getEarlierMessages')).toHaveLength(2);
  });

  it('reopening keeps the earlier pages already loaded, with the newest page after them', async () => {
    fake.answer('getSummary', () => ok({ handoffId: 'h1', summary: '', recommendedAction: '', source: 'offline' }));
    store.getState().applyConversationDetail(conversation('h1', { messages: page(301, 1000), earlier: 300 }));
    // A message arrived meanwhile: the newest page now starts one later.
    fake.answer('getConversation', () => ok(conversation('h1', { messages: page(802, 1001), earlier: 801 })));
    await store.getState().openConversation('h1');
    const d = store.getState().details.h1!;
    expect(d.messages.map((m) => m.id)).toEqual(page(301, 1001).map((m) => m.id));
    expect(d.earlier).toBe(300);
  });
});
