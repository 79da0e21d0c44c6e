// One transcript row: a customer, bot or agent bubble, a system line, or the hand-off divider.
import { memo } from 'react';
import type { TranscriptRow } from './messages';
import { formatClock } from '../../lib/format';
import { MessageText } from './MessageText';
import { ClockIcon } from '../ui/icons';
import { useDesk } from '../../app/store-context';

/** A reply waiting in the outbox: "Sending…" while the hub is reachable, otherwise where it is and when it goes. */
function PendingLabel() {
  const hubUp = useDesk((s) => s.desk === 'open' && s.link.state === 'online');
  return (
    <span className="pending" data-testid="message-pending" title="Waiting in the outbox">
      <ClockIcon size={11} /> {hubUp ? 'Sending…' : 'In the outbox — goes out when the hub is back'}
    </span>
  );
}

export const TranscriptRowView = memo(function TranscriptRowView({ row }: { row: TranscriptRow }) {
  if (row.kind === 'divider') {
    return (
      <div className="handoff-divider" data-testid="handoff-divider" role="separator">
        <span>{row.text}</span>
      </div>
    );
  }
  const m = row.message;
  if (m.role === 'system') {
    return (
      <div className="system-line" data-testid="message" data-role="system">
        <MessageText text={m.text} /> <time className="muted">{formatClock(m.at)}</time>
      </div>
    );
  }
  const side = m.role === 'customer' ? 'left' : 'right';
  const label = m.role === 'bot' ? 'Bot' : m.role === 'agent' ? (m.authorName ?? 'You') : undefined;
  // Bot and agent both speak for the company (right), but read apart at a glance: the agent's bubble is filled
  // with the accent, the bot's is an outlined grey card with a "bot" mark; each carries its own avatar.
  const avatar = m.role === 'bot' ? 'BOT' : m.role === 'agent' ? (label ?? 'You').slice(0, 1).toUpperCase() : undefined;
  return (
    <div className={`bubble-row ${side} row-${m.role}`}>
      <div
        className={`bubble bubble-${m.role} ${m.beforeHandoff ? 'is-bot-era' : ''} ${m.pending ? 'is-pending' : ''}`}
        data-testid="message"
        data-role={m.role}
        data-pending={m.pending ? 'true' : undefined}
      >
        {label ? <div className="bubble-label">{label}</div> : null}
        <div className="bubble-text">
          <MessageText text={m.text} />
        </div>
        <div className="bubble-meta">
          {m.pending ? <PendingLabel /> : null}
          <time>{formatClock(m.at)}</time>
        </div>
      </div>
      {avatar ? (
        <span className={`bubble-avatar avatar-${m.role}`} aria-hidden="true">
          {avatar}
        </span>
      ) : null}
    </div>
  );
});
