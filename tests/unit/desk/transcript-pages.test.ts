// A long transcript in pages, on a real SQLite cache: the newest page first, then the pages before it, each in
// order, with the count of older messages still to load; unsent replies stay after the newest page.
import { afterEach, describe, expect, it } from 'vitest';
import { deskConversation } from '../../../src/main/services/desk/conversation-views';
import { cacheWithConversation } from './temp-dir';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const TOTAL = 1_234;

function setup() {
  const start = Date.parse('2026-01-01T00:00:00.000Z');
  return cacheWithConversation(
    cleanups,
    Array.from({ length: TOTAL }, (_, i) => ({ id: `m${i + 1}`, handoffId: 'h1', role: i % 2 ? ('bot' as const) : ('customer' as const), text: `turn ${i + 1}`, at: new Date(start + i * 1000).toISOString() })),
  );
}

const ids = (messages: { id: string }[]) => messages.map((m) => m.id);

describe('transcript pages', () => {
  it('opens on the newest page and says how many older messages there are', () => {
    const cache = setup();
    const page = deskConversation(cache, 'h1', 200)!;
    expect(page.messages).toHaveLength(200);
    expect(page.messages[0]?.id).toBe(`m${TOTAL - 199}`);
    expect(page.messages.at(-1)?.id).toBe(`m${TOTAL}`);
    expect(page.earlier).toBe(TOTAL - 200);
    // Without a page size the conversation is whole, as before.
    const whole = deskConversation(cache, 'h1')!;
    expect(whole.messages).toHaveLength(TOTAL);
    expect(whole.earlier).toBeUndefined();
  });

  it('walks back page by page to the first message, each page in order, none twice, none left out', () => {
    const cache = setup();
    const first = deskConversation(cache, 'h1', 200)!;
    let shown = ids(first.messages);
    let earlier = first.earlier ?? 0;
    let pages = 0;
    while (earlier > 0) {
      const page = cache.messagesBefore('h1', shown[0]!, 500)!;
      expect(page.earlier).toBe(earlier - page.messages.length);
      shown = [...ids(page.messages), ...shown];
      earlier = page.earlier;
      pages++;
    }
    expect(pages).toBe(3);
    expect(shown).toEqual(Array.from({ length: TOTAL }, (_, i) => `m${i + 1}`));
    expect(cache.messagesBefore('h1', 'm1', 500)).toEqual({ messages: [], earlier: 0 });
  });

  it('keeps unsent replies after the newest page, and refuses a message id the conversation does not hold', () => {
    const cache = setup();
    cache.enqueueReply({ clientMessageId: 'cm-1', handoffId: 'h1', text: 'On my way', createdAt: '2026-01-02T00:00:00.000Z' });
    const page = deskConversation(cache, 'h1', 10)!;
    expect(page.messages).toHaveLength(11);
    expect(page.messages.at(-1)).toMatchObject({ text: 'On my way', pending: true });
    expect(page.earlier).toBe(TOTAL - 10);
    expect(cache.messagesBefore('h1', 'no-such-message', 10)).toBeUndefined();
  });
});
