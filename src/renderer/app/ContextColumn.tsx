// The right column: everything the agent needs next to the conversation, in the order they read it, and the
// knowledge base on a tab of its own so its results get the column's whole height (Ctrl+Shift+F opens it).
import { useEffect, useState } from 'react';
import { useDesk } from './store-context';
import { HandoffCard } from '../features/handoff/HandoffCard';
import { SummaryCard } from '../features/assist/SummaryCard';
import { SuggestionsPanel } from '../features/assist/SuggestionsPanel';
import { ProcedurePanel } from '../features/assist/ProcedurePanel';
import { KbPanel } from '../features/kb/KbPanel';
import { CrmCard } from '../features/crm/CrmCard';

type ContextTab = 'context' | 'kb';

export function ContextColumn() {
  const activeId = useDesk((s) => s.activeId);
  const kbFocusRequest = useDesk((s) => s.kbFocusRequest);
  const suggested = useDesk((s) => (s.activeId ? (s.assist[s.activeId]?.articles?.length ?? 0) : 0));
  const [tab, setTab] = useState<ContextTab>('context');
  // The knowledge-base hotkey (or palette command) brings its tab forward; KbPanel then focuses the search.
  useEffect(() => {
    if (kbFocusRequest > 0) setTab('kb');
  }, [kbFocusRequest]);
  // Without an open conversation there is no context to show: the knowledge base is the column.
  const shown: ContextTab = activeId ? tab : 'kb';

  return (
    <aside className={`context-column ${shown === 'kb' ? 'is-kb' : ''}`} aria-label="Conversation context">
      {activeId ? (
        <div className="context-tabs" role="tablist" aria-label="Context">
          <button type="button" role="tab" id="context-tab-context" aria-selected={shown === 'context'} aria-controls="context-panel" className="context-tab" data-testid="context-tab-context" onClick={() => setTab('context')}>
            Conversation
          </button>
          <button type="button" role="tab" id="context-tab-kb" aria-selected={shown === 'kb'} aria-controls="context-panel" className="context-tab" data-testid="context-tab-kb" onClick={() => setTab('kb')} title="Knowledge base (Ctrl+Shift+F)">
            Knowledge base {suggested > 0 ? <span className="count">{suggested}</span> : null}
          </button>
        </div>
      ) : null}
      <div className="context-panel" id="context-panel" role={activeId ? 'tabpanel' : undefined} aria-labelledby={activeId ? `context-tab-${shown}` : undefined}>
        {activeId && shown === 'context' ? (
          <>
            <HandoffCard handoffId={activeId} />
            <SummaryCard handoffId={activeId} />
            <SuggestionsPanel handoffId={activeId} />
            <ProcedurePanel handoffId={activeId} />
            <CrmCard handoffId={activeId} />
          </>
        ) : (
          <KbPanel />
        )}
      </div>
    </aside>
  );
}
