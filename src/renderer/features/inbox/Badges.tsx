import { ClockIcon } from '../ui/icons';

// The small badges on inbox rows; space is always reserved for the wait so rows do not jump as it ticks.
export function Badges({ vip, frustrated, waited, unread }: { vip: boolean; frustrated: boolean; waited: string | undefined; unread?: number }) {
  return (
    <div className="badges">
      {vip ? (
        <span className="badge badge-vip" data-testid="badge-vip">
          VIP
        </span>
      ) : null}
      {frustrated ? (
        <span className="badge badge-frustrated" data-testid="badge-frustrated" title="Sentiment is very negative">
          Frustrated
        </span>
      ) : null}
      {waited !== undefined ? (
        <span className="waited small muted" title="Customer waiting for a reply" data-testid="waited">
          <ClockIcon /> {waited}
        </span>
      ) : (
        <span className="waited small muted" title="You replied last">
          Replied
        </span>
      )}
      {unread && unread > 0 ? (
        <span className="badge badge-unread" data-testid="unread-badge" aria-label={`${unread} unread`}>
          {unread}
        </span>
      ) : null}
    </div>
  );
}
