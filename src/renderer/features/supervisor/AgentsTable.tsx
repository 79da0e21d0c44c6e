// Who is on shift: status, load against capacity, whether their desk is connected, and what they serve.
import type { AgentPresence } from '../../../shared/protocol/agent-socket';

const statusOf = (a: AgentPresence): 'available' | 'away' | 'offline' => (a.connected ? a.status : 'offline');
const order = { available: 0, away: 1, offline: 2 };

export function AgentsTable({ agents: everyone }: { agents: AgentPresence[] }) {
  // Supervisors take no conversations: the table is the team that serves customers.
  const agents = everyone.filter((a) => a.role !== 'supervisor');
  const sorted = [...agents].sort((a, b) => order[statusOf(a)] - order[statusOf(b)] || a.name.localeCompare(b.name));
  const online = agents.filter((a) => a.connected).length;
  return (
    <section className="card sv-panel" aria-label="Agents">
      <header className="card-header">
        <h3>Agents</h3>
        <span className="muted small">
          {online} of {agents.length} connected
        </span>
      </header>
      {agents.length === 0 ? (
        <p className="sv-empty muted">No agents yet.</p>
      ) : (
        <table className="sv-table" data-testid="agents-table">
          <thead>
            <tr>
              <th>Agent</th>
              <th>Status</th>
              <th>Load</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((a) => {
              const status = statusOf(a);
              const full = a.capacity > 0 && a.activeConversations >= a.capacity;
              return (
                <tr key={a.id} data-testid="agent-row">
                  <td>
                    <div className="sv-agent">
                      <span className="sv-avatar" aria-hidden="true">
                        {a.name.slice(0, 1).toUpperCase()}
                      </span>
                      <span className="sv-agent-text">
                        <span className="sv-agent-name">{a.name}</span>
                        <span className="muted small sv-skills">{a.skills.length ? a.skills.join(', ') : 'No queues'}</span>
                      </span>
                    </div>
                  </td>
                  <td>
                    <span className={`sv-status sv-status-${status}`}>
                      <span className="sv-dot" aria-hidden="true" />
                      {status === 'available' ? 'Available' : status === 'away' ? 'Away' : a.connected ? 'Offline' : 'Disconnected'}
                    </span>
                  </td>
                  <td>
                    <div className="sv-load">
                      <span className={`tabular ${full ? 'tone-warn' : ''}`}>
                        {a.activeConversations}/{a.capacity}
                      </span>
                      <span className="sv-load-bar" aria-hidden="true">
                        <span style={{ width: `${a.capacity ? Math.min(100, (a.activeConversations / a.capacity) * 100) : 0}%` }} className={full ? 'bg-warn' : 'bg-ok'} />
                      </span>
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
