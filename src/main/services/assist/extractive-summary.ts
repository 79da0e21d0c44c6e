// The offline summary: the customer's own most informative sentences (1–3, in the order they said them), the
// key CRM fact, and a recommended next step taken from the top next-best action. Extractive on purpose: it never
// puts words in the customer's mouth.
import type { Suggestion, SummaryView } from '../../../shared/domain/assist';
import type { ConversationView } from '../../../shared/domain/conversation';
import type { ConversationFacts } from './conversation-facts';
import { formatDay } from './conversation-facts';
import { textMood } from './customer-mood';
import type { DetectedIntent } from './detect-intent';
import { INTENT_LABELS, detectIntents } from './detect-intent';
import { EMPATHY_TITLE } from './next-best-actions';

const MAX_SENTENCES = 3;

export function extractiveSummary(
  conversation: ConversationView,
  facts: ConversationFacts,
  intents: DetectedIntent[],
  actions: Suggestion[],
): SummaryView {
  const top = intents[0];
  const recommendedAction = recommend(actions);
  if (conversation.summary?.trim()) {
    return {
      handoffId: conversation.handoffId,
      summary: conversation.summary.trim(),
      recommendedAction: conversation.recommendedAction?.trim() || recommendedAction,
      intent: conversation.intent?.name ?? top?.name,
      source: 'bot',
    };
  }
  const sentences = pickSentences(facts, intents);
  const parts: string[] = [];
  const who = facts.isVip ? `${capitalise(facts.tier ?? 'VIP')} customer` : 'Customer';
  parts.push(top ? `${INTENT_LABELS[top.name]}.` : 'No clear request yet.');
  if (sentences.length > 0) parts.push(`${who} says: ${sentences.map((s) => `"${s}"`).join(' ')}`);
  const order = facts.order;
  if (order) {
    const status = order.status ?? 'status unknown';
    const when = order.deliveredAt
      ? /delivered/i.test(status)
        ? ` ${formatDay(order.deliveredAt, facts.now)}`
        : `, delivered ${formatDay(order.deliveredAt, facts.now)}`
      : order.placedAt
        ? `, placed ${formatDay(order.placedAt, facts.now)}`
        : '';
    parts.push(`Order ${order.id}: ${status}${when}.`);
  }
  return {
    handoffId: conversation.handoffId,
    summary: parts.join(' '),
    recommendedAction,
    intent: top?.name ?? conversation.intent?.name,
    source: 'offline',
  };
}

/** Scores every customer sentence; keeps the best 1–3 that carry real information, in conversation order. */
export function pickSentences(facts: ConversationFacts, intents: DetectedIntent[]): string[] {
  const topNames = new Set(intents.slice(0, 2).map((i) => i.name));
  const orderIds = facts.mentionedOrderIds;
  const scored = facts.customerTexts
    .flatMap((text) => text.split(/(?<=[.!?])\s+|\n+/))
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((sentence, index) => {
      const words = sentence.split(/\s+/).length;
      let score = 0;
      for (const intent of detectIntents([sentence])) if (topNames.has(intent.name)) score += intent.score;
      if (/\d{3,}/.test(sentence)) score += 1.5;
      if (orderIds.some((id) => sentence.includes(id))) score += 2;
      if (/[€$£]\s?\d|\d\s?(EUR|USD|GBP)/.test(sentence)) score += 1;
      if (textMood(sentence) <= -0.3) score += 1;
      if (words < 4) score -= 2;
      if (/^(hi|hello|hey|thanks|thank you|ok|okay|yes|no)\b[\s,!.]*$/i.test(sentence)) score -= 3;
      return { sentence: words > 60 ? `${sentence.split(/\s+/).slice(0, 60).join(' ')}...` : sentence, score, index };
    })
    .filter((s) => s.score > 0);
  const best = Math.max(0, ...scored.map((s) => s.score));
  const seen = new Set<string>();
  return scored
    .filter((s) => s.score >= best * 0.4)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .filter((s) => (seen.has(s.sentence) ? false : (seen.add(s.sentence), true)))
    .slice(0, MAX_SENTENCES)
    .sort((a, b) => a.index - b.index)
    .map((s) => s.sentence);
}

/** The top action; when it is "empathise first", the concrete step behind it is what the agent must remember. */
function recommend(actions: Suggestion[]): string {
  const [first, second] = actions;
  if (!first) return 'Ask the customer what they need help with.';
  if (first.title === EMPATHY_TITLE && second) {
    return `Acknowledge the frustration, then ${second.title.charAt(0).toLowerCase()}${second.title.slice(1)}: ${second.reason}`;
  }
  return `${first.title}: ${first.reason}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The summary when no engine could write one: the bot's own summary if it sent one, else the hand-off reason. */
export function fallbackSummary(view: ConversationView): SummaryView {
  return {
    handoffId: view.handoffId,
    summary: view.summary ?? `${view.reason.trigger.replace(/_/g, ' ')} hand-off${view.reason.detail ? `: ${view.reason.detail}` : ''}.`,
    recommendedAction: view.recommendedAction ?? 'Read the transcript and greet the customer.',
    ...(view.intent ? { intent: view.intent.name } : {}),
    source: view.summary ? 'bot' : 'offline',
  };
}
