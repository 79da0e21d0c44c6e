// Supervisor console (role-gated): a wallboard of per-queue tiles, the waiting list with reasons and reassign,
// agents with status and load, and the KPIs over time, filtered by queue and trigger. While it is on screen it
// refreshes every 10 s (and the waiting list whenever the hub pushes new queue numbers).
import { useEffect } from 'react';
import { useDesk } from '../../app/store-context';
import { formatClock } from '../../lib/format';
import { TRIGGER_LABELS, isTrigger } from '../../../shared/domain/triggers';
import { AgentsTable } from './AgentsTable';
import { KpiCharts } from './KpiCharts';
import { QueueTiles } from './QueueTiles';
import { filterOptions, queueStaffing, visibleQueues, visibleWaiting } from './supervisor-selectors';
import { WaitingList } from './WaitingList';
import './supervisor.css';

export const REFRESH_MS = 10_000;

export function SupervisorConsole() {
  const role = useDesk((s) => s.agent?.role);
  if (role !== 'supervisor') {
    return (
      <div className="empty-state" data-testid="supervisor-gate">
        <h2>Supervisors only</h2>
        <p className="muted">The supervisor console shows every queue, who waits and the team&apos;s KPIs. Your token is an agent token: ask your admin for a supervisor token and paste it in Settings.</p>
      </div>
    );
  }
  return <Console />;
}

function Console() {
  const queues = useDesk((s) => s.queues);
  const agents = useDesk((s) => s.agents);
  const waiting = useDesk((s) => s.waiting);
  const metrics = useDesk((s) => s.metrics);
  const filters = useDesk((s) => s.supervisorFilters);
  const error = useDesk((s) => s.supervisorError);
  const updatedAt = useDesk((s) => s.supervisorUpdatedAt);
  const load = useDesk((s) => s.loadSupervisor);
  const loadMetrics = useDesk((s) => s.loadMetrics);
  const setFilters = useDesk((s) => s.setSupervisorFilters);

  // Refresh on open and every 10 s while the page is visible; the KPIs every minute (they move slowly).
  useEffect(() => {
    void load();
    void loadMetrics();
    let ticks = 0;
    const timer = setInterval(() => {
      if (typeof document !== 'undefined' && document.visibilityState === 'hidden') return;
      ticks += 1;
      void load();
      if (ticks % 6 === 0) void loadMetrics();
    }, REFRESH_MS);
    const onVisible = () => {
      if (document.visibilityState === 'visible') void load();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [load, loadMetrics]);

  const options = filterOptions(queues, waiting, metrics);
  const shownQueues = visibleQueues(queues, filters);
  const shownWaiting = visibleWaiting(waiting, filters);
  const totalWaiting = shownQueues.reduce((n, q) => n + q.waiting, 0);
  // The same count as the tiles: online = a connected desk, available = online and taking conversations.
  const staffing = queueStaffing(agents, filters.queue);

  return (
    <div className="supervisor sv" data-testid="supervisor-console">
      <header className="sv-header">
        <div className="sv-title">
          <h1>Supervisor console</h1>
          <span className="sv-live muted small">
            <span className={`sv-live-dot ${error ? 'is-stale' : ''}`} aria-hidden="true" />
            {error ? 'Not refreshed' : 'Live'}
            {updatedAt ? ` · updated ${formatClock(new Date(updatedAt).toISOString())}` : ''}
          </span>
        </div>
        <div className="sv-summary" aria-label="Summary">
          <span>
            <strong className="tabular">{totalWaiting}</strong> waiting
          </span>
          <span data-testid="summary-staffing">
            <strong className="tabular">{staffing.available}</strong> of <strong className="tabular">{staffing.online}</strong> online {staffing.online === 1 ? 'agent' : 'agents'} available
          </span>
        </div>
        <div className="sv-filters">
          <label>
            <span className="sv-label">Queue</span>
            <select value={filters.queue ?? ''} onChange={(e) => setFilters({ queue: e.target.value || undefined })} data-testid="filter-queue">
              <option value="">All queues</option>
              {options.queues.map((q) => (
                <option key={q} value={q}>
                  {q}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span className="sv-label">Trigger</span>
            <select
              value={filters.trigger ?? ''}
              onChange={(e) => {
                const t = e.target.value;
                setFilters({ trigger: isTrigger(t) ? t : undefined });
              }}
              data-testid="filter-trigger"
            >
              <option value="">All triggers</option>
              {options.triggers.map((t) => (
                <option key={t} value={t}>
                  {TRIGGER_LABELS[t]}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className="button"
            onClick={() => {
              void load();
              void loadMetrics();
            }}
          >
            Refresh
          </button>
        </div>
      </header>
      {error ? (
        <p className="error-banner" role="alert">
          {error}
        </p>
      ) : null}
      <QueueTiles queues={shownQueues} agents={agents} />
      <div className="sv-columns">
        <WaitingList waiting={shownWaiting} agents={agents} filtered={Boolean(filters.queue || filters.trigger)} />
        <AgentsTable agents={agents} />
      </div>
      <KpiCharts />
    </div>
  );
}
