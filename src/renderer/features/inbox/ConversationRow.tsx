// One active conversation in the inbox: name, last line, unread count, wait, badges.
import type { ConversationListItem } from '../../../shared/desk-api/contract';
import { useDesk } from '../../app/store-context';
import { useNow } from '../../lib/use-now';
import { formatDuration, secondsSince } from '../../lib/format';
import { isFrustrated, isVip } from './selectors';
import { Badges } from './Badges';

export function ConversationRow({ item, position, waitingSince }: { item: ConversationListItem; position: number; waitingSince: string | undefined }) {
  const now = useNow();
  const active = useDesk((s) => s.activeId === item.handoffId);
  const open = useDesk((s) => s.openConversation);

  return (
    <li>
      <button
        type="button"
        className={`conversation-row ${active ? 'is-active' : ''} ${item.unread > 0 ? 'has-unread' : ''}`}
        data-testid="conversation-item"
        data-handoff-id={item.handoffId}
        aria-current={active ? 'true' : undefined}
        onClick={() => void open(item.handoffId)}
        title={`Conversation ${position}`}
      >
        <div className="row-head">
          <span className="customer-name">{item.customerName}</span>
          <span className="small muted">{item.queue}</span>
        </div>
        <div className="row-preview small muted">{item.lastMessagePreview || '—'}</div>
        <Badges vip={isVip(item.tier, item.trigger)} frustrated={isFrustrated(item.sentiment)} waited={waitingSince ? formatDuration(secondsSince(waitingSince, now)) : undefined} unread={item.unread} />
      </button>
    </li>
  );
}
