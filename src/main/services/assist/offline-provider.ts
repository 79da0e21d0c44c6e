// The built-in offline provider: the request matched against the knowledge base (rules as priors), the matched
// procedure's next step grounded in the hand-off's facts, no network. The default without a model key, and the
// fallback whenever the model endpoint fails. Deterministic and instant.
import type { AssistContext, AssistUpdate, KbArticle, KbHit, KbLookup, Suggestion, SummaryView } from '../../../shared/domain/assist';
import type { ConversationView } from '../../../shared/domain/conversation';
import { tierLabel } from '../../../shared/domain/customer-tier';
import type { FactName, ProcedureView, RequestView } from '../../../shared/domain/procedure';
import { FACT_NAMES } from '../../../shared/domain/procedure';
import type { ConversationFacts } from './conversation-facts';
import { knownFacts, readFacts } from './conversation-facts';
import { customerMood } from './customer-mood';
import type { DetectedIntent } from './detect-intent';
import { INTENT_KB_TERMS, INTENT_LABELS, detectIntents } from './detect-intent';
import { extractiveSummary } from './extractive-summary';
import { MAX_SUGGESTIONS, STRONGLY_NEGATIVE, nextBestActions } from './next-best-actions';
import { procedureActions } from './procedure-actions';
import type { Facts } from './procedure-tracker';
import { trackProcedure } from './procedure-tracker';
import type { RequestIndex, RequestMatch } from './request-retrieval';
import { buildRequestIndex, matchRequest, requestTokens } from './request-retrieval';
import { stableId } from './stable-id';

export interface OfflineAnalysis {
  intents: DetectedIntent[];
  mood: number;
  suggestions: Suggestion[];
  articles: KbHit[];
  summary: SummaryView;
  request: RequestView;
  procedure?: ProcedureView;
  /** Facts read from the hand-off, and the ones a step would need that it does not have. */
  known: Facts;
  unknown: FactName[];
}

export const ARTICLES_SHOWN = 3;

const indexes = new WeakMap<KbLookup, { revision: string; index: RequestIndex }>();

/** The request index over the whole knowledge base, rebuilt only when the knowledge base changes. */
function requestIndex(kb: KbLookup): RequestIndex | undefined {
  if (!kb.list) return undefined;
  try {
    const revision = kb.revision?.() ?? '';
    const cached = indexes.get(kb);
    if (cached && revision && cached.revision === revision) return cached.index;
    const index = buildRequestIndex(kb.list());
    indexes.set(kb, { revision, index });
    return index;
  } catch {
    return undefined;
  }
}

export function analyseOffline(conversation: ConversationView, kb: KbLookup, context: AssistContext = {}): OfflineAnalysis {
  const facts = readFacts(conversation);
  const intents = detectIntents(facts.customerTexts, conversation.intent);
  const mood = customerMood(facts.customerTexts, conversation.sentiment);
  const known = knownFacts(facts);
  const index = requestIndex(kb);

  if (!index || index.articles.length === 0) {
    // A lookup without a list (or an empty knowledge base): the keyword rules and search, as before.
    const articles = relevantArticles(kb, facts.latestCustomerText, intents);
    const suggestions = nextBestActions({ facts, intents, mood, hits: articles, kb });
    const top = intents[0];
    const request: RequestView = top ? { label: INTENT_LABELS[top.name], confidence: top.confidence, unclear: false } : { label: 'Unclear', confidence: 0, unclear: true };
    const summary = extractiveSummary(conversation, facts, intents, suggestions, request);
    return { intents, mood, suggestions, articles, summary, request, known, unknown: [] };
  }

  const match = matchRequest(index, facts.customerTexts, intents);
  const articles = match.ranked.slice(0, ARTICLES_SHOWN).filter((r) => r.score > 0).map((r) => toHit(r.article, r.score, facts.customerTexts));
  const top = match.ranked[0];
  const request: RequestView =
    top && !match.unclear
      ? { articleId: top.article.id, label: top.article.title, category: top.article.category, confidence: match.confidence, unclear: false }
      : { label: 'Unclear', confidence: round(match.confidence), unclear: true };

  let suggestions: Suggestion[];
  let procedure: ProcedureView | undefined;
  let unknown: FactName[] = [];
  const tracked = top && !match.unclear ? trackProcedure(top.article, { facts: known, agentTexts: facts.agentTexts, marks: context.stepMarks ?? [], confidence: match.confidence }) : undefined;
  if (tracked) {
    procedure = tracked.view;
    unknown = FACT_NAMES.filter((f) => tracked.steps.some((s) => !s.view.done && !s.skipped && s.view.missing.includes(f)));
    const steps = procedureActions({ procedure: tracked, facts: known, upset: mood <= STRONGLY_NEGATIVE, ...(facts.firstName ? { firstName: facts.firstName } : {}) });
    suggestions = [...steps, ...(tracked.next ? [] : [wrapUp(top?.article, facts)]), ...extras(facts, kb)];
  } else if (match.unclear) {
    suggestions = [askWhatTheyNeed(match, facts), ...extras(facts, kb)];
  } else {
    // The matched article has no procedure: the keyword rules' actions, with the matched article first in the list.
    suggestions = nextBestActions({ facts, intents, mood, hits: articles, kb });
  }
  suggestions = dedupe(suggestions).slice(0, MAX_SUGGESTIONS);
  const summary = extractiveSummary(conversation, facts, intents, suggestions, request, top?.article);
  return { intents, mood, suggestions, articles, summary, request, ...(procedure ? { procedure } : {}), known, unknown };
}

