// The router's timers, by key: offer timeouts per hand-off, reconnect grace per agent, and the one re-offer retry
// (the earliest moment a passed-over agent may be asked again). Callbacks are wrapped by the router so they run
// under its lock and never after it stopped.
export interface RouterTimers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realTimers: RouterTimers = {
  set: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export class KeyedTimers {
  private readonly handles = new Map<string, unknown>();
  constructor(private readonly timers: RouterTimers) {}

  set(key: string, fn: () => void, ms: number): void {
    this.clear(key);
    this.handles.set(
      key,
      this.timers.set(() => {
        this.handles.delete(key);
        fn();
      }, ms),
    );
  }

  has(key: string): boolean {
    return this.handles.has(key);
  }

  clear(key: string): void {
    const h = this.handles.get(key);
    if (h !== undefined) this.timers.clear(h);
    this.handles.delete(key);
  }

  clearAll(): void {
    for (const h of this.handles.values()) this.timers.clear(h);
    this.handles.clear();
  }
}

/** One timer for the earliest of many requested moments. */
export class EarliestTimer {
  private handle: unknown;
  private at = Number.POSITIVE_INFINITY;
  constructor(
    private readonly timers: RouterTimers,
    private readonly now: () => number,
    private readonly fire: () => void,
  ) {}

  request(at: number): void {
    if (at >= this.at) return;
    if (this.handle !== undefined) this.timers.clear(this.handle);
    this.at = at;
    this.handle = this.timers.set(() => {
      this.handle = undefined;
      this.at = Number.POSITIVE_INFINITY;
      this.fire();
    }, Math.max(0, at - this.now()));
  }

  clear(): void {
    if (this.handle !== undefined) this.timers.clear(this.handle);
    this.handle = undefined;
    this.at = Number.POSITIVE_INFINITY;
  }
}
