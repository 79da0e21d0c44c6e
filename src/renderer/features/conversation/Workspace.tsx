// The center of the desk: the open conversation's header, transcript and composer, with its actions.
import { useCallback } from 'react';
import { useDesk } from '../../app/store-context';
import { customerTier, tierLabel } from '../../../shared/domain/customer-tier';
import { Transcript } from './Transcript';
import { Composer } from './Composer';
import { TRIGGER_LABELS } from './messages';
import { isVip } from '../inbox/selectors';
import { useLinkView } from '../session/use-link-view';

export function Workspace() {
  const activeId = useDesk((s) => s.activeId);
  const detail = useDesk((s) => (s.activeId ? s.details[s.activeId] : undefined));
  const loadingEarlier = useDesk((s) => (s.activeId ? Boolean(s.loadingEarlier[s.activeId]) : false));
  const loadEarlierOf = useDesk((s) => s.loadEarlier);
  const loadEarlier = useCallback(() => {
    if (activeId) void loadEarlierOf(activeId);
  }, [activeId, loadEarlierOf]);
  const loading = useDesk((s) => s.loadingDetail);
  const offers = useDesk((s) => s.offers.length);
  const openDialog = useDesk((s) => s.openDialog);
  const link = useLinkView();

  if (!activeId || !detail) {
    return (
      <section className="workspace workspace-empty" data-testid="workspace">
        <div className="empty-state">
          {loading ? (
            <p className="muted">Loading the conversation…</p>
          ) : (
            <>
              <h2>No conversation open</h2>
              <p className="muted">
                {offers > 0 ? 'An offer is waiting: press Alt+A to accept it.' : 'New hand-offs appear in the inbox on the left.'}
              </p>
              <p className="muted small">Ctrl+K opens the command palette · ? lists every shortcut</p>
            </>
          )}
        </div>
      </section>
    );
  }

  const closed = detail.status !== 'active';
  // Transfer, hand-back and wrap-up are the hub's to do: disabled, with the reason, while it cannot be reached.
  const hubBlocked = link.hubReady ? undefined : link.reason;
  // The same tier the CRM card and the assist engine use: the CRM's account type first.
  const tier = customerTier(detail);
  return (
    <section className="workspace" data-testid="workspace" aria-label={`Conversation with ${detail.customer.name ?? detail.customer.id}`}>
      <header className="workspace-header" data-testid="conversation-header">
        <div className="workspace-title">
          <h1 className="customer-title">{detail.customer.name ?? detail.customer.id}</h1>
          <div className="header-meta small">
            {tier ? (
              <span className={`badge ${isVip(tier, detail.reason.trigger) ? 'badge-vip' : 'badge-neutral'}`} data-testid="header-tier">
                {tierLabel(tier)}
              </span>
            ) : null}
            <span className="badge badge-neutral">{detail.queue}</span>
            <span className="muted" title={detail.intent ? `${TRIGGER_LABELS[detail.reason.trigger]} · ${detail.intent.name}` : TRIGGER_LABELS[detail.reason.trigger]}>
              {TRIGGER_LABELS[detail.reason.trigger]}
              {detail.intent ? ` · ${detail.intent.name}` : ''}
            </span>
          </div>
        </div>
        <div className="workspace-actions">
          <button type="button" className="button" data-testid="open-transfer" disabled={closed || Boolean(hubBlocked)} onClick={() => openDialog('transfer')} title={hubBlocked ?? 'Transfer (Alt+T)'}>
            Transfer
          </button>
          <button type="button" className="button" data-testid="open-handback" disabled={closed || Boolean(hubBlocked)} onClick={() => openDialog('handback')} title={hubBlocked}>
            Hand back to bot
          </button>
          <button type="button" className="button primary-outline" data-testid="open-wrapup" disabled={closed || Boolean(hubBlocked)} onClick={() => openDialog('wrapup')} title={hubBlocked ?? 'Wrap up (Alt+W)'}>
            Wrap up
          </button>
        </div>
      </header>
      <Transcript
        // Another conversation is another list: it starts at its own bottom, with its own measurements and state.
        key={detail.handoffId}
        messages={detail.messages}
        reason={detail.reason}
        earlier={detail.earlier ?? 0}
        loadingEarlier={loadingEarlier}
        onLoadEarlier={loadEarlier}
      />
      <Composer handoffId={detail.handoffId} disabled={closed} />
    </section>
  );
}
