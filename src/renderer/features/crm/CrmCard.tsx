// What the CRM knows about the customer: account, orders, previous tickets and other attributes.
import { useDesk } from '../../app/store-context';
import { customerTier, tierLabel } from '../../../shared/domain/customer-tier';
import { formatDate, formatMoney, humanizeKey } from '../../lib/format';
import { Card } from '../ui/Card';

export function CrmCard({ handoffId }: { handoffId: string }) {
  const customer = useDesk((s) => s.details[handoffId]?.customer);
  const crm = useDesk((s) => s.details[handoffId]?.crm);
  if (!customer) return null;
  const orders = crm?.orders ?? [];
  const tier = customerTier({ customer, ...(crm ? { crm } : {}) });
  const tickets = crm?.previousTickets ?? [];
  const attributes = Object.entries(crm?.attributes ?? {});

  return (
    <Card title="Customer" testId="crm-card">
      <dl className="facts">
        <dt>Account</dt>
        <dd data-testid="crm-account-type">{tier ? tierLabel(tier) : '—'}</dd>
        <dt>Customer since</dt>
        <dd>{formatDate(crm?.customerSince)}</dd>
        {customer.email ? (
          <>
            <dt>Email</dt>
            <dd className="wrap-anywhere">{customer.email}</dd>
          </>
        ) : null}
        {customer.language ? (
          <>
            <dt>Language</dt>
            <dd>{customer.language}</dd>
          </>
        ) : null}
        {attributes.map(([key, value]) => (
          <FactRow key={key} label={humanizeKey(key)} value={typeof value === 'boolean' ? (value ? 'Yes' : 'No') : String(value)} />
        ))}
      </dl>
      <h4 className="subhead">Orders {orders.length > 0 ? <span className="count">{orders.length}</span> : null}</h4>
      {orders.length === 0 ? (
        <p className="muted small">No orders on record.</p>
      ) : (
        <table className="mini-table" data-testid="crm-orders">
          <thead>
            <tr>
              <th>Order</th>
              <th>Status</th>
              <th className="num">Total</th>
              <th>Date</th>
            </tr>
          </thead>
          <tbody>
            {orders.slice(0, 8).map((o) => (
              <tr key={o.id}>
                <td className="mono">{o.id}</td>
                <td>{o.status ?? '—'}</td>
                <td className="num">{formatMoney(o.total, o.currency)}</td>
                <td>{formatDate(o.placedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h4 className="subhead">Previous tickets {tickets.length > 0 ? <span className="count">{tickets.length}</span> : null}</h4>
      {tickets.length === 0 ? (
        <p className="muted small">No previous tickets.</p>
      ) : (
        <ul className="ticket-list">
          {tickets.slice(0, 6).map((t) => (
            <li key={t.id}>
              <span className="mono small">{t.id}</span> <span>{t.subject ?? '—'}</span>{' '}
              <span className="muted small">
                {t.status ?? ''} {t.at ? `· ${formatDate(t.at)}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function FactRow({ label, value }: { label: string; value: string }) {
  return (
    <>
      <dt title={label}>{label}</dt>
      <dd>{value}</dd>
    </>
  );
}
