// A modal dialog frame: focus moves in on open, Tab stays inside, Escape (global hotkey) and the backdrop close it.
import { useEffect, useRef } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';

export function Modal({ title, onClose, children, testId, width = 480 }: { title: string; onClose: () => void; children: ReactNode; testId?: string; width?: number }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    // The first field, not the header's close button: the agent opened the dialog to fill it in.
    const root = ref.current;
    const first =
      root?.querySelector<HTMLElement>('[data-autofocus]') ??
      root?.querySelector<HTMLElement>('.modal-body input, .modal-body select, .modal-body textarea, .modal-body button') ??
      root?.querySelector<HTMLElement>('button');
    first?.focus();
    return () => previous?.focus?.();
  }, []);

  const trapTab = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'Tab' || !ref.current) return;
    const focusable = Array.from(ref.current.querySelectorAll<HTMLElement>('input, select, textarea, button, [tabindex="0"]')).filter((el) => !el.hasAttribute('disabled'));
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (!first || !last) return;
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div ref={ref} className="modal" role="dialog" aria-modal="true" aria-label={title} data-testid={testId} style={{ width }} onKeyDown={trapTab}>
        <header className="modal-header">
          <h2>{title}</h2>
          <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
            ✕
          </button>
        </header>
        <div className="modal-body">{children}</div>
      </div>
    </div>
  );
}
