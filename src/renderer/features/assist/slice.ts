// AI assist per conversation: the summary with its recommended step, and the streamed suggestions.
import type { AssistUpdate, Suggestion, SummaryView } from '../../../shared/domain/assist';
import type { SliceCreator } from '../../app/store';

export type SuggestionAction = 'inserted' | 'edited' | 'dismissed';

export interface AssistSlice {
  summaries: Record<string, SummaryView>;
  summaryErrors: Record<string, string>;
  assist: Record<string, AssistUpdate>;
  /** Suggestion ids the agent dismissed, per conversation. */
  dismissed: Record<string, string[]>;
  loadSummary: (handoffId: string) => Promise<void>;
  applySummary: (summary: SummaryView) => void;
  applyAssist: (update: AssistUpdate) => void;
  refreshSuggestions: (handoffId: string) => Promise<void>;
  /** Ticks or unticks a procedure step by hand; the desk answers with fresh suggestions. */
  markStep: (handoffId: string, articleId: string, stepId: string, done: boolean) => Promise<void>;
  useSuggestion: (handoffId: string, suggestionId: string, action: SuggestionAction) => void;
  /** Inserts the n-th (1-based) visible suggestion of the open conversation. */
  insertSuggestionAt: (position: number) => void;
}

/** The suggestions still on screen for a conversation, in order. */
export function visibleSuggestions(update: AssistUpdate | undefined, dismissed: readonly string[] | undefined): Suggestion[] {
  if (!update) return [];
  const gone = new Set(dismissed ?? []);
  return update.suggestions.filter((s) => !gone.has(s.id));
}

export const createAssistSlice: SliceCreator<AssistSlice> = (set, get, api) => ({
  summaries: {},
  summaryErrors: {},
  assist: {},
  dismissed: {},
  loadSummary: async (handoffId) => {
    const result = await api.getSummary({ handoffId });
    if (!result.ok) {
      set((s) => ({ summaryErrors: { ...s.summaryErrors, [handoffId]: result.error.message } }));
      return;
    }
    get().applySummary(result.value);
  },
  applySummary: (summary) =>
    set((s) => {
      const summaryErrors = { ...s.summaryErrors };
      delete summaryErrors[summary.handoffId];
      return { summaries: { ...s.summaries, [summary.handoffId]: summary }, summaryErrors };
    }),
  applyAssist: (update) =>
    set((s) => {
      const previous = s.assist[update.handoffId];
      // A new request starts a fresh set of suggestions: earlier dismissals no longer apply.
      const fresh = previous?.requestId !== update.requestId;
      return {
        assist: { ...s.assist, [update.handoffId]: update },
        dismissed: fresh ? { ...s.dismissed, [update.handoffId]: [] } : s.dismissed,
      };
    }),
  refreshSuggestions: async (handoffId) => {
    const result = await api.refreshSuggestions({ handoffId });
    if (!result.ok) get().reportError(result.error);
  },
  markStep: async (handoffId, articleId, stepId, done) => {
    // Shown at once; the suggestions that follow from it arrive as the next assist update.
    set((s) => {
      const update = s.assist[handoffId];
      if (!update?.procedure || update.procedure.articleId !== articleId) return {};
      const steps = update.procedure.steps.map((step) => (step.id === stepId ? { ...step, done, ...(done ? { doneBy: 'desk' as const } : { doneBy: undefined }) } : step));
      return { assist: { ...s.assist, [handoffId]: { ...update, procedure: { ...update.procedure, steps } } } };
    });
    const result = await api.markStep({ handoffId, articleId, stepId, done });
    if (!result.ok) get().reportError(result.error);
  },
  useSuggestion: (handoffId, suggestionId, action) => {
    const suggestion = get().assist[handoffId]?.suggestions.find((s) => s.id === suggestionId);
    if (!suggestion) return;
    if (action === 'dismissed') {
      set((s) => ({ dismissed: { ...s.dismissed, [handoffId]: [...(s.dismissed[handoffId] ?? []), suggestionId] } }));
    } else if (suggestion.reply) {
      get().setDraft(handoffId, suggestion.reply);
      get().requestComposerFocus();
    }
    void api.suggestionFeedback({ handoffId, suggestionId, action });
  },
  insertSuggestionAt: (position) => {
    const handoffId = get().activeId;
    if (!handoffId) return;
    const suggestion = visibleSuggestions(get().assist[handoffId], get().dismissed[handoffId])[position - 1];
    if (!suggestion?.reply) {
      get().pushToast('info', `There is no suggestion ${position} to insert.`);
      return;
    }
    get().useSuggestion(handoffId, suggestion.id, 'inserted');
  },
});
