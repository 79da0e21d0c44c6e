// What waiting customers are told as the queue moves. A customer is re-told only when what they would read
// changes (their place or the rounded wait), and at most once per `retellMs` (30 s by default); a queue is swept
// at most once per `sweepGapMs`, in one transaction for everyone whose telling is due. "Being connected" (at an
// offer), "joined" and the end are not throttled: they go out with the change itself (see the router).
//
// A sweep costs what it tells, not the queue's length. Per queue, every queued customer is either pending (by the
// moment they may next be told) or parked (their telling fell due, but what they would read had not changed, so
// they wait at the place they were told). A sweep takes only the pending customers who are due. Parked customers
// go back to pending when someone ahead of them joins or leaves the line (the router says from which place the
// queue moved) or when the wait estimate changes, which are the only ways what they would read can change.
import type { CustomerEvent, CustomerEventBody } from '../../shared/protocol/customer-events';
import type { ExpectationUpdate, HandoffPatch, HandoffRecord, HubStore } from '../store/hub-store';
import type { QueueIndex } from './queue-index';
import type { WaitEstimate } from './wait-estimator';
import { OrderedSet } from './ordered-set';
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
  estimator(queue: string): Promise<WaitEstimate>;
  /** Runs a timer callback under the router's lock for that queue. */
  guarded(what: string, fn: () => Promise<void>, queue: string): () => void;
  told(conversationId: string, event: CustomerEvent): void;
}

interface Pending {
  id: string;
  /** When they may next be told (-Infinity: at once). */
  at: number;
}
interface Parked {
  id: string;
  /** The place they were told, which is still theirs while nobody ahead of them joined or left. */
  position: number;
}
interface Line {
  pending: OrderedSet<Pending>;
  parked: OrderedSet<Parked>;
  entries: Map<string, { pending: Pending } | { parked: Parked }>;
  /** The first place from which the queue moved since the last sweep (Infinity: it did not). */
  movedFrom: number;
  /** The estimate's inputs at the last sweep. */
  estimate: string | undefined;
}

