// The right column: everything the agent needs next to the conversation, in the order they read it.
import { useDesk } from './store-context';
import { HandoffCard } from '../features/handoff/HandoffCard';
import { SummaryCard } from '../features/assist/SummaryCard';
import { SuggestionsPanel } from '../features/assist/SuggestionsPanel';
import { KbPanel } from '../features/kb/KbPanel';
import { CrmCard } from '../features/crm/CrmCard';

export function ContextColumn() {
  const activeId = useDesk((s) => s.activeId);
  return (
    <aside className="context-column" aria-label="Conversation context">
      {activeId ? (
        <>
          <HandoffCard handoffId={activeId} />
          <SummaryCard handoffId={activeId} />
          <SuggestionsPanel handoffId={activeId} />
        </>
      ) : null}
      {activeId ? <CrmCard handoffId={activeId} /> : null}
      <KbPanel />
    </aside>
  );
}
