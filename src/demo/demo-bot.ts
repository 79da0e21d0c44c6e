// The demo bot behind `npm start`: a small rule-based customer-service bot that uses the hub's public bot API
// through the typed bot client (src/bot-client), exactly as a real integration would. It answers a few questions
// itself, streams every customer turn to `POST /v1/policy/evaluate`, and hands off (`POST /v1/handoffs`) when
// the hub says so. The hand-off answer's customer token goes to the chat page, which opens the widget with it:
// from then on the browser talks to the hub itself, and the bot key never leaves this process.
import { randomUUID } from 'node:crypto';
import { createBotClient, type BotClient } from '../bot-client/index';
import type { Crm, HandoffRequest, TranscriptTurn } from '../shared/domain/handoff';

export interface DemoCustomer {
  id: string;
  name: string;
  email?: string;
  tier?: string;
  crm?: Crm;
}

interface BotSession {
  conversationId: string;
  customer: DemoCustomer;
  transcript: TranscriptTurn[];
  handedOff: boolean;
  lastIntent?: { name: string; confidence: number };
}

/** What the chat page shows: the bot's turns and, after the hand-off, the hub's customer events. */
export type ChatLine = { role: 'bot' | 'customer' | 'agent' | 'system'; text: string; at: string };

/** What the chat page needs to open the widget: never the bot key. */
export interface HandedOff {
  conversationId: string;
  customerToken: string;
}

const faq: { intent: string; words: RegExp; answer: string }[] = [
  { intent: 'order_status', words: /\b(where|track|tracking|status)\b.*\border\b|\border\b.*\b(where|status)\b/i, answer: 'I can help with that. Your latest order shows as shipped; you can follow it from the link in your confirmation email.' },
  { intent: 'return_policy', words: /\breturn(s|ing)?\b.*\b(policy|window|days)\b/i, answer: 'You can return most items within 30 days of delivery for a full refund. Would you like me to start a return?' },
  { intent: 'opening_hours', words: /\b(hours|open|opening)\b/i, answer: 'Our support team is here 8am–8pm, Monday to Saturday.' },
];

const intentWords: { intent: string; words: RegExp }[] = [
  { intent: 'billing_dispute', words: /\b(charged|charge|double|twice|dispute|refund)\b/i },
  { intent: 'late_delivery', words: /\b(late|hasn'?t arrived|not arrived|delayed|where is)\b/i },
  { intent: 'password_reset', words: /\b(password|log ?in|locked)\b/i },
];

export class DemoBot {
  private readonly sessions = new Map<string, BotSession>();
  private readonly hub: BotClient;

  constructor(hubUrl: string, botKey: string) {
    this.hub = createBotClient({ hubUrl, key: botKey, maxRetries: 3 });
  }

  start(customer: DemoCustomer): { conversationId: string; greeting: ChatLine } {
    const conversationId = `demo-${randomUUID().slice(0, 8)}`;
    const greeting = `Hi ${customer.name.split(' ')[0]}, I'm Baton's demo assistant. How can I help today?`;
    this.sessions.set(conversationId, {
      conversationId,
      customer,
      transcript: [{ role: 'bot', text: greeting, at: new Date().toISOString() }],
      handedOff: false,
    });
    return { conversationId, greeting: { role: 'bot', text: greeting, at: new Date().toISOString() } };
  }

  /** One customer turn: what the chat should show right away and, when the bot handed off, how to open the widget. */
  async onCustomerTurn(conversationId: string, text: string, clientMessageId: string): Promise<{ lines: ChatLine[]; handoff?: HandedOff }> {
    const session = this.sessions.get(conversationId);
    if (!session) throw new Error('Unknown conversation: start a new chat.');
    const now = new Date().toISOString();
    if (session.handedOff) {
      // A page without the widget can still relay through the bot.
      await this.hub.postCustomerMessage(conversationId, text, clientMessageId);
      return { lines: [] };
    }
    session.transcript.push({ role: 'customer', text, at: now });
    const matched = intentWords.find((i) => i.words.test(text));
    if (matched) session.lastIntent = { name: matched.intent, confidence: 0.55 };
    const decision = (await this.hub.evaluate({
      conversationId,
      customer: { id: session.customer.id, tier: session.customer.tier },
      turn: { role: 'customer', text },
      ...(session.lastIntent ? { intent: session.lastIntent } : {}),
    })) as { handoff: boolean; reason?: { trigger: HandoffRequest['reason']['trigger']; detail?: string }; sentiment?: number };

    if (decision.handoff && decision.reason) {
      session.handedOff = true;
      const request: HandoffRequest = {
        conversationId,
        customer: { id: session.customer.id, name: session.customer.name, email: session.customer.email, tier: session.customer.tier, language: 'en' },
        transcript: session.transcript,
        reason: decision.reason,
        intent: session.lastIntent,
        sentiment: decision.sentiment,
        crm: session.customer.crm,
        queue: queueFor(session.lastIntent?.name),
      };
      // The answer's customerMessage is also the first `expectation` event of the conversation's stream, which
      // the widget shows: the page does not repeat it.
      const answer = await this.hub.handOff(request);
      if (!answer.customerToken) throw new Error('The hub issued no customer token for this hand-off.');
      return { lines: [], handoff: { conversationId, customerToken: answer.customerToken } };
    }
    const reply = faq.find((f) => f.words.test(text))?.answer ?? "I'm not sure I can help with that yet. Could you tell me a bit more?";
    session.transcript.push({ role: 'bot', text: reply, at: new Date().toISOString() });
    return { lines: [{ role: 'bot', text: reply, at: new Date().toISOString() }] };
  }

  async end(conversationId: string): Promise<void> {
    if (this.sessions.get(conversationId)?.handedOff) await this.hub.end(conversationId);
  }
}

function queueFor(intent: string | undefined): string {
  if (intent === 'billing_dispute') return 'billing';
  if (intent === 'late_delivery') return 'orders';
  if (intent === 'password_reset') return 'tech';
  return 'general';
}
