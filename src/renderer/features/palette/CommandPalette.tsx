// Ctrl+K: every desk action, fuzzy-filtered, run with Enter.
import { useMemo, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useDesk, useDeskStoreApi } from '../../app/store-context';
import { fuzzyFilter } from '../../lib/fuzzy-match';
import { buildCommands } from '../commands/desk-actions';
import { effectiveHotkeys } from '../keymap/hotkey-map';

export function CommandPalette() {
  const open = useDesk((s) => s.paletteOpen);
  if (!open) return null;
  return <PaletteBody />;
}

function PaletteBody() {
  const store = useDeskStoreApi();
  const setOpen = useDesk((s) => s.setPaletteOpen);
  // Rebuilt when the things commands are made from change.
  const offers = useDesk((s) => s.offers);
  const conversations = useDesk((s) => s.conversations);
  const activeId = useDesk((s) => s.activeId);
  const assist = useDesk((s) => s.assist);
  const settings = useDesk((s) => s.settings);
  const [query, setQuery] = useState('');
  const [index, setIndex] = useState(0);
  const hotkeys = useMemo(() => effectiveHotkeys(settings), [settings]);
  const commands = useMemo(
    () => buildCommands(store.getState()),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [store, offers, conversations, activeId, assist],
  );
  const matches = useMemo(() => fuzzyFilter(commands, query, (c) => c.title).slice(0, 12), [commands, query]);
  const selected = Math.min(index, Math.max(0, matches.length - 1));

  const run = (i: number) => {
    const command = matches[i];
    if (!command) return;
    setOpen(false);
    command.run(store.getState());
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setIndex((selected + step + matches.length) % Math.max(1, matches.length));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      run(selected);
    }
  };

  return (
    <div className="modal-backdrop palette-backdrop" onMouseDown={(e) => e.target === e.currentTarget && setOpen(false)}>
      <div className="palette" role="dialog" aria-modal="true" aria-label="Command palette" data-testid="command-palette">
        <input
          autoFocus
          className="palette-input"
          data-testid="palette-input"
          placeholder="Type a command…"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setIndex(0);
          }}
          onKeyDown={onKeyDown}
          role="combobox"
          aria-expanded="true"
          aria-controls="palette-list"
          aria-activedescendant={matches[selected] ? `palette-${selected}` : undefined}
        />
        <ul id="palette-list" className="palette-list" role="listbox">
          {matches.length === 0 ? <li className="muted small palette-empty">No command matches.</li> : null}
          {matches.map((c, i) => (
            <li
              key={c.id}
              id={`palette-${i}`}
              role="option"
              aria-selected={i === selected}
              className={`palette-item ${i === selected ? 'is-selected' : ''}`}
              data-testid="palette-item"
              onMouseDown={(e) => {
                e.preventDefault();
                run(i);
              }}
              onMouseMove={() => setIndex(i)}
            >
              <span>{c.title}</span>
              {c.hotkey ? <kbd className="kbd">{hotkeys[c.hotkey]}</kbd> : null}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
