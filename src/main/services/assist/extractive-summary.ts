// The offline summary: the customer's own most informative sentences (1–3, in the order they said them), the
// key CRM fact, and a recommended next step taken from the top next-best action. Extractive on purpose: it never
// puts words in the customer's mouth.
import type { KbArticle, Suggestion, SummaryView } from '../../../shared/domain/assist';
import type { ConversationView } from '../../../shared/domain/conversation';
import { tierLabel } from '../../../shared/domain/customer-tier';
import type { RequestView } from '../../../shared/domain/procedure';
import { requestTokens } from './request-retrieval';
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
  request?: RequestView,
  article?: KbArticle,
): SummaryView {
  const top = intents[0];
  const recommendedAction = recommend(actions);
  const intentName = request && !request.unclear && request.articleId ? request.articleId.replace(/^kb-/, '') : undefined;
  const stated = requestSentence(facts.customerTexts, request?.unclear ? undefined : article);
  if (request && stated) request.inTheirWords = stated;
  if (conversation.summary?.trim()) {
    return {
      handoffId: conversation.handoffId,
      summary: conversation.summary.trim(),
      recommendedAction: conversation.recommendedAction?.trim() || recommendedAction,
      intent: conversation.intent?.name ?? top?.name,
      source: 'bot',
    };
  }
  const sentences = [...new Set([...(stated ? [stated] : []), ...pickSentences(facts, intents)])].slice(0, MAX_SENTENCES);
  const parts: string[] = [];
  const who = facts.isVip ? `${facts.tier ? tierLabel(facts.tier) : 'VIP'} customer` : 'Customer';
  if (request) parts.push(request.unclear ? (stated ? 'Request not matched to a procedure yet.' : 'No clear request yet.') : `${request.label.replace(/[.?!]$/, '')}.`);
  else parts.push(top ? `${INTENT_LABELS[top.name]}.` : stated ? 'Request not matched to a procedure yet.' : 'No clear request yet.');
  if (sentences.length > 0) parts.push(`${who} says: ${quoteAll(sentences)}`);
  const order = facts.orderConfirmed ? facts.order : undefined;
  if (order) parts.push(orderLine(order, facts));
  return {
    handoffId: conversation.handoffId,
    summary: parts.join(' '),
    recommendedAction,
    intent: intentName ?? top?.name ?? conversation.intent?.name,
    source: 'offline',
  };
}

/** Quoted sentences, each closed by punctuation so a quote never runs into what follows. */
function quoteAll(sentences: string[]): string {
  return sentences.map((s) => (/[.?!…]$/.test(s) ? `"${s}"` : `"${s}".`)).join(' ');
}

/** One statement about the order, never two that disagree: the status the CRM gives, with the date that fits it. */
function orderLine(order: NonNullable<ConversationFacts['order']>, facts: ConversationFacts): string {
  const status = order.status?.trim();
  if (!status) {
    const when = order.deliveredAt ? `, delivery date ${formatDay(order.deliveredAt, facts.now)}` : order.placedAt ? `, placed ${formatDay(order.placedAt, facts.now)}` : '';
    return `Order ${order.id}: status not in the CRM data${when}.`;
  }
  const when =
    /delivered/i.test(status) && !/not|un/i.test(status) && order.deliveredAt
      ? ` ${formatDay(order.deliveredAt, facts.now)}`
      : order.placedAt
        ? `, placed ${formatDay(order.placedAt, facts.now)}`
        : '';
  return `Order ${order.id}: ${status}${when}.`;
}

const REQUEST_CUES = /\b(i want|i'd like|i would like|i need|can you|could you|can i|could i|how (do|can|long)|why|where|when|please|is it possible|help me|trying to|won't|doesn't|didn't|hasn't|haven't|never|still)\b|\?/i;

/**
 * The customer's own sentence that best states the request: it shares words with the matched article and sounds
 * like asking (a question, "I want", "can you"). Without a match, the most request-like sentence with substance.
 */
export function requestSentence(customerTexts: string[], article?: KbArticle): string | undefined {
  const vocabulary = new Set(article ? requestTokens([article.title, ...(article.askedAs ?? []), article.body].join(' ')) : []);
  let best: { sentence: string; score: number } | undefined;
  for (const text of customerTexts) {
    for (const raw of text.split(/(?<=[.!?])\s+|\n+/)) {
      const sentence = raw.trim();
      const words = sentence.split(/\s+/).length;
      if (words < 3 || /^(hi|hello|hey|thanks|thank you|ok|okay|yes|no)\b[\s,!.]*$/i.test(sentence)) continue;
      const tokens = requestTokens(sentence);
      if (tokens.length === 0) continue;
      let score = tokens.filter((t) => vocabulary.has(t)).length * 1.5;
      if (REQUEST_CUES.test(sentence)) score += 1.5;
      if (words < 5) score -= 1;
      if (score > (best?.score ?? 0)) best = { sentence: words > 40 ? `${sentence.split(/\s+/).slice(0, 40).join(' ')}...` : sentence, score };
    }
  }
  return best?.sentence;
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
