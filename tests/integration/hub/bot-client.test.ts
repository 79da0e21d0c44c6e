// The typed bot client against a real hub on loopback: a hand-off, a customer message that is not stored twice
// when its key is reused, the customer token scoped to its own conversation, and events read over the SSE stream.
import { describe, expect, it } from 'vitest';
import { BOT_KEY, handoff, useHubCleanups } from './hub-harness';
import { BatonApiError, createBotClient } from '../../../src/bot-client';

const { hub: startHub } = useHubCleanups();

describe('bot client against the hub', () => {
  it('hands off, posts a customer message once per key, and streams the conversation with the customer token', async () => {
    const hub = await startHub();
    const bot = createBotClient({ hubUrl: hub.url, key: BOT_KEY });
    const answer = await bot.handOff(handoff('client-conv'));
    expect(answer.conversationId).toBe('client-conv');
    expect(typeof answer.customerToken).toBe('string');

    const first = await bot.postCustomerMessage('client-conv', 'Still there?', 'retry-key-1');
    const again = await bot.postCustomerMessage('client-conv', 'Still there?', 'retry-key-1');
    expect(again.id ?? again.messageId).toBe(first.id ?? first.messageId);

    const customer = createBotClient({ hubUrl: hub.url, key: String(answer.customerToken) });
    const ac = new AbortController();
    const seen: string[] = [];
    for await (const e of customer.events('client-conv', { signal: ac.signal })) {
      seen.push(e.type);
      // The first telling was written with the hand-off; the end arrives live over the open stream.
      if (e.type === 'expectation' && seen.length === 1) await customer.end('client-conv');
      if (e.type === 'conversation.ended') break;
    }
    ac.abort();
    expect(seen[0]).toBe('expectation');
    expect(seen.at(-1)).toBe('conversation.ended');
    expect(seen.filter((t) => t === 'conversation.ended')).toHaveLength(1);

    await bot.handOff(handoff('other-conv'));
    const refused = await customer.postCustomerMessage('other-conv', 'not mine').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BatonApiError);
    expect([401, 403, 404]).toContain((refused as BatonApiError).status);
  });
});
