// The router's in-memory index of open hand-offs: per queue, those waiting (queued or offered) in priority order
// and those still queued; per agent, what is offered to them and what they hold (their load). It is built from the
// store once at start and then updated as each change commits, at O(log n) in the queue's length per change; the
// store stays the source of truth, and `snapshot()` of an index built from the store must equal the live one (the
// property tests check it after every step).
import type { HandoffPatch, HandoffRecord } from '../store/hub-store';
import type { HandoffStatus } from '../../shared/domain/handoff';
import { OrderedSet } from './ordered-set';

const OPEN = new Set<HandoffStatus>(['queued', 'offered', 'active']);

interface QueueSets {
  waiting: OrderedSet<HandoffRecord>;
  queued: OrderedSet<HandoffRecord>;
  /** Queued hand-offs someone without the queue's own skill might take: they name skills or a preferred agent. */
  special: OrderedSet<HandoffRecord>;
  /** The same as `waiting`, oldest first: the queue's longest wait without walking it. */
  byAge: OrderedSet<HandoffRecord>;
}

const byCreation = (a: HandoffRecord, b: HandoffRecord): number =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

export interface IndexSnapshot {
  queues: Record<string, string[]>;
  active: string[];
  load: Record<string, number>;
  /** Per queue, who has waited longest. */
  oldest: Record<string, string>;
}

export class QueueIndex {
  private readonly byId = new Map<string, HandoffRecord>();
  private readonly byQueue = new Map<string, QueueSets>();
  private readonly offers = new Map<string, Set<string>>();
  private readonly holds = new Map<string, Set<string>>();

  constructor(private readonly order: (a: HandoffRecord, b: HandoffRecord) => number) {}

  static build(open: HandoffRecord[], order: (a: HandoffRecord, b: HandoffRecord) => number): QueueIndex {
    const index = new QueueIndex(order);
    for (const h of open) index.add(h);
    return index;
  }

  private sets(queue: string): QueueSets {
    let q = this.byQueue.get(queue);
    if (!q) {
      q = { waiting: new OrderedSet(this.order), queued: new OrderedSet(this.order), special: new OrderedSet(this.order), byAge: new OrderedSet(byCreation) };
      this.byQueue.set(queue, q);
    }
    return q;
  }

  private static addTo(map: Map<string, Set<string>>, key: string, id: string): void {
    let set = map.get(key);
    if (!set) map.set(key, (set = new Set()));
    set.add(id);
  }
  private static removeFrom(map: Map<string, Set<string>>, key: string | undefined, id: string): void {
    if (key === undefined) return;
    const set = map.get(key);
    set?.delete(id);
    if (set && !set.size) map.delete(key);
  }

  /** Adds an open hand-off (ignores any other). */
  add(h: HandoffRecord): void {
    if (!OPEN.has(h.status)) return;
    this.byId.set(h.id, h);
    if (h.status === 'active') {
      if (h.agentId) QueueIndex.addTo(this.holds, h.agentId, h.id);
      return;
    }
    const q = this.sets(h.queue);
    q.waiting.insert(h);
    q.byAge.insert(h);
    if (h.status === 'queued') {
      q.queued.insert(h);
      if (h.skills.length || h.preferredAgentId) q.special.insert(h);
    } else if (h.offeredTo) QueueIndex.addTo(this.offers, h.offeredTo, h.id);
  }

  private detach(h: HandoffRecord): void {
    this.byId.delete(h.id);
    if (h.status === 'active') {
      QueueIndex.removeFrom(this.holds, h.agentId, h.id);
      return;
    }
    const q = this.byQueue.get(h.queue);
    if (q) {
      q.waiting.delete(h);
      q.byAge.delete(h);
      q.queued.delete(h);
      q.special.delete(h);
      if (!q.waiting.size) this.byQueue.delete(h.queue);
    }
    QueueIndex.removeFrom(this.offers, h.offeredTo, h.id);
  }

  /** Applies a committed patch (an undefined value clears the field); a hand-off that is no longer open leaves. */
  update(id: string, patch: HandoffPatch): HandoffRecord | undefined {
    const h = this.byId.get(id);
    if (!h) return undefined;
    this.detach(h);
    const rec = h as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) delete rec[k];
      else rec[k] = v;
    }
    this.add(h);
    return h;
  }

  get(id: string): HandoffRecord | undefined {
    return this.byId.get(id);
  }

  queues(): string[] {
    return [...this.byQueue.keys()];
  }

  waiting(queue: string): OrderedSet<HandoffRecord> | undefined {
    return this.byQueue.get(queue)?.waiting;
  }

  queued(queue: string): OrderedSet<HandoffRecord> | undefined {
    return this.byQueue.get(queue)?.queued;
  }

  special(queue: string): OrderedSet<HandoffRecord> | undefined {
    return this.byQueue.get(queue)?.special;
  }

  /** Who has waited longest in the queue (queued or offered), by when the hand-off was created. */
  oldestWaiting(queue: string): HandoffRecord | undefined {
    return this.byQueue.get(queue)?.byAge.at(0);
  }

  /** 1-based place among those waiting in its queue, or 0 when it is not waiting. */
  position(h: HandoffRecord): number {
    const w = this.byQueue.get(h.queue)?.waiting;
    return w && (h.status === 'queued' || h.status === 'offered') ? w.rank(h) + 1 : 0;
  }

  load(agentId: string): number {
    return (this.offers.get(agentId)?.size ?? 0) + (this.holds.get(agentId)?.size ?? 0);
  }

  activeCount(agentId: string): number {
    return this.holds.get(agentId)?.size ?? 0;
  }

  offersTo(agentId: string): HandoffRecord[] {
    return [...(this.offers.get(agentId) ?? [])].map((id) => this.byId.get(id)).filter((h): h is HandoffRecord => h !== undefined);
  }

  heldBy(agentId: string): HandoffRecord[] {
    return [...(this.holds.get(agentId) ?? [])].map((id) => this.byId.get(id)).filter((h): h is HandoffRecord => h !== undefined);
  }

  holders(): string[] {
    return [...this.holds.keys()];
  }

  all(): HandoffRecord[] {
    return [...this.byId.values()];
  }

  /** The routing state in a canonical form: equal for two indexes that would route identically. */
  snapshot(): IndexSnapshot {
    const queues: Record<string, string[]> = {};
    for (const name of [...this.byQueue.keys()].sort()) {
      queues[name] = [...this.byQueue.get(name)!.waiting].map(
        (h) => `${h.id}:${h.status}:${h.offeredTo ?? ''}:${h.preferredAgentId ?? ''}:${h.skills.join('+')}:${h.lastToldText ?? ''}:${h.lastToldAt ?? ''}`,
      );
    }
    const active = [...this.byId.values()].filter((h) => h.status === 'active').map((h) => `${h.id}:${h.agentId ?? ''}`).sort();
    const load: Record<string, number> = {};
    for (const agentId of [...new Set([...this.offers.keys(), ...this.holds.keys()])].sort()) load[agentId] = this.load(agentId);
    const oldest: Record<string, string> = {};
    for (const name of [...this.byQueue.keys()].sort()) oldest[name] = this.oldestWaiting(name)?.id ?? '';
    return { queues, active, load, oldest };
  }
}
