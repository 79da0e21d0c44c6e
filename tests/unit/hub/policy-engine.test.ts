import { describe, expect, it } from 'vitest';
import {
  createPolicyEngine,
  defaultPolicyConfig,
  evaluatePolicyRequest,
  parsePolicyConfig,
  policyEvaluateRequestSchema,
  type PolicyEngine,
} from '../../../src/hub/policy/policy-engine';
import { detectHumanRequest } from '../../../src/hub/policy/human-request';
import { turnSentiment } from '../../../src/hub/policy/frustration';

let seq = 0;
const customerSays = (engine: PolicyEngine, text: string, extra: { conversationId?: string; tier?: string; intent?: { name: string; confidence?: number } } = {}) =>
  engine.evaluate({
    conversationId: extra.conversationId ?? `conv-${++seq}`,
    customer: extra.tier ? { id: 'cust-1', tier: extra.tier } : { id: 'cust-1' },
    turn: { role: 'customer', text },
    ...(extra.intent ? { intent: extra.intent } : {}),
  });
const botSays = (engine: PolicyEngine, conversationId: string, text: string) =>
  engine.evaluate({ conversationId, customer: { id: 'cust-1' }, turn: { role: 'bot', text } });

describe('explicit request for a human', () => {
  const asks = [
    'I want a human',
    'let me talk to a real person',
    'agent please',
    'Representative.',
    'can I speak to someone?',
    'OPERATOR!!!',
    "I'd like to speak with a representative please",
    'Is there a human I can talk to?',
    'Can you transfer me to an agent?',
    'get me someone who knows what they are doing',
    'I need to speak to your manager',
    'real person please',
    'Stop. Connect me with customer service',
    'live agent',
    'How do I talk to a person?',
    "Please, I just want to chat with an actual human being",
    'no more bots',
    "I'm sick of this bot",
    "I don't want to talk to a robot",
    'This is useless, give me a real one',
    'transfer me',
    'Can a human help me?',
    'I need help from a real person',
    'Is there someone I can talk to?',
    'Can I get a real person on the phone?',
    'How can I reach customer service by phone?',
    // typos and shouting
    'i want a humna',
    'let me speak to an agnet',
    'REPRESENTITIVE please',
    'can i tlak to someone',
    'HUMAN PLEASE',
  ];
  it.each(asks)('recognizes "%s"', (text) => {
    const decision = customerSays(createPolicyEngine(), text);
    expect(decision.handoff).toBe(true);
    expect(decision.reason?.trigger).toBe('customer_request');
    expect(decision.reason?.detail).toMatch(/^Customer asked for a human \(".+"\)\.$/);
  });

  const mentions = [
    'the human resources department sent me this',
    "is this a person's name field",
    'I need to talk to human resources about my payslip',
    "I don't need a human, just tell me my balance",
    'My package was left with someone else',
    'Are you a human?',
    'I want to know if an agent has looked at my case',
    'Your agent told me the refund was processed',
    "I'm not a robot",
    'I need the name of the person who signed for it',
    'I want to manage my subscription',
    'I managed to log in, thanks',
    'Where is my order?',
    'I spoke with an agent yesterday',
    'Can the person who delivered it call me?',
    'Can anyone tell me where my order is?',
    'I need help with my order',
    'Can you help me?',
    'Is there an agent discount for teachers?',
    'I need the staff number printed on my receipt',
  ];
  it.each(mentions)('does not mistake "%s" for a request', (text) => {
    expect(detectHumanRequest(text)).toBeUndefined();
    expect(customerSays(createPolicyEngine(), text).reason?.trigger).not.toBe('customer_request');
  });

  it('only listens to the customer, not to the bot offering an agent', () => {
    const engine = createPolicyEngine();
    const decision = botSays(engine, 'c-bot', 'Would you like me to connect you with an agent?');
    expect(decision.handoff).toBe(false);
  });

  it('accepts deployment-specific phrases from the config', () => {
    const engine = createPolicyEngine({ extraHumanRequestPhrases: ['put me through to stores'] });
    expect(customerSays(engine, 'Please put me through to Stores!').reason?.trigger).toBe('customer_request');
    expect(customerSays(createPolicyEngine(), 'Please put me through to Stores!').handoff).toBe(false);
  });
});

