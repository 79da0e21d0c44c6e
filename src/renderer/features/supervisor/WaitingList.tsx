// The customers waiting for a person, in serving order, with why they were handed off and how long they have
// waited (ticking), and a Reassign action that offers the conversation to a chosen agent with room.
import { TRIGGER_BADGES } from '../../../shared/domain/triggers';
import { useState } from 'react';
import type { WaitingConversation } from '../../../shared/domain/supervisor';
import type { AgentPresence } from '../../../shared/protocol/agent-socket';
import { useDesk } from '../../app/store-context';
import { formatDuration, secondsSince } from '../../lib/format';
import { useNow } from '../../lib/use-now';
import { reassignCandidates, waitTone } from './supervisor-selectors';

export { TRIGGER_BADGES };

/** 1st, 2nd, 3rd, 4th… : a place in line reads as one, not as a row number. */
export function ordinal(n: number): string {
  const tens = n % 100;
  const last = n % 10;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : last === 1 ? 'st' : last === 2 ? 'nd' : last === 3 ? 'rd' : 'th';
  return `${n}${suffix}`;
}

export function WaitingList({ waiting, agents, filtered }: { waiting: WaitingConversation[]; agents: AgentPresence[]; filtered: boolean }) {
  return (
    <section className="card sv-panel sv-waiting" aria-label="Waiting list">
      <header className="card-header">
        <h3>Waiting now</h3>
        <span className="muted small">
          {waiting.length === 1 ? '1 customer' : `${waiting.length} customers`} · in serving order, place in line per queue
        </span>
      </header>
      {waiting.length === 0 ? (
        <p className="sv-empty muted">{filtered ? 'Nobody waits in the chosen queue or trigger.' : 'Nobody is waiting. Every hand-off has an agent.'}</p>
      ) : (
        <table className="sv-table">
          <thead>
            <tr>
              <th className="num" title="Place in line within the customer's own queue (each queue is served on its own)">
                In line
              </th>
              <th>Customer</th>
              <th>Reason</th>
              <th className="num">Waited</th>
              <th className="num">Est.</th>
              <th>Reassign to</th>
            </tr>
          </thead>
          <tbody>
            {waiting.map((w) => (
              <WaitingRow key={w.handoffId} w={w} agents={agents} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function WaitingRow({ w, agents }: { w: WaitingConversation; agents: AgentPresence[] }) {
  // Each row ticks from the shared one-second clock.
  const waited = secondsSince(w.waitingSince, useNow());
  const reassign = useDesk((s) => s.reassign);
  const busy = useDesk((s) => s.reassigning.includes(w.handoffId));
  const [agentId, setAgentId] = useState('');
  const candidates = reassignCandidates(agents, w.queue);
  const chosen = candidates.some((c) => c.id === agentId) ? agentId : '';
  return (
    <tr data-testid="waiting-row" data-handoff-id={w.handoffId}>
      <td className="num muted" data-testid="waiting-position" title={`${ordinal(w.position)} in line in the ${w.queue} queue`}>
        {ordinal(w.position)}
      </td>
      <td>
        <div className="sv-customer">
          <span className="sv-customer-name">{w.customerName}</span>
          {w.vip ? <span className="badge badge-vip">VIP</span> : w.tier && w.tier !== 'standard' ? <span className="badge badge-neutral">{w.tier}</span> : null}
          {w.frustrated ? <span className="badge badge-frustrated">Frustrated</span> : null}
        </div>
        <div className="muted small">
          {w.queue}
          {w.status === 'offered' ? ' · being offered' : ''}
        </div>
      </td>
      <td className="sv-reason">
        <span className={`sv-trigger trigger-${w.trigger}`}>{TRIGGER_BADGES[w.trigger]}</span>
        {w.detail ? (
          <span className="sv-detail muted small" title={w.detail}>
            {w.detail}
          </span>
        ) : null}
      </td>
      <td className={`num tabular sv-waited tone-${waitTone(waited)}`}>{formatDuration(waited)}</td>
      <td className="num tabular muted">{formatDuration(w.estimatedWaitSeconds)}</td>
      <td>
        <form
          className="sv-reassign"
          onSubmit={(e) => {
            e.preventDefault();
            if (chosen) void reassign(w.handoffId, chosen).then((done) => done && setAgentId(''));
          }}
        >
          <select
            value={chosen}
            onChange={(e) => setAgentId(e.target.value)}
            aria-label={`Agent for ${w.customerName}`}
            data-testid="reassign-select"
            disabled={candidates.length === 0}
          >
            <option value="">{candidates.length ? 'Choose agent…' : 'No agent free'}</option>
            {candidates.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name} ({a.activeConversations}/{a.capacity}){a.servesQueue ? '' : ' · other queue'}
              </option>
            ))}
          </select>
          <button type="submit" className="button small primary-outline" data-testid="reassign-submit" disabled={!chosen || busy}>
            {busy ? 'Assigning…' : 'Assign'}
          </button>
        </form>
      </td>
    </tr>
  );
}
