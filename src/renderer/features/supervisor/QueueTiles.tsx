// One wallboard tile per queue: how many wait, the longest and estimated wait, service level and abandoned.
import type { QueueSnapshot } from '../../../shared/domain/conversation';
import type { AgentPresence } from '../../../shared/protocol/agent-socket';
import { formatDuration, formatPercent } from '../../lib/format';
import { queueStaffing, serviceLevelTone, waitTone } from './supervisor-selectors';

export function QueueTiles({ queues, agents }: { queues: QueueSnapshot[]; agents: AgentPresence[] }) {
  if (queues.length === 0) return <p className="sv-empty muted">No queues reported yet. They appear when the hub has hand-offs or agents.</p>;
  return (
    <div className="sv-tiles">
      {queues.map((q) => (
        <QueueTile key={q.queue} q={q} staffing={queueStaffing(agents, q.queue)} />
      ))}
    </div>
  );
}

function QueueTile({ q, staffing }: { q: QueueSnapshot; staffing: { available: number; online: number } }) {
  const sl = serviceLevelTone(q.serviceLevel);
  const longest = waitTone(q.longestWaitSeconds);
  return (
    <section className={`sv-tile ${q.waiting > 0 && staffing.available === 0 ? 'is-unstaffed' : ''}`} data-testid="queue-tile" aria-label={`Queue ${q.queue}`}>
      <header className="sv-tile-head">
        <h3>{q.queue}</h3>
        <span
          className={`sv-chip ${staffing.available > 0 ? 'tone-ok' : staffing.online > 0 ? 'tone-warn' : 'tone-bad'}`}
          data-testid="queue-staffing"
          title="Available: online and taking new conversations. Online: a connected desk, available or away."
        >
          {staffing.online === 0 ? 'Nobody online' : `${staffing.available} of ${staffing.online} available`}
        </span>
      </header>
      <div className="sv-tile-main">
        <div className="sv-tile-waiting">
          <span className={`sv-big tabular ${q.waiting > 0 ? `tone-${longest}` : ''}`}>{q.waiting}</span>
          <span className="sv-label">waiting</span>
        </div>
        <dl className="sv-tile-stats">
          <div>
            <dt>Longest wait</dt>
            <dd className={`tabular tone-${longest}`}>{formatDuration(q.longestWaitSeconds)}</dd>
          </div>
          <div>
            <dt>Est. wait</dt>
            <dd className="tabular">{formatDuration(q.estimatedWaitSeconds)}</dd>
          </div>
          <div>
            <dt>Abandoned</dt>
            <dd className={`tabular ${q.abandoned > 0 ? 'tone-warn' : ''}`}>{q.abandoned}</dd>
          </div>
        </dl>
      </div>
      <div className="sv-sl">
        <div className="sv-sl-head">
          <span className="sv-label">Service level</span>
          <span className={`tabular sv-sl-value tone-${sl}`}>{formatPercent(q.serviceLevel)}</span>
        </div>
        <div className="sv-meter" role="meter" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(q.serviceLevel * 100)} aria-label="Service level">
          <div className={`sv-meter-fill bg-${sl}`} style={{ width: `${Math.round(Math.min(1, Math.max(0, q.serviceLevel)) * 100)}%` }} />
          <div className="sv-meter-target" style={{ left: '80%' }} title="Target 80%" />
        </div>
      </div>
    </section>
  );
}
