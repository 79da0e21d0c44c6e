// What waiting customers are told as the queue moves. A customer is re-told only when what they would read
// changes (their place or the rounded wait), and at most once per `retellMs` (30 s by default); a queue is swept
// at most once per `sweepGapMs`, in one transaction for everyone whose telling is due. "Being connected" (at an
// offer), "joined" and the end are not throttled: they go out with the change itself (see the router).
import type { CustomerEvent, CustomerEventBody } from '../../shared/protocol/customer-events';
import type { ExpectationUpdate, HandoffPatch, HandoffRecord, HubStore } from '../store/hub-store';
import type { QueueIndex } from './queue-index';
import { KeyedTimers, type RouterTimers } from './offer-timers';
import { CONNECTING_KEY, intakeText, movedText, perceivedKey } from './customer-texts';

export interface ExpectationsDeps {
  store: HubStore;
  index: QueueIndex;
  now: () => number;
  timers: RouterTimers;
  retellMs: number;
  sweepGapMs: number;
  /** The wait estimate for a place in a queue. */
  estimator(queue: string): Promise<(position: number) => number>;
  /** Runs a timer callback under the router's lock. */
  guarded(what: string, fn: () => Promise<void>): () => void;
  told(conversationId: string, event: CustomerEvent): void;
}

export function createExpectations(deps: ExpectationsDeps) {
  const { now, retellMs, sweepGapMs } = deps;
  const sweeps = new KeyedTimers(deps.timers);
  const sweepAt = new Map<string, number>();
  const lastSweep = new Map<string, number>();
  const iso = (t: number): string => new Date(t).toISOString();

  function schedule(queue: string, at: number): void {
    const existing = sweepAt.get(queue);
    if (existing !== undefined && existing <= at) return;
    sweepAt.set(queue, at);
    sweeps.set(
      queue,
      deps.guarded('expectations', async () => {
        sweepAt.delete(queue);
        await sweep(queue);
      }),
      Math.max(0, at - now()),
    );
  }

  async function sweep(queue: string): Promise<void> {
    const t = now();
    lastSweep.set(queue, t);
    const waiting = deps.index.waiting(queue);
    if (!waiting) return;
    const estimate = await deps.estimator(queue);
    const updates: ExpectationUpdate[] = [];
    let due = Number.POSITIVE_INFINITY;
    let position = 0;
    for (const h of waiting) {
      position++;
      if (h.status !== 'queued') continue;
      // Someone whose offer was taken back has just been told they are being connected: tell them at once.
      const last = h.lastToldAt && h.lastToldText !== CONNECTING_KEY ? Date.parse(h.lastToldAt) : Number.NEGATIVE_INFINITY;
      if (last + retellMs > t) {
        // Too soon for this one: look again when it is due (cheaper than working out what they would read now).
        due = Math.min(due, last + retellMs);
        continue;
      }
      const seconds = estimate(position);
      const key = perceivedKey(position, seconds);
      if (key === h.lastToldText) continue;
      updates.push({
        handoffId: h.id,
        conversationId: h.conversationId,
        patch: { lastToldPosition: position, lastToldText: key, lastToldAt: iso(t) },
        body: { type: 'expectation', text: movedText(position, seconds), position, estimatedWaitSeconds: seconds },
        at: iso(t),
      });
    }
    if (updates.length) {
      const byConversation = new Map(updates.map((u) => [u.conversationId, u]));
      for (const { conversationId, event } of await deps.store.recordExpectations(updates, ['queued'])) {
        const u = byConversation.get(conversationId);
        if (u) deps.index.update(u.handoffId, u.patch);
        deps.told(conversationId, event);
      }
    }
    if (due !== Number.POSITIVE_INFINITY) schedule(queue, due);
  }

  return {
    /** The first telling, written with the hand-off itself; `h` must already be in the index. */
    async intake(h: HandoffRecord): Promise<{ body: CustomerEventBody & { type: 'expectation' }; patch: HandoffPatch }> {
      const position = Math.max(1, deps.index.position(h));
      const seconds = (await deps.estimator(h.queue))(position);
      return {
        body: { type: 'expectation', text: intakeText(h, position, seconds), position, estimatedWaitSeconds: seconds },
        patch: { lastToldPosition: position, lastToldText: perceivedKey(position, seconds), lastToldAt: iso(now()) },
      };
    },

    /** The queue moved: sweep it soon (at most once per sweepGapMs). */
    changed(queue: string): void {
      schedule(queue, Math.max(now(), (lastSweep.get(queue) ?? Number.NEGATIVE_INFINITY) + sweepGapMs));
    },

    stop(): void {
      sweeps.clearAll();
      sweepAt.clear();
    },
  };
}
