// Router timers on a simulated clock: callbacks wait until the test moves the clock past their moment and fires
// them. Shared by the router's tests that drive time themselves.
import type { RouterTimers } from '../../src/hub/routing/handoff-router';

export interface SimTimers {
  timers: RouterTimers;
  /** Runs every callback due by now (and those they set that are due too), letting `settle` run after each round. */
  fireDue(settle: () => Promise<void>): Promise<void>;
  /** When each pending callback is due. */
  dueTimes(): number[];
}

export function simTimers(now: () => number): SimTimers {
  const pending = new Map<number, { due: number; fn: () => void }>();
  let ids = 0;
  return {
    timers: {
      set: (fn, ms) => {
        pending.set(++ids, { due: now() + ms, fn });
        return ids;
      },
      clear: (h) => pending.delete(h as number),
    },
    async fireDue(settle) {
      for (;;) {
        const due = [...pending].filter(([, t]) => t.due <= now()).sort((a, b) => a[1].due - b[1].due);
        if (!due.length) return;
        for (const [id, t] of due) {
          pending.delete(id);
          t.fn();
        }
        await settle();
      }
    },
    dueTimes: () => [...pending.values()].map((t) => t.due),
  };
}
