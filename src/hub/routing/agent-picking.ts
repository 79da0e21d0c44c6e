// Picking the agent for a hand-off: pure, from what the router knows in memory. Whoever declined it or let it time
// out is passed over while anyone else eligible is free; once nobody else is, they are asked again after the
// re-offer delay (the one who declined longest ago first), so a customer is never stranded while someone who
// could help is online. Among the fresh, the least loaded relative to capacity goes first, then whoever has
// waited longest for an offer.
import type { AgentRecord, HandoffRecord } from '../store/hub-store';
import { agentServes } from './priority';

export interface PickInput {
  handoff: Pick<HandoffRecord, 'queue' | 'skills' | 'preferredAgentId'>;
  /** Agents who can take an offer now (connected, available, under capacity). */
  free: AgentRecord[];
  load: (agentId: string) => number;
  /** Who declined or missed this hand-off, and when (ms). */
  declines: Map<string, number>;
  lastOfferAt: (agentId: string) => number;
  now: number;
  reofferAfterMs: number;
}

export type AgentPick = { agent: AgentRecord } | { retryAt: number } | { none: true };

export function pickAgent(input: PickInput): AgentPick {
  const { handoff: h, free, declines, load } = input;
  if (h.preferredAgentId && !declines.has(h.preferredAgentId)) {
    const preferred = free.find((a) => a.id === h.preferredAgentId);
    if (preferred) return { agent: preferred };
  }
  const able = free.filter((a) => agentServes(a.skills, h));
  if (!able.length) return { none: true };
  const fresh = able.filter((a) => !declines.has(a.id));
  if (!fresh.length) {
    let first = able[0]!;
    for (const a of able) if ((declines.get(a.id) ?? 0) < (declines.get(first.id) ?? 0)) first = a;
    const askAgainAt = (declines.get(first.id) ?? 0) + input.reofferAfterMs;
    return askAgainAt <= input.now ? { agent: first } : { retryAt: askAgainAt };
  }
  let best = fresh[0]!;
  const better = (a: AgentRecord, b: AgentRecord): boolean => {
    const ra = load(a.id) / a.capacity;
    const rb = load(b.id) / b.capacity;
    if (ra !== rb) return ra < rb;
    const la = input.lastOfferAt(a.id);
    const lb = input.lastOfferAt(b.id);
    if (la !== lb) return la < lb;
    return a.id < b.id;
  };
  for (const a of fresh) if (better(a, best)) best = a;
  return { agent: best };
}
