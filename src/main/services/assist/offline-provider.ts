// The built-in offline provider: intent rules, knowledge-base retrieval and CRM facts, no network. The default
// without a model key, and the fallback whenever the model endpoint fails. Deterministic and instant.
import type { AssistUpdate, KbHit, KbLookup, Suggestion, SummaryView } from '../../../shared/domain/assist';
import type { ConversationView } from '../../../shared/domain/conversation';
import { readFacts } from './conversation-facts';
import { customerMood } from './customer-mood';
import type { DetectedIntent } from './detect-intent';
import { INTENT_KB_TERMS, detectIntents } from './detect-intent';
import { extractiveSummary } from './extractive-summary';
import { nextBestActions } from './next-best-actions';

export interface OfflineAnalysis {
  intents: DetectedIntent[];
  mood: number;
  suggestions: Suggestion[];
  articles: KbHit[];
  summary: SummaryView;
}

export const ARTICLES_SHOWN = 3;

export function analyseOffline(conversation: ConversationView, kb: KbLookup): OfflineAnalysis {
  const facts = readFacts(conversation);
  const intents = detectIntents(facts.customerTexts, conversation.intent);
  const mood = customerMood(facts.customerTexts, conversation.sentiment);
  const articles = relevantArticles(kb, facts.latestCustomerText, intents);
  const suggestions = nextBestActions({ facts, intents, mood, hits: articles, kb });
  const summary = extractiveSummary(conversation, facts, intents, suggestions);
  return { intents, mood, suggestions, articles, summary };
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
    opts: { requestId: string; signal: AbortSignal; onUpdate: (update: AssistUpdate) => void },
  ): Promise<void>;
}

export function createOfflineProvider(kb: KbLookup): OfflineProvider {
  return {
    name: 'offline',
    summarize: async (conversation) => analyseOffline(conversation, kb).summary,
    async suggest(conversation, { requestId, signal, onUpdate }) {
      const base = { handoffId: conversation.handoffId, requestId, provider: 'offline' as const };
      if (signal.aborted) {
        onUpdate({ ...base, status: 'cancelled', suggestions: [] });
        return;
      }
      const { suggestions, articles } = analyseOffline(conversation, kb);
      // Same shape as a streamed model answer, so the panel has one code path for both providers.
      for (let i = 1; i <= suggestions.length; i++) {
        onUpdate({ ...base, status: 'streaming', suggestions: suggestions.slice(0, i), articles });
      }
      onUpdate({ ...base, status: 'done', suggestions, articles });
    },
  };
}
