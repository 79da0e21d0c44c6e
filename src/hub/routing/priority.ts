// The order in which waiting hand-offs get an agent. By default VIP tier first, then frustrated customers
// (sentiment at or under the threshold), then whoever has waited longest; deployments may reorder the rules.
import type { HandoffRecord } from '../store/hub-store';

export type PriorityRule = 'vip' | 'frustration' | 'wait';
export const DEFAULT_PRIORITY_ORDER: PriorityRule[] = ['vip', 'frustration', 'wait'];

export function comparePriority(order: PriorityRule[]): (a: HandoffRecord, b: HandoffRecord) => number {
  return (a, b) => {
    for (const rule of order) {
      if (rule === 'vip' && a.vip !== b.vip) return a.vip ? -1 : 1;
      if (rule === 'frustration' && a.frustrated !== b.frustrated) return a.frustrated ? -1 : 1;
      if (rule === 'wait' && a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
    }
    // A stable tie-break keeps positions from flickering between two equal hand-offs.
    return a.createdAt === b.createdAt ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.createdAt < b.createdAt ? -1 : 1;
  };
}

/** The number shown to agents: 2 for VIP, 1 for frustration, 3 for both, 0 otherwise. */
export const priorityScore = (h: Pick<HandoffRecord, 'vip' | 'frustrated'>): number => (h.vip ? 2 : 0) + (h.frustrated ? 1 : 0);

/** An agent serves a hand-off when they have its queue as a skill, all of its skills, or the wildcard `*`. */
export function agentServes(agentSkills: string[], handoff: Pick<HandoffRecord, 'queue' | 'skills'>): boolean {
  if (agentSkills.includes('*') || agentSkills.includes(handoff.queue)) return true;
  return handoff.skills.length > 0 && handoff.skills.every((s) => agentSkills.includes(s));
}
