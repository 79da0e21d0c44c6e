// One offer: who, why, how long they waited, and how long the agent has to accept.
import type { Offer } from '../../../shared/desk-api/contract';
import { useDesk } from '../../app/store-context';
import { useNow } from '../../lib/use-now';
import { formatDuration, secondsSince, secondsUntil } from '../../lib/format';
import { TRIGGER_LABELS } from '../../../shared/domain/triggers';
import { isFrustrated, isVip } from './selectors';
import { Badges } from './Badges';
import { useLinkView } from '../session/use-link-view';

export function OfferCard({ offer, isTop }: { offer: Offer; isTop: boolean }) {
  const now = useNow();
  const accept = useDesk((s) => s.acceptOffer);
  const decline = useDesk((s) => s.declineOffer);
  const busy = useDesk((s) => s.offerBusy[offer.conversation.handoffId] === true);
  const c = offer.conversation;
  const left = secondsUntil(offer.expiresAt, now);
  const urgent = left <= 10;
  const expired = left <= 0;
  const link = useLinkView();
  // Accepting needs the hub, and an offer whose time ran out is the hub's to move on: say why, not "do nothing".
  const blocked = expired ? 'Time ran out: the hub is offering this customer to the next agent.' : link.hubReady ? undefined : link.reason;
  const lastCustomer = [...c.messages].reverse().find((m) => m.role === 'customer');

  return (
    <li className={`offer-card ${isTop ? 'is-top' : ''}`} data-testid="offer-card" data-handoff-id={c.handoffId}>
      <div className="offer-head">
        <span className="customer-name">{c.customer.name ?? c.customer.id}</span>
        <span className={`countdown ${urgent ? 'is-urgent' : ''}`} data-testid="offer-countdown" title={expired ? 'Expired' : 'Time left to accept'}>
          {expired ? 'Expired' : formatDuration(left)}
        </span>
      </div>
      <div className="offer-meta small muted">
        <span>{c.queue}</span>
        <span aria-hidden="true">·</span>
        <span>{TRIGGER_LABELS[c.reason.trigger]}</span>
      </div>
      {lastCustomer ? <p className="offer-preview small">{lastCustomer.text}</p> : null}
      <Badges vip={isVip(c.customer.tier, c.reason.trigger)} frustrated={isFrustrated(c.sentiment)} waited={formatDuration(secondsSince(c.createdAt, now))} />
      {blocked ? (
        <p className="offer-blocked small" data-testid="offer-blocked" role="note">
          {blocked}
        </p>
      ) : null}
      <div className="offer-actions">
        <button
          type="button"
          className="button primary"
          data-testid="accept-offer"
          disabled={busy || Boolean(blocked)}
          onClick={() => void accept(c.handoffId)}
          title={blocked ?? (isTop ? 'Accept (Alt+A)' : 'Accept')}
        >
          Accept
        </button>
        <button type="button" className="button" data-testid="decline-offer" disabled={busy || Boolean(blocked)} title={blocked} onClick={() => void decline(c.handoffId)}>
          Decline
        </button>
      </div>
    </li>
  );
}
