// Knowledge-base search: the query, its results, and inserting a snippet into the open draft.
import type { KbHit } from '../../../shared/domain/assist';
import type { SliceCreator } from '../../app/store';
import { snippetText } from './snippet';

export interface KbSlice {
  kbQuery: string;
  kbResults: KbHit[];
  kbSearching: boolean;
  kbError?: string;
  setKbQuery: (query: string) => void;
  searchKb: (query?: string) => Promise<void>;
  insertKbSnippet: (hit: KbHit) => void;
}

export const createKbSlice: SliceCreator<KbSlice> = (set, get, api) => {
  // Only the newest search may write results: typing fast must not show an older answer last.
  let latest = 0;
  return {
    kbQuery: '',
    kbResults: [],
    kbSearching: false,
    kbError: undefined,
    setKbQuery: (kbQuery) => set({ kbQuery }),
    searchKb: async (query) => {
      const q = (query ?? get().kbQuery).trim();
      if (query !== undefined) set({ kbQuery: query });
      const ticket = ++latest;
      if (!q) {
        set({ kbResults: [], kbSearching: false, kbError: undefined });
        return;
      }
      set({ kbSearching: true });
      const result = await api.searchKb({ query: q, limit: 8 });
      if (ticket !== latest) return;
      if (!result.ok) {
        set({ kbSearching: false, kbError: result.error.message });
        return;
      }
      set({ kbSearching: false, kbResults: result.value, kbError: undefined });
    },
    insertKbSnippet: (hit) => {
      const handoffId = get().activeId;
      if (!handoffId) {
        get().pushToast('info', 'Open a conversation to insert a snippet.');
        return;
      }
      const current = get().drafts[handoffId] ?? '';
      const text = snippetText(hit.snippet);
      get().setDraft(handoffId, current.trim() ? `${current.trimEnd()}\n${text}` : text);
      get().requestComposerFocus();
    },
  };
};
