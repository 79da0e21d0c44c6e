// The wait a customer is told, per queue: recent answer and handle times read from the store once and kept until
// something in the queue is answered or ends, and the connected agents who serve it (AgentRoster).
import type { HubStore } from '../store/hub-store';
import { estimateWait } from './estimate-wait';

/** The estimate for each place in the queue; `inputs` is equal for two estimates that give the same answers. */
export type WaitEstimate = ((position: number) => number) & { readonly inputs: string };

export interface WaitEstimator {
  /** The estimate for each place in the queue, as things stand. */
  forQueue(queue: string): Promise<WaitEstimate>;
  /** The queue's answer or handle times changed: read them again next time. */
  forget(queue: string): void;
}

export function createWaitEstimator(store: HubStore, servingCount: (queue: string) => number): WaitEstimator {
  const stats = new Map<string, { recent: number[]; handle: number | undefined }>();
  // Bumped by forget: a read that a forget overtook (a report runs outside the router's locks) is used once, not kept.
  let generation = 0;
  return {
    async forQueue(queue) {
      let s = stats.get(queue);
      if (!s) {
        const at = generation;
        s = { recent: await store.recentAnswerSeconds(queue, 20), handle: await store.averageHandleSeconds(queue, 50) };
        if (at === generation) stats.set(queue, s);
      }
      const { recent, handle } = s;
      const serving = servingCount(queue);
      const at = (position: number): number =>
        estimateWait({ position, recentAnswerSeconds: recent, agentsAvailable: serving, ...(handle !== undefined ? { averageHandleSeconds: handle } : {}) });
      return Object.assign(at, { inputs: `${serving}|${handle ?? ''}|${recent.join(',')}` });
    },
    forget: (queue) => {
      generation++;
      stats.delete(queue);
    },
  };
}
