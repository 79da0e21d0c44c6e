// Next-best actions streamed from the assist engine: insert (Alt+1..3), edit or dismiss each.
import { useMemo } from 'react';
import { useDesk } from '../../app/store-context';
import { Card } from '../ui/Card';
import { visibleSuggestions } from './slice';
import { effectiveHotkeys } from '../keymap/hotkey-map';

export function SuggestionsPanel({ handoffId }: { handoffId: string }) {
  const update = useDesk((s) => s.assist[handoffId]);
  const dismissed = useDesk((s) => s.dismissed[handoffId]);
  const use = useDesk((s) => s.useSuggestion);
  const refresh = useDesk((s) => s.refreshSuggestions);
  const settings = useDesk((s) => s.settings);
  const hotkeys = useMemo(() => effectiveHotkeys(settings), [settings]);
  const suggestions = useMemo(() => visibleSuggestions(update, dismissed), [update, dismissed]);
  const streaming = update?.status === 'streaming';

  return (
    <Card
      title="Suggestions"
      testId="suggestions-panel"
      aside={
        <>
          <span className={`stream-indicator ${streaming ? 'is-on' : ''}`} data-testid="assist-streaming" aria-live="polite">
            {streaming ? 'Thinking…' : ''}
          </span>
          <button type="button" className="link-button small" onClick={() => void refresh(handoffId)} disabled={streaming}>
            Refresh
          </button>
        </>
      }
    >
      {update?.status === 'error' && update.error ? (
        <p className="error-line" data-testid="assist-error">
          {update.error.message}{' '}
          <button type="button" className="link-button" onClick={() => void refresh(handoffId)}>
            Try again
          </button>
        </p>
      ) : null}
      {suggestions.length === 0 ? (
        <p className="muted small">
          {streaming ? 'Suggestions are on their way…' : update?.text ? update.text : update ? 'No suggestions for this conversation.' : 'Preparing suggestions…'}
        </p>
      ) : (
        <ol className="suggestions">
          {suggestions.map((s, i) => (
            <li key={s.id} className="suggestion" data-testid="suggestion-item" data-suggestion-id={s.id}>
              <div className="suggestion-head">
                {i < 3 ? (
                  <kbd className="kbd" title="Insert with this shortcut">
                    {hotkeys[`insertSuggestion${i + 1}` as 'insertSuggestion1']}
                  </kbd>
                ) : null}
                <strong className="suggestion-title">{s.title}</strong>
              </div>
              <p className="muted small suggestion-reason">{s.reason}</p>
              {s.reply ? <p className="suggestion-reply">{s.reply}</p> : null}
              <div className="suggestion-actions">
                {s.reply ? (
                  <>
                    <button type="button" className="button small primary-outline" data-testid="suggestion-insert" onClick={() => use(handoffId, s.id, 'inserted')}>
                      Insert
                    </button>
                    <button type="button" className="button small" data-testid="suggestion-edit" onClick={() => use(handoffId, s.id, 'edited')}>
                      Edit
                    </button>
                  </>
                ) : null}
                <button type="button" className="button small ghost" data-testid="suggestion-dismiss" onClick={() => use(handoffId, s.id, 'dismissed')}>
                  Dismiss
                </button>
              </div>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