describe('frustration (VADER sentiment of recent customer turns)', () => {
  const mild = [
    'Hi, where is my order? It was supposed to arrive on Monday.',
    "It's been a week and it still hasn't arrived",
    'This is getting annoying',
    'Why is this so hard?',
  ];

  it('builds up over several mildly negative turns', () => {
    const engine = createPolicyEngine();
    const decisions = mild.map((text) => customerSays(engine, text, { conversationId: 'slow-burn' }));
    expect(decisions.slice(0, 3).every((d) => !d.handoff)).toBe(true);
    const last = decisions[3];
    expect(last?.handoff).toBe(true);
    expect(last?.reason?.trigger).toBe('sentiment');
    expect(last?.reason?.detail).toMatch(/Frustration built up over the last 4 customer turns/);
    expect(last?.sentiment).toBeLessThan(0);
  });

  it('does not hand off on any one of those turns alone', () => {
    for (const text of mild) expect(customerSays(createPolicyEngine(), text).handoff).toBe(false);
  });

  it('hands off at once on a strongly negative message', () => {
    const decision = customerSays(createPolicyEngine(), 'I hate this, worst service ever');
    expect(decision).toMatchObject({ handoff: true, reason: { trigger: 'sentiment' } });
    expect(decision.reason?.detail).toMatch(/strongly negative/);
  });

  it('lets a satisfied turn calm things down again', () => {
    const engine = createPolicyEngine();
    for (const text of mild.slice(0, 3)) customerSays(engine, text, { conversationId: 'calmed' });
    customerSays(engine, 'Oh great, thanks, that helps a lot!', { conversationId: 'calmed' });
    expect(customerSays(engine, 'Why is this so hard?', { conversationId: 'calmed' }).handoff).toBe(false);
  });

  it('counts what VADER misses in support chats ("still hasn\'t arrived", "waste of time")', () => {
    expect(turnSentiment("It's been a week and it still hasn't arrived")).toBeLessThan(0);
    expect(turnSentiment('Honestly this is a waste of time')).toBeLessThan(0);
    expect(turnSentiment('Thanks, that helps a lot')).toBeGreaterThan(0.3);
  });

  it('reports the recency-weighted average sentiment on every decision', () => {
    const engine = createPolicyEngine();
    expect(botSays(engine, 'fresh', 'Hello! How can I help?').sentiment).toBe(0);
    const happy = customerSays(engine, 'Thanks so much, great service!', { conversationId: 'fresh' });
    expect(happy.sentiment).toBeGreaterThan(0.5);
    expect(happy.sentiment).toBeLessThanOrEqual(1);
  });
});

describe('tier, intent and confidence triggers', () => {
  it('hands VIP customers to a human, matching the tier case-insensitively', () => {
    const decision = customerSays(createPolicyEngine(), 'Hi, I have a question about my order', { tier: 'Gold' });
    expect(decision).toMatchObject({ handoff: true, reason: { trigger: 'vip' } });
    expect(decision.reason?.detail).toContain('"Gold"');
    expect(customerSays(createPolicyEngine(), 'Hi, I have a question about my order', { tier: 'standard' }).handoff).toBe(false);
  });

  it('hands off intents on the complexity list', () => {
    const decision = customerSays(createPolicyEngine(), 'I was charged twice for the same order', { intent: { name: 'billing_dispute', confidence: 0.93 } });
    expect(decision).toMatchObject({ handoff: true, reason: { trigger: 'complexity' } });
    expect(decision.reason?.detail).toContain('billing_dispute');
    expect(customerSays(createPolicyEngine(), 'Where is my order?', { intent: { name: 'order_status', confidence: 0.93 } }).handoff).toBe(false);
  });

  it('hands off when the intent confidence is under the limit', () => {
    const decision = customerSays(createPolicyEngine(), 'my thing from the place is wrong', { intent: { name: 'order_status', confidence: 0.31 } });
    expect(decision).toMatchObject({ handoff: true, reason: { trigger: 'low_confidence' } });
    expect(decision.reason?.detail).toMatch(/0\.31, under 0\.5/);
  });
});

