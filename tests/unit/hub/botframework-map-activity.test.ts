import { describe, expect, it } from 'vitest';
import { handoffRequestSchema } from '../../../src/shared/domain/handoff';
import { handoffStatusActivity, mapHandoffInitiation } from '../../../src/hub/botframework/map-activity';

const user = { id: 'user-7f3a', name: 'Dana Whitfield', role: 'user' };
const bot = { id: 'shopbot@v2', name: 'ShopBot', role: 'bot' };
const conversation = { id: 'a0Hk3Fz9-webchat', conversationType: 'personal' };

function message(fromAccount: object, toAccount: object, text: string, timestamp: string, extra: object = {}) {
  return { type: 'message', id: `m-${timestamp}`, timestamp, channelId: 'webchat', from: fromAccount, recipient: toAccount, conversation, text, ...extra };
}

/** What a Node botbuilder bot puts on the wire: createHandoffInitiation, then sendActivity applies the reference. */
function nodeBotActivity(overrides: Record<string, unknown> = {}) {
  return {
    type: 'event',
    name: 'handoff.initiate',
    id: '6f1c2a7e-5b0b-4a43-9d2d-0c1d8f2f9a10',
    timestamp: '2026-11-24T09:14:03.512Z',
    localTimezone: 'Europe/London',
    channelId: 'webchat',
    serviceUrl: 'https://webchat.botframework.com/',
    from: bot,
    recipient: user,
    conversation,
    replyToId: 'm-2026-11-24T09:13:58.000Z',
    relatesTo: { activityId: 'm-2026-11-24T09:13:58.000Z', user, bot, conversation, channelId: 'webchat', serviceUrl: 'https://webchat.botframework.com/' },
    value: {
      skill: 'billing',
      queue: 'billing',
      reason: 'Customer disputes a double charge on order 88213',
      summary: 'Customer was charged twice (2 x 64.90 EUR) for order 88213 and wants one charge refunded.',
      customer: { tier: 'standard', email: 'dana.w@example.com', language: 'en-GB' },
      intent: { name: 'billing_dispute', score: 0.91 },
      crm: {
        accountType: 'personal',
        customerSince: '2021-05-02T10:00:00Z',
        orders: [{ id: '88213', status: 'delivered', total: 64.9, currency: 'EUR' }],
        attributes: { lifetimeOrders: 14, newsletter: true },
      },
      callbackUrl: 'https://bot.example.com/api/handoff-status',
    },
    attachments: [
      {
        contentType: 'application/json',
        name: 'Transcript',
        content: {
          activities: [
            { type: 'conversationUpdate', membersAdded: [user], from: user, recipient: bot, timestamp: '2026-11-24T09:12:00.000Z' },
            message(bot, user, 'Hi Dana! How can I help you today?', '2026-11-24T09:12:01.000Z'),
            { type: 'typing', from: user, recipient: bot, timestamp: '2026-11-24T09:12:20.000Z' },
            message(user, bot, 'I was charged twice for my last order', '2026-11-24T09:12:31.000Z'),
            message(bot, user, 'I can see order 88213. Refunds take 5-7 business days after the return arrives.', '2026-11-24T09:12:33.000Z'),
            message(user, bot, "That's not what I asked. There are two identical charges on my card.", '2026-11-24T09:13:58.000Z'),
          ],
        },
      },
    ],
    entities: [],
    ...overrides,
  };
}

