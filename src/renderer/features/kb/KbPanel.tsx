// Knowledge base: articles the assist engine found for the latest customer message, and a search box (Ctrl+Shift+F).
import { useEffect, useRef } from 'react';
import type { KbHit } from '../../../shared/domain/assist';
import { useDesk } from '../../app/store-context';
import { Card } from '../ui/Card';
import { KbHitSummary } from './KbHitSummary';
import { articleReference } from './snippet';

function KbResult({ hit }: { hit: KbHit }) {
  const insert = useDesk((s) => s.insertKbSnippet);
  const pushToast = useDesk((s) => s.pushToast);
  const copyLink = async () => {
    try {
      await navigator.clipboard.writeText(articleReference(hit));
      pushToast('info', 'Article link copied.');
    } catch {
      pushToast('error', 'The clipboard is not available here: select the article title and copy it instead.');
    }
  };
  return (
    <li className="kb-result" data-testid="kb-result" data-article-id={hit.id}>
      <KbHitSummary hit={hit} />
      <div className="suggestion-actions">
        <button type="button" className="button small primary-outline" data-testid="kb-insert" onClick={() => insert(hit)}>
          Insert snippet
        </button>
        <button type="button" className="button small" data-testid="kb-copy-link" onClick={() => void copyLink()}>
          Copy link
        </button>
      </div>
    </li>
  );
}

export function KbPanel() {
  const query = useDesk((s) => s.kbQuery);
  const results = useDesk((s) => s.kbResults);
  const searching = useDesk((s) => s.kbSearching);
  const error = useDesk((s) => s.kbError);
  const focusRequest = useDesk((s) => s.kbFocusRequest);
  const suggested = useDesk((s) => (s.activeId ? s.assist[s.activeId]?.articles : undefined));
  const setQuery = useDesk((s) => s.setKbQuery);
  const search = useDesk((s) => s.searchKb);
  const requestComposerFocus = useDesk((s) => s.requestComposerFocus);
  const hasConversation = useDesk((s) => Boolean(s.activeId));
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (focusRequest === 0) return;
    inputRef.current?.focus();
    inputRef.current?.select();
  }, [focusRequest]);

  // Search as the agent types, after a short pause.
  useEffect(() => {
    const timer = setTimeout(() => void search(), 200);
    return () => clearTimeout(timer);
  }, [query, search]);

  // Without a query, the few articles the assist engine picked for the latest customer message.
  const showing = query.trim() ? results : (suggested ?? []).slice(0, 3);
  return (
    <Card title="Knowledge base" testId="kb-panel" className="kb-card" aside={<kbd className="kbd">Ctrl+Shift+F</kbd>}>
      <input
        ref={inputRef}
        type="search"
        className="kb-search"
        data-testid="kb-search"
        placeholder="Search articles…"
        aria-label="Search the knowledge base"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key !== 'Escape') return;
          // Escape clears the query (the browser's own clearing of a search field is not relied on); with
          // nothing left to clear it goes back to the reply.
          e.preventDefault();
          e.stopPropagation();
          if (query) setQuery('');
          else if (hasConversation) requestComposerFocus();
        }}
      />
      <div className="kb-status small muted" aria-live="polite">
        {error ? <span className="error-line">{error}</span> : searching ? 'Searching…' : query.trim() ? `${results.length} ${results.length === 1 ? 'result' : 'results'}` : suggested?.length ? 'Suggested for this conversation' : ''}
      </div>
      {!query.trim() && showing.length === 0 && !error ? (
        <p className="kb-empty muted small" data-testid="kb-empty">
          Type to search every article: refunds, deliveries, passwords, billing… Results show here as you type; Escape clears.
        </p>
      ) : null}
      <ul className="kb-results" data-testid="kb-results">
        {showing.map((hit) => (
          <KbResult key={hit.id} hit={hit} />
        ))}
      </ul>
    </Card>
  );
}