describe('repeated failed answers', () => {
  it('hands off after two bot fallbacks in one conversation', () => {
    const engine = createPolicyEngine();
    const id = 'fallbacks';
    customerSays(engine, 'My promo code SPRING is rejected at checkout', { conversationId: id });
    expect(botSays(engine, id, "Sorry, I didn't understand that. Could you rephrase?").handoff).toBe(false);
    customerSays(engine, 'The discount code does not apply at checkout', { conversationId: id });
    const decision = botSays(engine, id, "I'm not sure I can help with that.");
    expect(decision).toMatchObject({ handoff: true, reason: { trigger: 'policy' } });
    expect(decision.reason?.detail).toMatch(/Repeated failed answers: 2 \(bot could not answer 2x\)/);
  });

  it('counts the customer saying the answer missed and the customer repeating themselves', () => {
    const engine = createPolicyEngine();
    const id = 'missed';
    customerSays(engine, 'How do I change the delivery address on order 5521?', { conversationId: id });
    botSays(engine, id, 'You can track your order in the app under My Orders.');
    expect(customerSays(engine, "That's not what I asked", { conversationId: id }).handoff).toBe(false);
    botSays(engine, id, 'Orders usually arrive in 3-5 business days.');
    const decision = customerSays(engine, 'how do I change the delivery address on order 5521', { conversationId: id });
    expect(decision).toMatchObject({ handoff: true, reason: { trigger: 'policy' } });
    expect(decision.reason?.detail).toContain('customer said the answer missed 1x');
    expect(decision.reason?.detail).toContain('customer repeated themselves 1x');
  });

  it('treats "No, that\'s wrong" as a missed answer, not as fury', () => {
    const engine = createPolicyEngine();
    expect(customerSays(engine, "No, that's wrong", { conversationId: 'wrong' }).handoff).toBe(false);
    const decision = botSays(engine, 'wrong', "Sorry, I didn't get that.");
    expect(decision).toMatchObject({ handoff: true, reason: { trigger: 'policy' } });
    expect(decision.reason?.detail).toContain('customer said the answer missed 1x');
  });

  it('does not count ordinary bot answers as failures', () => {
    const engine = createPolicyEngine();
    for (let i = 0; i < 5; i++) expect(botSays(engine, 'fine', 'Your order 5521 was shipped today and arrives Thursday.').handoff).toBe(false);
  });
});

describe('precedence and configuration', () => {
  it('puts an explicit request before VIP, VIP before sentiment, sentiment before complexity', () => {
    const angryVipDispute = { tier: 'vip', intent: { name: 'billing_dispute', confidence: 0.2 } };
    expect(customerSays(createPolicyEngine(), 'This is awful, I hate this, get me a human', angryVipDispute).reason?.trigger).toBe('customer_request');
    expect(customerSays(createPolicyEngine(), 'This is awful, I hate this', angryVipDispute).reason?.trigger).toBe('vip');
    expect(customerSays(createPolicyEngine(), 'This is awful, I hate this', { intent: angryVipDispute.intent }).reason?.trigger).toBe('sentiment');
    expect(customerSays(createPolicyEngine(), 'I was charged for this order', { intent: angryVipDispute.intent }).reason?.trigger).toBe('complexity');
  });

  it('switches triggers off and changes lists and limits from the config', () => {
    const engine = createPolicyEngine({ disabledTriggers: ['customer_request', 'vip'], complexIntents: ['order_status'], minIntentConfidence: 0.9 });
    expect(customerSays(engine, 'agent please', { tier: 'vip' }).handoff).toBe(false);
    expect(customerSays(engine, 'Where is my order?', { intent: { name: 'ORDER_STATUS' } }).reason?.trigger).toBe('complexity');
    expect(customerSays(engine, 'Where is my parcel?', { intent: { name: 'delivery', confidence: 0.85 } }).reason?.trigger).toBe('low_confidence');
    expect(customerSays(engine, 'I was charged twice', { intent: { name: 'billing_dispute', confidence: 0.95 } }).handoff).toBe(false);
  });

  it('waits for more failures when maxFailedAnswers is raised and hands off sooner with a laxer frustration limit', () => {
    const patient = createPolicyEngine({ maxFailedAnswers: 3 });
    botSays(patient, 'p', "Sorry, I didn't understand.");
    expect(botSays(patient, 'p', "Sorry, I didn't understand.").handoff).toBe(false);
    expect(botSays(patient, 'p', "Sorry, I didn't understand.").handoff).toBe(true);

    const touchy = createPolicyEngine({ frustrationThreshold: -0.3 });
    expect(customerSays(touchy, 'This is getting annoying').reason?.trigger).toBe('sentiment');
    expect(customerSays(createPolicyEngine(), 'This is getting annoying').handoff).toBe(false);
  });

  it('keeps the defaults when given no config', () => {
    expect(createPolicyEngine().config).toEqual(defaultPolicyConfig);
  });
});

