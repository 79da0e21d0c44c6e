// Short-lived messages: confirmations and errors that say what to do next.
import { useEffect } from 'react';
import { useDesk } from '../../app/store-context';
import type { Toast } from './slice';

function ToastItem({ toast }: { toast: Toast }) {
  const dismiss = useDesk((s) => s.dismissToast);
  useEffect(() => {
    const timer = setTimeout(() => dismiss(toast.id), toast.kind === 'error' ? 8000 : 3500);
    return () => clearTimeout(timer);
  }, [toast, dismiss]);
  return (
    <div className={`toast toast-${toast.kind}`} role={toast.kind === 'error' ? 'alert' : 'status'} data-testid="toast">
      <span>{toast.text}</span>
      <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => dismiss(toast.id)}>
        ✕
      </button>
    </div>
  );
}

export function Toasts() {
  const toasts = useDesk((s) => s.toasts);
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((t) => (
        <ToastItem key={t.id} toast={t} />
      ))}
    </div>
  );
}
