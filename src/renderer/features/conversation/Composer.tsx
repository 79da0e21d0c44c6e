// The reply composer: a draft per conversation, Enter sends, Shift+Enter breaks the line, "/" opens canned replies.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { REPLY_MAX_CHARS } from '../../../shared/desk-api/limits';
import { useDesk } from '../../app/store-context';
import { useLinkView } from '../session/use-link-view';
import { fuzzyFilter } from '../../lib/fuzzy-match';
import { CANNED_REPLIES } from './canned-replies';
import type { CannedReply } from './canned-replies';

export function Composer({ handoffId, disabled }: { handoffId: string; disabled: boolean }) {
  const draft = useDesk((s) => s.drafts[handoffId] ?? '');
  const sending = useDesk((s) => s.sending[handoffId] === true);
  const focusRequest = useDesk((s) => s.composerFocusRequest);
  const setDraft = useDesk((s) => s.setDraft);
  const sendReply = useDesk((s) => s.sendReply);
  const ref = useRef<HTMLTextAreaElement>(null);
  const [pickerIndex, setPickerIndex] = useState(0);
  const [pickerClosed, setPickerClosed] = useState(false);

  // The picker is open while the draft is a "/command" being typed.
  const slashQuery = /^\/(\S*)$/.exec(draft)?.[1];
  const tooLong = draft.length > REPLY_MAX_CHARS;
  const link = useLinkView();
  // With the hub down a reply still goes to the outbox; with the desk backend down it cannot go anywhere.
  const linkHint = !link.deskReady ? `${link.label}: your draft stays here; it can be sent once the desk runs again.` : !link.hubReady ? 'The hub is unreachable: replies wait in the outbox and go out, once and in order, when it is back.' : undefined;
  const pickerOpen = slashQuery !== undefined && !pickerClosed;
  const matches = useMemo(
    () => (slashQuery === undefined ? [] : fuzzyFilter(CANNED_REPLIES, slashQuery, (r) => `${r.title} ${r.id}`)),
    [slashQuery],
  );

  useEffect(() => {
    const el = ref.current;
    if (!el || focusRequest === 0) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, [focusRequest, handoffId]);

  const pick = (reply: CannedReply | undefined) => {
    if (!reply) return;
    setDraft(handoffId, reply.text);
    setPickerIndex(0);
    ref.current?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (pickerOpen && matches.length > 0) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const step = e.key === 'ArrowDown' ? 1 : -1;
        setPickerIndex((i) => (i + step + matches.length) % matches.length);
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        pick(matches[Math.min(pickerIndex, matches.length - 1)]);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        setPickerClosed(true);
        return;
      }
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.altKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      // The same rule as the Send button: nothing leaves while the desk backend is down.
      if (link.deskReady) void sendReply(handoffId);
    }
  };

  return (
    <div className="composer">
      {pickerOpen ? (
        <ul className="canned-picker" role="listbox" aria-label="Canned replies" data-testid="canned-picker">
          {matches.length === 0 ? <li className="muted small canned-empty">No canned reply matches.</li> : null}
          {matches.map((reply, i) => (
            <li
              key={reply.id}
              role="option"
              aria-selected={i === pickerIndex}
              className={`canned-option ${i === pickerIndex ? 'is-selected' : ''}`}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(reply);
              }}
            >
              <strong>{reply.title}</strong>
              <span className="muted small">{reply.text}</span>
            </li>
          ))}
        </ul>
      ) : null}
      <textarea
        ref={ref}
        className="composer-input"
        data-testid="composer"
        aria-label="Reply to the customer"
        aria-invalid={tooLong || undefined}
        placeholder={disabled ? 'This conversation is closed.' : 'Write a reply…  (Enter to send, Shift+Enter for a new line, / for canned replies)'}
        value={draft}
        disabled={disabled}
        rows={3}
        onChange={(e) => {
          setPickerClosed(false);
          setPickerIndex(0);
          setDraft(handoffId, e.target.value);
        }}
        onKeyDown={onKeyDown}
      />
      {linkHint && !disabled ? (
        <p className={`composer-link-hint small ${link.deskReady ? 'is-warn' : 'is-bad'}`} data-testid="composer-link-hint" role="note">
          {linkHint}
        </p>
      ) : null}
      <div className="composer-actions">
        <span
          className={`composer-count small ${tooLong ? 'is-over' : 'muted'}`}
          data-testid="composer-count"
          data-over={tooLong ? 'true' : undefined}
          id={`composer-count-${handoffId}`}
          aria-live="polite"
        >
          {draft.length === 0 ? '' : tooLong ? `${draft.length.toLocaleString('en-US')} / ${REPLY_MAX_CHARS.toLocaleString('en-US')} — ${(draft.length - REPLY_MAX_CHARS).toLocaleString('en-US')} over the limit` : `${draft.length} / ${REPLY_MAX_CHARS}`}
        </span>
        <button
          type="button"
          className="button primary"
          data-testid="send-button"
          disabled={disabled || sending || draft.trim().length === 0 || tooLong || !link.deskReady}
          aria-describedby={tooLong ? `composer-count-${handoffId}` : undefined}
          onClick={() => void sendReply(handoffId)}
          title={
            tooLong
              ? `Too long to send: shorten it to ${REPLY_MAX_CHARS.toLocaleString('en-US')} characters`
              : !link.deskReady
                ? link.reason
                : !link.hubReady
                  ? 'Put it in the outbox: it goes out when the hub is back'
                  : 'Send (Enter or Ctrl+Enter)'
          }
        >
          {sending ? 'Sending…' : link.deskReady && !link.hubReady ? 'Send to outbox' : 'Send'}
        </button>
      </div>
    </div>
  );
}
