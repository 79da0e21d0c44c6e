// What the assist engine produces for the agent: a summary on accept, next-best actions on each customer message.
import type { ErrorInfo } from '../result';
import type { ConversationView } from './conversation';
import type { ProcedureStep, ProcedureView, RequestView, StepMark } from './procedure';

export type AssistProviderName = 'offline' | 'openai';

/** Ids of suggestions a model is still writing start with this; they cannot be inserted or rated yet. */
export const PENDING_SUGGESTION_PREFIX = 'llm-pending-';

export interface Suggestion {
  id: string;
  /** What to do next, in a few words ("Offer a return label"). */
  title: string;
  /** Why, grounded in the conversation, CRM or knowledge base. */
  reason: string;
  /** A ready reply the agent can insert, when one fits. */
  reply?: string;
  kbArticleId?: string;
  /** The procedure step this suggestion carries out, when it follows one. */
  stepId?: string;
}

export interface SummaryView {
  handoffId: string;
  summary: string;
  recommendedAction: string;
  intent?: string;
  source: 'bot' | AssistProviderName;
}

/** One streamed update of the suggestions for a conversation; later updates replace earlier ones. */
export interface AssistUpdate {
  handoffId: string;
  requestId: string;
  provider: AssistProviderName;
  status: 'streaming' | 'done' | 'error' | 'cancelled';
  suggestions: Suggestion[];
  /** Raw text streamed so far when the model's answer was not structured (degraded mode). */
  text?: string;
  /** Knowledge-base articles relevant to the latest customer message. */
  articles?: KbHit[];
  /** The request as understood, and the matched procedure with its steps ticked. */
  request?: RequestView;
  procedure?: ProcedureView;
  error?: ErrorInfo;
}

export interface KbArticle {
  id: string;
  title: string;
  body: string;
  category: string;
  language: string;
  updatedAt: string;
  /** The operator's procedure for this request, when the article has one. */
  steps?: ProcedureStep[];
  /** How customers ask for it, in their words (retrieval evidence). */
  askedAs?: string[];
}

/** A snippet is segments, never HTML: `hit` marks the matched words to highlight. */
export interface SnippetSegment {
  text: string;
  hit: boolean;
}

export interface KbHit {
  id: string;
  title: string;
  category: string;
  language: string;
  snippet: SnippetSegment[];
  score: number;
}

/** Read access to the desk's knowledge-base index, as the assist engine needs it. */
export interface KbLookup {
  search(query: string, opts?: { limit?: number; category?: string; language?: string }): KbHit[];
  get(id: string): KbArticle | undefined;
  /** Every article, for classifying a request against the whole knowledge base. */
  list?(): KbArticle[];
  /** Changes whenever an article changes, so a derived index knows when to rebuild. */
  revision?(): string;
}

/** What the desk knows beyond the transcript: the steps the agent ticked by hand. */
export interface AssistContext {
  stepMarks?: StepMark[];
}

/**
 * The assist engine behind the desk (src/main/services/assist). Provider-independent: the offline provider and the
 * OpenAI-compatible one both sit behind it. Never throws: failures arrive as an `error` update or a fallback summary.
 */
export interface AssistEngine {
  /** The summary and recommended next step; the bot's own when it sent one. */
  summarize(conversation: ConversationView, signal?: AbortSignal): Promise<SummaryView>;
  /** Up to three next-best actions, streamed through onUpdate; a new call for the same conversation should abort the old one (the caller aborts via signal). */
  suggest(
    conversation: ConversationView,
    opts: { requestId: string; signal: AbortSignal; onUpdate: (update: AssistUpdate) => void; context?: AssistContext },
  ): Promise<void>;
  readonly providerName: AssistProviderName;
}
