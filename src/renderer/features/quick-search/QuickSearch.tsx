// The quick-search window behind the global hotkey (Electron): search the knowledge base from anywhere, pick a
// result with the arrow keys, Enter copies its snippet to paste into any application, Escape closes.
import { useEffect, useRef, useState } from 'react';
import { useDesk } from '../../app/store-context';
import { KbHitSummary } from '../kb/KbHitSummary';
import { snippetText } from '../kb/snippet';

export function QuickSearch() {
  const query = useDesk((s) => s.kbQuery);
  const results = useDesk((s) => s.kbResults);
  const error = useDesk((s) => s.kbError);
  const searching = useDesk((s) => s.kbSearching);
  const setQuery = useDesk((s) => s.setKbQuery);
  const search = useDesk((s) => s.searchKb);
  const [selected, setSelected] = useState(0);
  const [status, setStatus] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const timer = setTimeout(() => void search(), 120);
    return () => clearTimeout(timer);
  }, [query, search]);

  // The window is shown again and again: start each time with the cursor in the box.
  useEffect(() => {
    const focus = () => inputRef.current?.select();
    focus();
    window.addEventListener('focus', focus);
    return () => window.removeEventListener('focus', focus);
  }, []);

  const copy = async (index: number) => {
    const hit = results[index];
    if (!hit) return;
    try {
      await navigator.clipboard.writeText(snippetText(hit.snippet));
      setStatus(`Copied "${hit.title}": paste it where you need it.`);
    } catch {
      setStatus('The clipboard is not available: select the text and copy it instead.');
    }
  };

  const current = Math.min(selected, Math.max(0, results.length - 1));
  return (
    <div className="quick-search" data-testid="quick-search">
      <input
        ref={inputRef}
        type="search"
        className="kb-search"
        placeholder="Search the knowledge base…"
        aria-label="Search the knowledge base"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setSelected(0);
          setStatus('');
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setSelected((i) => Math.min(i + 1, results.length - 1));
          else if (e.key === 'ArrowUp') setSelected((i) => Math.max(i - 1, 0));
          else if (e.key === 'Enter') void copy(current);
          else if (e.key === 'Escape') window.close();
          else return;
          e.preventDefault();
        }}
      />
      <div className="small muted" aria-live="polite">
        {error ?? (status || (searching ? 'Searching…' : query.trim() ? `${results.length} results · ↑↓ to choose · Enter copies · Esc closes` : 'Type to search'))}
      </div>
      <ul className="kb-results" role="listbox" aria-label="Articles">
        {results.map((hit, i) => (
          <li
            key={hit.id}
            role="option"
            aria-selected={i === current}
            className={`kb-result ${i === current ? 'is-selected' : ''}`}
            onMouseEnter={() => setSelected(i)}
            onClick={() => void copy(i)}
          >
            <KbHitSummary hit={hit} />
          </li>
        ))}
      </ul>
    </div>
  );
}
