// The inbox in the left rail: offers on top (with countdown), the agent's active conversations below.
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useDesk } from '../../app/store-context';
import { conversationWaits, inboxOrder, sortOffers } from './selectors';
import { OfferCard } from './OfferCard';
import { ConversationRow } from './ConversationRow';

export function Inbox() {
  const offers = useDesk((s) => s.offers);
  const sortedOffers = useMemo(() => sortOffers(offers), [offers]);
  // The same order the palette numbers and next/previous use; compared shallowly so unrelated changes do not re-render.
  const sortedConversations = useDesk(useShallow(inboxOrder));
  // Only the wait of each conversation matters here, not every message: select that, shallowly compared.
  const waits = useDesk(useShallow((s) => conversationWaits(s.conversations, s.details)));

  return (
    <div className="inbox">
      <section className="inbox-section" aria-labelledby="offers-heading">
        <h2 id="offers-heading" className="section-title">
          Offers <span className="count">{sortedOffers.length}</span>
        </h2>
        {sortedOffers.length === 0 ? (
          <p className="muted small inbox-empty">No offers waiting.</p>
        ) : (
          <ul className="offer-list">
            {sortedOffers.map((offer, i) => (
              <OfferCard key={offer.conversation.handoffId} offer={offer} isTop={i === 0} />
            ))}
          </ul>
        )}
      </section>
      <section className="inbox-section inbox-active" aria-labelledby="active-heading">
        <h2 id="active-heading" className="section-title">
          Active <span className="count">{sortedConversations.length}</span>
        </h2>
        {sortedConversations.length === 0 ? (
          <p className="muted small inbox-empty">No active conversations.</p>
        ) : (
          <ul className="conversation-list" data-testid="conversation-list">
            {sortedConversations.map((item, i) => (
              <ConversationRow key={item.handoffId} item={item} position={i + 1} waitingSince={waits[item.handoffId]} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
