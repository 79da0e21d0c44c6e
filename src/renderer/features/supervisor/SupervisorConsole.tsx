// Supervisor console (role-gated): queue tiles pushed by the hub, agents with status and load, reassign.
import { useEffect, useState } from 'react';
import { useDesk } from '../../app/store-context';
import { formatDuration, formatPercent } from '../../lib/format';

export function SupervisorConsole() {
  const role = useDesk((s) => s.agent?.role);
  const queues = useDesk((s) => s.queues);
  const agents = useDesk((s) => s.agents);
  const error = useDesk((s) => s.supervisorError);
  const load = useDesk((s) => s.loadSupervisor);
  const reassign = useDesk((s) => s.reassign);
  const [handoffId, setHandoffId] = useState('');
  const [agentId, setAgentId] = useState('');

  useEffect(() => {
    if (role === 'supervisor') void load();
  }, [role, load]);

  if (role !== 'supervisor') return <div className="empty-state muted">The supervisor console is for supervisors.</div>;

  return (
    <div className="supervisor" data-testid="supervisor-console">
      <header className="supervisor-header">
        <h1>Queues</h1>
        <button type="button" className="button" onClick={() => void load()}>
          Refresh
        </button>
      </header>
      {error ? <p className="error-line">{error}</p> : null}
      <div className="queue-tiles">
        {queues.length === 0 ? <p className="muted">No queues reported yet.</p> : null}
        {queues.map((q) => (
          <section key={q.queue} className="card queue-tile" data-testid="queue-tile">
            <header className="card-header">
              <h3>{q.queue}</h3>
              <span className="muted small">{q.agentsAvailable} available</span>
            </header>
            <div className="tile-stats">
              <Stat label="Waiting" value={String(q.waiting)} />
              <Stat label="Longest wait" value={formatDuration(q.longestWaitSeconds)} />
              <Stat label="Est. wait" value={formatDuration(q.estimatedWaitSeconds)} />
              <Stat label="Service level" value={formatPercent(q.serviceLevel)} warn={q.serviceLevel < 0.8} />
              <Stat label="Abandoned" value={String(q.abandoned)} warn={q.abandoned > 0} />
            </div>
          </section>
        ))}
      </div>
      <section className="card">
        <header className="card-header">
          <h3>Agents</h3>
        </header>
        <table className="mini-table agents-table" data-testid="agents-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Status</th>
              <th>Load</th>
              <th>Skills</th>
            </tr>
          </thead>
          <tbody>
            {agents.map((a) => (
              <tr key={a.id}>
                <td>{a.name}</td>
                <td>
                  <span className={`status-pill status-${a.connected ? a.status : 'offline'}`}>{a.connected ? a.status : 'offline'}</span>
                </td>
                <td className="tabular">
                  {a.activeConversations} / {a.capacity}
                </td>
                <td className="muted small">{a.skills.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card">
        <header className="card-header">
          <h3>Reassign a conversation</h3>
        </header>
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (handoffId.trim() && agentId) void reassign(handoffId.trim(), agentId).then((done) => done && setHandoffId(''));
          }}
        >
          <input value={handoffId} onChange={(e) => setHandoffId(e.target.value)} placeholder="Hand-off id" aria-label="Hand-off id" />
          <select value={agentId} onChange={(e) => setAgentId(e.target.value)} aria-label="Agent">
            <option value="">Choose an agent…</option>
            {agents.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
          <button type="submit" className="button primary" disabled={!handoffId.trim() || !agentId}>
            Reassign
          </button>
        </form>
      </section>
    </div>
  );
}

function Stat({ label, value, warn }: { label: string; value: string; warn?: boolean }) {
  return (
    <div className={`stat ${warn ? 'is-warn' : ''}`}>
      <div className="stat-value tabular">{value}</div>
      <div className="stat-label muted small">{label}</div>
    </div>
  );
}