/** The open question when the request is unclear, naming the closest procedures for the agent. */
function askWhatTheyNeed(match: RequestMatch, facts: ConversationFacts): Suggestion {
  const close = match.ranked.filter((r) => r.score > 0).slice(0, 2);
  const hint = close.length > 0 ? ` Closest articles: ${close.map((r) => `"${r.article.title}" (${Math.round(r.probability * 100)}%)`).join(', ')}.` : '';
  const title = 'Ask what the customer needs';
  const reason = `The conversation does not show a clear request yet; one open question gets to it fastest.${hint}`;
  const reply = `Thanks for waiting${facts.firstName ? `, ${facts.firstName}` : ''}. I've read your conversation with our assistant. What can I sort out for you today?`;
  return { id: stableId('nba', title, reason, reply), title, reason, reply };
}

function wrapUp(article: KbArticle | undefined, facts: ConversationFacts): Suggestion {
  const title = 'Check nothing else is needed, then wrap up';
  const reason = `Every step of "${article?.title ?? 'the procedure'}" is done.`;
  const reply = `Is there anything else I can help you with${facts.firstName ? `, ${facts.firstName}` : ''}?`;
  return { id: stableId('nba', title, reason, reply), title, reason, reply, ...(article ? { kbArticleId: article.id } : {}) };
}

/** What applies whatever the request: a VIP's policy and an open ticket. */
function extras(facts: ConversationFacts, kb: KbLookup): Suggestion[] {
  const out: Suggestion[] = [];
  if (facts.isVip) {
    const since = facts.customerSince ? ` since ${new Date(facts.customerSince).getUTCFullYear()}` : '';
    const who = facts.tier ? tierLabel(facts.tier) : 'VIP';
    const vip = vipArticle(kb);
    const title = 'Prioritise this VIP customer';
    const reason = `${who} customer${since}: own the case end to end and give a direct follow-up time${vip ? ` (see "${vip.title}")` : ''}.`;
    out.push({ id: stableId('nba', title, reason), title, reason, ...(vip ? { kbArticleId: vip.id } : {}) });
  }
  const ticket = facts.openTickets[0];
  if (ticket) {
    const title = `Check open ticket ${ticket.id}`;
    const reason = `The customer already has an open ticket${ticket.subject ? ` ("${ticket.subject}")` : ''}; link it so they don't have to explain twice.`;
    out.push({ id: stableId('nba', title, reason), title, reason });
  }
  return out;
}

function vipArticle(kb: KbLookup): KbArticle | undefined {
  try {
    const hit = kb.search('VIP customer service priority', { limit: 1 })[0];
    return hit && /vip|priority/i.test(hit.title) ? kb.get(hit.id) : undefined;
  } catch {
    return undefined;
  }
}

function dedupe(suggestions: Suggestion[]): Suggestion[] {
  const seen = new Set<string>();
  return suggestions.filter((s) => (seen.has(s.title) ? false : (seen.add(s.title), true)));
}

/** A matched article as the panel lists it: the opening of its body, the customer's words marked. */
function toHit(article: KbArticle, score: number, customerTexts: string[]): KbHit {
  const words = new Set(customerTexts.flatMap((t) => requestTokens(t)));
  const opening = article.body.length > 200 ? `${article.body.slice(0, 200).replace(/\s+\S*$/, '')}…` : article.body;
  const snippet = opening.split(/(\s+)/).map((part) => ({ text: part, hit: part.trim() !== '' && requestTokens(part).some((t) => words.has(t)) }));
  return { id: article.id, title: article.title, category: article.category, language: article.language, snippet: merge(snippet), score };
}

function merge(segments: { text: string; hit: boolean }[]): { text: string; hit: boolean }[] {
  const out: { text: string; hit: boolean }[] = [];
  for (const s of segments) {
    const last = out.at(-1);
    if (last && (last.hit === s.hit || s.text.trim() === '')) last.text += s.text;
    else out.push({ ...s });
  }
  return out;
}

/** Articles for the latest customer message, sharpened with the words of the detected intent. */
export function relevantArticles(kb: KbLookup, latestCustomerText: string, intents: DetectedIntent[]): KbHit[] {
  const terms = intents[0] ? INTENT_KB_TERMS[intents[0].name] : '';
  const query = `${latestCustomerText} ${terms}`.trim();
  if (!query) return [];
  try {
    return kb.search(query, { limit: ARTICLES_SHOWN });
  } catch {
    // The knowledge base is a help, not a requirement: suggestions still work without it.
    return [];
  }
}

export interface OfflineProvider {
  readonly name: 'offline';
  summarize(conversation: ConversationView): Promise<SummaryView>;
  suggest(
    conversation: ConversationView,
    opts: { requestId: string; signal: AbortSignal; onUpdate: (update: AssistUpdate) => void; context?: AssistContext },
  ): Promise<void>;
}

export function createOfflineProvider(kb: KbLookup): OfflineProvider {
  return {
    name: 'offline',
    summarize: async (conversation) => analyseOffline(conversation, kb).summary,
    async suggest(conversation, { requestId, signal, onUpdate, context }) {
      const base = { handoffId: conversation.handoffId, requestId, provider: 'offline' as const };
      if (signal.aborted) {
        onUpdate({ ...base, status: 'cancelled', suggestions: [] });
        return;
      }
      const { suggestions, articles, request, procedure } = analyseOffline(conversation, kb, context);
      const extra = { articles, request, ...(procedure ? { procedure } : {}) };
      // Same shape as a streamed model answer, so the panel has one code path for both providers.
      for (let i = 1; i <= suggestions.length; i++) {
        onUpdate({ ...base, status: 'streaming', suggestions: suggestions.slice(0, i), ...extra });
      }
      onUpdate({ ...base, status: 'done', suggestions, ...extra });
    },
  };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