const byDue = (a: Pending, b: Pending): number => (a.at !== b.at ? (a.at < b.at ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const byPlace = (a: Parked, b: Parked): number => (a.position !== b.position ? a.position - b.position : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function createExpectations(deps: ExpectationsDeps) {
  const { now, retellMs, sweepGapMs } = deps;
  const sweeps = new KeyedTimers(deps.timers);
  const sweepAt = new Map<string, number>();
  const lastSweep = new Map<string, number>();
  const lines = new Map<string, Line>();
  const iso = (t: number): string => new Date(t).toISOString();

  function line(queue: string): Line {
    let l = lines.get(queue);
    if (!l) {
      l = { pending: new OrderedSet(byDue), parked: new OrderedSet(byPlace), entries: new Map(), movedFrom: Number.POSITIVE_INFINITY, estimate: undefined };
      lines.set(queue, l);
    }
    return l;
  }

  function untrack(l: Line, id: string): void {
    const e = l.entries.get(id);
    if (!e) return;
    if ('pending' in e) l.pending.delete(e.pending);
    else l.parked.delete(e.parked);
    l.entries.delete(id);
  }

  function pend(l: Line, id: string, at: number): void {
    untrack(l, id);
    const p = { id, at };
    l.pending.insert(p);
    l.entries.set(id, { pending: p });
  }

  /** When a customer may next be told: at once after "being connected" or if never told, else retellMs after. */
  const dueAt = (h: HandoffRecord): number =>
    h.lastToldAt && h.lastToldText !== CONNECTING_KEY ? Date.parse(h.lastToldAt) + retellMs : Number.NEGATIVE_INFINITY;

  function schedule(queue: string, at: number): void {
    const existing = sweepAt.get(queue);
    if (existing !== undefined && existing <= at) return;
    sweepAt.set(queue, at);
    sweeps.set(
      queue,
      deps.guarded(
        'expectations',
        async () => {
          sweepAt.delete(queue);
          await sweep(queue);
        },
        queue,
      ),
      Math.max(0, at - now()),
    );
  }

  const isWaitingIn = (h: HandoffRecord | undefined, queue: string): h is HandoffRecord => h !== undefined && h.status === 'queued' && h.queue === queue;

  /** Those of `ids` this sweep left neither pending nor parked, but who still wait in the queue, are due at `at`. */
  function repend(l: Line, queue: string, ids: string[], at: number): void {
    for (const id of ids) if (!l.entries.has(id) && isWaitingIn(deps.index.get(id), queue)) pend(l, id, at);
  }

  async function sweep(queue: string): Promise<void> {
    const t = now();
    lastSweep.set(queue, t);
    const l = lines.get(queue);
    if (!l) return;
    // Who this sweep takes from pending; if it fails part-way (a store error), they are due again and the queue is
    // swept again shortly, so nobody drops out of the bookkeeping.
    const taken: string[] = [];
    try {
      const estimate = await deps.estimator(queue);
      if (estimate.inputs !== l.estimate) {
        l.estimate = estimate.inputs;
        l.movedFrom = 1;
      }
      // Those parked at or behind the first place that moved may read something new: they are due again.
      for (let last = l.parked.at(l.parked.size - 1); last && last.position >= l.movedFrom; last = l.parked.at(l.parked.size - 1)) {
        pend(l, last.id, Number.NEGATIVE_INFINITY);
      }
      l.movedFrom = Number.POSITIVE_INFINITY;
      const updates: ExpectationUpdate[] = [];
      for (let next = l.pending.at(0); next && next.at <= t; next = l.pending.at(0)) {
        untrack(l, next.id);
        const h = deps.index.get(next.id);
        if (!isWaitingIn(h, queue)) continue;
        taken.push(h.id);
        const position = deps.index.position(h);
        const seconds = estimate(position);
        const key = perceivedKey(position, seconds);
        if (key === h.lastToldText) {
          const p = { id: h.id, position };
          l.parked.insert(p);
          l.entries.set(h.id, { parked: p });
          continue;
        }
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
          if (u) {
            deps.index.update(u.handoffId, u.patch);
            pend(l, u.handoffId, t + retellMs);
          }
          deps.told(conversationId, event);
        }
        // One the store did not tell (it was no longer queued there) but the index still has waiting is looked at
        // again at its next turn rather than forgotten.
        repend(l, queue, updates.map((u) => u.handoffId), t + retellMs);
      }
    } catch (e) {
      repend(l, queue, taken, Number.NEGATIVE_INFINITY);
      l.movedFrom = 1;
      schedule(queue, now() + sweepGapMs);
      throw e;
    }
    const first = l.pending.at(0);
    if (first) schedule(queue, first.at);
    else if (!l.parked.size) {
      lines.delete(queue);
      lastSweep.delete(queue);
    }
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

    /** `h` is queued now (it arrived, or came back to the queue): it is told again once its telling falls due. */
    track(h: HandoffRecord): void {
      if (h.status === 'queued') pend(line(h.queue), h.id, dueAt(h));
    },

    /**
     * The queue moved: everyone from 1-based place `from` on may have a new place (the default, 1, is everyone;
     * Infinity is nobody, when only the estimate may have changed). Sweeps it soon (at most once per sweepGapMs).
     */
    changed(queue: string, from = 1): void {
      const l = lines.get(queue);
      if (l) l.movedFrom = Math.min(l.movedFrom, from);
      schedule(queue, Math.max(now(), (lastSweep.get(queue) ?? Number.NEGATIVE_INFINITY) + sweepGapMs));
    },

    /**
     * For the property tests: who would be told something new if the queue were walked in full now (their telling
     * is due and what they would read changed), and when the queue's next sweep is scheduled.
     */
    async stale(queue: string): Promise<{ ids: string[]; sweepAt: number | undefined }> {
      const t = now();
      const estimate = await deps.estimator(queue);
      const ids: string[] = [];
      let position = 0;
      for (const h of deps.index.waiting(queue) ?? []) {
        position++;
        if (h.status !== 'queued' || dueAt(h) > t) continue;
        if (perceivedKey(position, estimate(position)) !== h.lastToldText) ids.push(h.id);
      }
      return { ids, sweepAt: sweepAt.get(queue) };
    },

    stop(): void {
      sweeps.clearAll();
      sweepAt.clear();
      lines.clear();
    },
  };
}