describe('mapHandoffInitiation', () => {
  it('maps a Node botbuilder handoff.initiate event to a valid hand-off request', () => {
    const result = mapHandoffInitiation(nodeBotActivity());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { request, callbackUrl } = result.value;
    expect(handoffRequestSchema.safeParse(request).success).toBe(true);
    expect(request.conversationId).toBe('a0Hk3Fz9-webchat');
    expect(request.customer).toEqual({ id: 'user-7f3a', name: 'Dana Whitfield', email: 'dana.w@example.com', tier: 'standard', language: 'en-GB' });
    expect(request.transcript).toEqual([
      { role: 'bot', text: 'Hi Dana! How can I help you today?', at: '2026-11-24T09:12:01.000Z' },
      { role: 'customer', text: 'I was charged twice for my last order', at: '2026-11-24T09:12:31.000Z' },
      { role: 'bot', text: 'I can see order 88213. Refunds take 5-7 business days after the return arrives.', at: '2026-11-24T09:12:33.000Z' },
      { role: 'customer', text: "That's not what I asked. There are two identical charges on my card.", at: '2026-11-24T09:13:58.000Z' },
    ]);
    expect(request.reason).toEqual({ trigger: 'other', detail: 'Customer disputes a double charge on order 88213' });
    expect(request.intent).toEqual({ name: 'billing_dispute', confidence: 0.91 });
    expect(request.queue).toBe('billing');
    expect(request.skills).toEqual(['billing']);
    expect(request.summary).toContain('charged twice');
    expect(request.crm?.orders?.[0]).toMatchObject({ id: '88213', total: 64.9 });
    expect(request.crm?.attributes).toEqual({ lifetimeOrders: 14, newsletter: true });
    expect(callbackUrl).toBe('https://bot.example.com/api/handoff-status');
    expect(request.callbackUrl).toBeUndefined();
  });

  it('reads a .NET bot: PascalCase context, "transcript.json" with a JSON string, no roles (sides told apart by ids)', () => {
    const dotnetUser = { id: '29:1abc', name: 'Ken' };
    const dotnetBot = { id: '28:bot-app-id', name: 'ContosoBot' };
    const activity = {
      type: 'event',
      name: 'handoff.initiate',
      conversation: { id: 'a:1xyz' },
      from: dotnetUser, // EventFactory copies `from` from the user's message
      value: { Skill: 'tech', Reason: { Trigger: 'customer_request', Detail: 'Customer typed "agent"' }, Customer: { Tier: 'Gold' } },
      attachments: [
        {
          contentType: 'application/vnd.contoso.transcript',
          name: 'transcript.JSON',
          content: JSON.stringify({
            Activities: [
              { type: 'message', from: dotnetUser, recipient: dotnetBot, text: 'my router keeps dropping', timestamp: '2026-11-24T08:00:00.1234567+01:00' },
              { type: 'message', from: dotnetBot, recipient: dotnetUser, text: 'Have you tried restarting it?', timestamp: '2026-11-24T08:00:02+01:00' },
              { type: 'message', from: dotnetUser, recipient: dotnetBot, text: 'agent', timestamp: '2026-11-24T08:00:30+01:00' },
            ],
          }),
        },
      ],
    };
    const result = mapHandoffInitiation(activity);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { request } = result.value;
    expect(request.customer).toEqual({ id: '29:1abc', name: 'Ken', tier: 'Gold' });
    expect(request.transcript.map((t) => t.role)).toEqual(['customer', 'bot', 'customer']);
    expect(request.transcript[0]?.at).toBe('2026-11-24T07:00:00.123Z');
    expect(request.reason).toEqual({ trigger: 'customer_request', detail: 'Customer typed "agent"' });
    expect(request.skills).toEqual(['tech']);
    expect(result.value.callbackUrl).toBeUndefined();
  });

  it('finds the customer in the transcript when the event names only the bot', () => {
    const result = mapHandoffInitiation({
      type: 'event',
      name: 'handoff.initiate',
      from: bot,
      conversation: { id: 'c-only-bot' },
      attachments: [{ name: 'Transcript', content: { activities: [message(bot, user, 'Hi!', '2026-11-24T09:00:00Z'), message(user, bot, 'agent please', '2026-11-24T09:00:05Z')] } }],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.request.customer).toEqual({ id: 'user-7f3a', name: 'Dana Whitfield' });
    expect(result.value.request.transcript.map((t) => t.role)).toEqual(['bot', 'customer']);
  });

  it('maps common reason words to triggers and keeps the text as detail', () => {
    const mapped = (reason: unknown) => {
      const r = mapHandoffInitiation(nodeBotActivity({ value: { reason } }));
      return r.ok ? r.value.request.reason : undefined;
    };
    expect(mapped('frustration')).toEqual({ trigger: 'sentiment', detail: 'frustration' });
    expect(mapped('low_confidence')).toEqual({ trigger: 'low_confidence', detail: 'low_confidence' });
    expect(mapped({ type: 'vip', message: 'Platinum member' })).toEqual({ trigger: 'vip', detail: 'Platinum member' });
    expect(mapped(undefined)).toEqual({ trigger: 'other' });
  });

  it('ignores unknown attachments and non-message activities, and notes attachments customers sent', () => {
    const activity = nodeBotActivity({
      attachments: [
        { contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', body: [] } },
        { contentType: 'image/png', contentUrl: 'https://example.com/x.png', name: 'screenshot.png' },
        {
          name: 'Transcript',
          content: { activities: [message(user, bot, '', '2026-11-24T09:12:31.000Z', { attachments: [{ contentType: 'image/jpeg', name: 'damaged-box.jpg' }] })] },
        },
      ],
    });
    const result = mapHandoffInitiation(activity);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.request.transcript).toEqual([{ role: 'customer', text: '[sent an attachment: damaged-box.jpg]', at: '2026-11-24T09:12:31.000Z' }]);
  });

  it('reads a context that arrived as a JSON string, and plain text as the reason', () => {
    const fromJson = mapHandoffInitiation(nodeBotActivity({ value: JSON.stringify({ queue: 'orders', reason: 'frustration' }) }));
    expect(fromJson.ok && fromJson.value.request.queue).toBe('orders');
    expect(fromJson.ok && fromJson.value.request.reason.trigger).toBe('sentiment');
    const plain = mapHandoffInitiation(nodeBotActivity({ value: 'Customer wants to dispute a charge' }));
    expect(plain.ok && plain.value.request.reason).toEqual({ trigger: 'other', detail: 'Customer wants to dispute a charge' });
  });

  it('accepts a hand-off without any transcript', () => {
    const result = mapHandoffInitiation(nodeBotActivity({ attachments: [] }));
    expect(result.ok && result.value.request.transcript).toEqual([]);
  });

  it('drops context fields it cannot use instead of rejecting the hand-off', () => {
    const result = mapHandoffInitiation(
      nodeBotActivity({
        value: { sentiment: 7, intent: { name: 'x', confidence: 3 }, crm: { orders: 'none', accountType: 'business' }, callbackUrl: 'ftp://nope', customer: { phone: 'x'.repeat(80) } },
      }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.request.sentiment).toBeUndefined();
    expect(result.value.request.intent).toEqual({ name: 'x' });
    expect(result.value.request.crm).toEqual({ accountType: 'business' });
    expect(result.value.request.customer.phone).toBeUndefined();
    expect(result.value.callbackUrl).toBeUndefined();
  });

  it('rejects what is not a handoff.initiate event, naming the bad fields', () => {
    const wrong = mapHandoffInitiation({ type: 'message', name: 'handoff.status', conversation: {} });
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) {
      expect(wrong.error.code).toBe('invalid');
      expect(wrong.error.issues?.map((i) => i.path)).toEqual(expect.arrayContaining(['type', 'name', 'conversation.id']));
    }
    for (const junk of [null, 'handoff.initiate', 42, []]) expect(mapHandoffInitiation(junk).ok).toBe(false);
  });

  it('rejects a hand-off that names no customer, pointing at from.id', () => {
    const result = mapHandoffInitiation({ type: 'event', name: 'handoff.initiate', conversation: { id: 'c-1' }, value: {} });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.issues?.[0]?.path).toBe('from.id');
  });

  it('rejects a Transcript attachment whose content has no activities', () => {
    const result = mapHandoffInitiation(nodeBotActivity({ attachments: [{ name: 'Transcript', content: '{not json' }] }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.issues?.[0]?.path).toBe('attachments.0.content');
  });
});

describe('handoffStatusActivity', () => {
  it('builds the handoff.status event createHandoffStatus would send', () => {
    const at = new Date('2026-11-24T09:20:00.000Z');
    expect(handoffStatusActivity({ conversationId: 'a0Hk3Fz9-webchat', state: 'accepted', at })).toEqual({
      type: 'event',
      name: 'handoff.status',
      value: { state: 'accepted' },
      conversation: { id: 'a0Hk3Fz9-webchat' },
      timestamp: '2026-11-24T09:20:00.000Z',
      attachments: [],
      entities: [],
    });
    expect(handoffStatusActivity({ conversationId: 'c', state: 'failed', message: 'No agent accepted within 10 minutes', at }).value).toEqual({
      state: 'failed',
      message: 'No agent accepted within 10 minutes',
    });
  });
});