describe('bounded memory', () => {
  it('forgets the least recently used conversation beyond maxConversations', () => {
    const engine = createPolicyEngine({}, { maxConversations: 2 });
    botSays(engine, 'a', "Sorry, I didn't understand.");
    botSays(engine, 'b', "Sorry, I didn't understand.");
    botSays(engine, 'a', 'Here is your tracking link.'); // 'a' is now the most recently used
    botSays(engine, 'c', 'Hello!'); // evicts 'b'
    expect(engine.size()).toBe(2);
    expect(botSays(engine, 'a', "Sorry, I didn't understand.").handoff).toBe(true); // 'a' kept its first failure
    expect(botSays(engine, 'b', "Sorry, I didn't understand.").handoff).toBe(false); // 'b' started over
  });

  it('forgets a conversation after the TTL since its last turn', () => {
    let t = 0;
    const engine = createPolicyEngine({}, { ttlMs: 60_000, now: () => t });
    botSays(engine, 'x', "Sorry, I didn't understand.");
    t += 59_000;
    botSays(engine, 'y', 'Hello!');
    expect(engine.size()).toBe(2);
    t += 2_000; // 'x' idle 61 s, 'y' idle 2 s
    expect(engine.size()).toBe(1);
    expect(botSays(engine, 'x', "Sorry, I didn't understand.").handoff).toBe(false);
  });

  it('never holds more than maxConversations, however many arrive', () => {
    const engine = createPolicyEngine({}, { maxConversations: 50 });
    for (let i = 0; i < 1_000; i++) botSays(engine, `conv-${i}`, 'Hello!');
    expect(engine.size()).toBe(50);
  });

  it('restarts the TTL on every turn, so a conversation that keeps talking is never forgotten', () => {
    let t = 1_000_000;
    const engine = createPolicyEngine({}, { ttlMs: 60_000, now: () => t });
    botSays(engine, 'busy', "Sorry, I didn't understand."); // one failed answer remembered
    for (let i = 0; i < 5; i++) {
      t += 50_000; // each turn comes inside the TTL, 250 s in all
      botSays(engine, 'busy', 'Here is your tracking link.');
    }
    expect(engine.size()).toBe(1);
    expect(botSays(engine, 'busy', "Sorry, I didn't understand.").handoff).toBe(true); // the first failure was kept
  });

  it('keeps the bound and the TTL together: the newest max conversations stay, then all expire', () => {
    let t = 0;
    const engine = createPolicyEngine({}, { maxConversations: 3, ttlMs: 10_000, now: () => t });
    for (const id of ['a', 'b', 'c', 'd', 'e']) {
      botSays(engine, id, "Sorry, I didn't understand.");
      t += 1_000;
      expect(engine.size()).toBeLessThanOrEqual(3);
    }
    expect(engine.size()).toBe(3);
    expect(botSays(engine, 'e', "Sorry, I didn't understand.").handoff).toBe(true); // 'e' kept its failure
    expect(botSays(engine, 'a', "Sorry, I didn't understand.").handoff).toBe(false); // 'a' was the least recently used
    t += 10_001; // every conversation idle for longer than the TTL
    expect(engine.size()).toBe(0);
  });

  it('forget() drops a conversation on demand', () => {
    const engine = createPolicyEngine();
    botSays(engine, 'done', "Sorry, I didn't understand.");
    engine.forget('done');
    expect(engine.size()).toBe(0);
    expect(botSays(engine, 'done', "Sorry, I didn't understand.").handoff).toBe(false);
  });
});

describe('request validation', () => {
  it('accepts the PRODUCT.md body and rejects a bad one with the field names', () => {
    const engine = createPolicyEngine();
    const good = { conversationId: 'c-9', customer: { id: 'u-9', tier: 'standard' }, turn: { role: 'customer', text: 'agent please' }, intent: { name: 'other', confidence: 0.9 } };
    expect(policyEvaluateRequestSchema.safeParse(good).success).toBe(true);
    const decided = evaluatePolicyRequest(engine, good);
    expect(decided.ok && decided.value.reason?.trigger).toBe('customer_request');

    const bad = evaluatePolicyRequest(engine, { conversationId: '', customer: {}, turn: { role: 'agent', text: 3 } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('invalid');
      const paths = bad.error.issues?.map((i) => i.path) ?? [];
      expect(paths).toEqual(expect.arrayContaining(['conversationId', 'customer.id', 'turn.role', 'turn.text']));
    }
  });
});

describe('policy configuration parsing', () => {
  it('accepts a partial config and names bad or unknown fields', () => {
    const good = parsePolicyConfig({ vipTiers: ['gold'], maxFailedAnswers: 3, disabledTriggers: ['vip'] });
    expect(good).toEqual({ ok: true, value: { vipTiers: ['gold'], maxFailedAnswers: 3, disabledTriggers: ['vip'] } });
    const bad = parsePolicyConfig({ minIntentConfidence: 2, disabledTriggers: ['everything'], vipTeirs: [] });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.issues?.map((i) => i.path)).toEqual(expect.arrayContaining(['minIntentConfidence', 'disabledTriggers.0']));
  });

  it('keeps a default when a field is given as undefined', () => {
    const engine = createPolicyEngine({ maxFailedAnswers: undefined });
    expect(engine.config.maxFailedAnswers).toBe(defaultPolicyConfig.maxFailedAnswers);
  });
});
