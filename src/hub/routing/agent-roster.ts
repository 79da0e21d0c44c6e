// Who the router knows of and who is connected: the agents' records (as last read from the store) and how many
// desks each has open. Two figures asked on every intake and dispatch are kept per change instead of walking
// every connected desk each time: the connected agents who are available (a dispatch then checks only their
// loads) and, per queue, how many connected agents serve it (the wait estimate). Any change to an agent or a
// connection drops both; the router's property tests fail if one goes stale.
import type { AgentRecord, HubStore } from '../store/hub-store';
import { agentServes } from './priority';

export class AgentRoster {
  private readonly agents = new Map<string, AgentRecord>();
  private readonly connections = new Map<string, number>();
  private available: AgentRecord[] | undefined;
  private readonly serving = new Map<string, number>();

  /** `load`: what the agent holds or is offered now (the queue index's count). */
  constructor(private readonly load: (agentId: string) => number) {}

  private changed(): void {
    this.available = undefined;
    this.serving.clear();
  }

  get(id: string): AgentRecord | undefined {
    return this.agents.get(id);
  }

  all(): IterableIterator<AgentRecord> {
    return this.agents.values();
  }

  set(agent: AgentRecord): void {
    this.agents.set(agent.id, agent);
    this.changed();
  }

  /** Reads the agent from the store again (their skills, capacity or status may have changed). */
  async refresh(store: HubStore, id: string): Promise<AgentRecord | undefined> {
    const a = await store.getAgent(id);
    if (a) this.agents.set(id, a);
    else this.agents.delete(id);
    this.changed();
    return a;
  }

  isConnected(id: string): boolean {
    return (this.connections.get(id) ?? 0) > 0;
  }

  /** One more desk open for this agent. */
  connect(id: string): void {
    this.connections.set(id, (this.connections.get(id) ?? 0) + 1);
    this.changed();
  }

  /** One desk fewer; answers how many are still open. */
  disconnect(id: string): number {
    const left = Math.max(0, (this.connections.get(id) ?? 0) - 1);
    if (left > 0) this.connections.set(id, left);
    else this.connections.delete(id);
    this.changed();
    return left;
  }

  canTakeOffers(a: AgentRecord): boolean {
    return this.isConnected(a.id) && a.status === 'available' && this.load(a.id) < a.capacity;
  }

  /** Connected, available agents with room for another conversation. */
  free(): AgentRecord[] {
    this.available ??= [...this.connections.keys()]
      .map((id) => this.agents.get(id))
      .filter((a): a is AgentRecord => a !== undefined && a.status === 'available' && a.capacity > 0);
    return this.available.filter((a) => this.canTakeOffers(a));
  }

  /** Connected agents who serve the queue by name and are not offline, whatever their load. */
  servingCount(queue: string): number {
    const cached = this.serving.get(queue);
    if (cached !== undefined) return cached;
    let n = 0;
    for (const id of this.connections.keys()) {
      const a = this.agents.get(id);
      if (a && a.status !== 'offline' && a.capacity > 0 && agentServes(a.skills, { queue, skills: [] })) n++;
    }
    this.serving.set(queue, n);
    return n;
  }
}
