// The router's locks and its outbox.
// - Routing lock, shared or exclusive. An operation confined to one queue (an intake, an accept, that queue's
//   expectations sweep) takes it shared plus that queue's own lock, so unrelated queues never wait for each other.
//   An operation that can free or take an agent's slot, or that spans queues (a decline, a timeout, an end, a
//   transfer, agents coming and going), takes it exclusive. Waiters are served in arrival order, so a stream of
//   intakes never starves an exclusive operation.
// - A hand-off's (or a conversation's) lock comes first, before the routing lock; messages take only that one, so
//   message traffic never waits for routing. Locks are always taken in that order (own, routing, queues by name),
//   so no two operations wait for each other.
// What an operation announces is queued in the outbox while it runs and delivered, in order, only once the store
// says everything written so far is durable; the locks are released before that wait, so concurrent operations
// share one commit.

export type Delivery = () => void;

/** Which routing lock an operation needs: exclusive (`all`), shared plus the named queues, or none. */
export type RoutingScope = 'all' | 'none' | { queues: string[] };

export interface RouterLocks {
  /** Runs `fn` under the exclusive routing lock, then waits for the commit and delivers what it announced. */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  /** Runs `fn` under the shared routing lock and the queues' own locks (after `own`'s lock, if given), then delivers. */
  inQueues<T>(queues: string[], fn: () => Promise<T>, own?: string): Promise<T>;
  /**
   * Runs `fn` under the hand-off's lock and then the routing lock `scope` asks for (worked out once the hand-off's
   * lock is held, when it is a function), then delivers.
   */
  onHandoff<T>(handoffId: string, fn: () => Promise<T>, scope?: RoutingScope | (() => RoutingScope)): Promise<T>;
  /** Queues a delivery for once the running operation's writes are durable. */
  later(fn: Delivery): void;
}

/** A readers-writer lock served in arrival order. */
class SharedLock {
  private shared = 0;
  private exclusive = false;
  private readonly waiters: { exclusive: boolean; grant: () => void }[] = [];

  acquire(exclusive: boolean): Promise<() => void> {
    return new Promise((resolve) => {
      this.waiters.push({ exclusive, grant: () => resolve(() => this.release(exclusive)) });
      this.grant();
    });
  }

  private release(exclusive: boolean): void {
    if (exclusive) this.exclusive = false;
    else this.shared--;
    this.grant();
  }

  private grant(): void {
    for (let next = this.waiters[0]; next; next = this.waiters[0]) {
      if (this.exclusive || (next.exclusive && this.shared > 0)) return;
      this.waiters.shift();
      if (next.exclusive) this.exclusive = true;
      else this.shared++;
      next.grant();
      if (next.exclusive) return;
    }
  }
}

export function createRouterLocks(durable?: () => Promise<void>): RouterLocks {
  let outbox: Delivery[] = [];
  const deliverAfterCommit = async (batch: Delivery[]): Promise<void> => {
    if (durable) await durable();
    for (const f of batch) f();
  };
  const takeOutbox = (): Delivery[] => {
    const b = outbox;
    outbox = [];
    return b;
  };
  const chains = new Map<string, Promise<unknown>>();
  function locked<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = chains.get(key) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    const settled = run.catch(() => undefined);
    chains.set(key, settled);
    void settled.then(() => {
      if (chains.get(key) === settled) chains.delete(key);
    });
    return run;
  }
  const routing = new SharedLock();
  async function underRouting<T>(scope: RoutingScope, fn: () => Promise<T>): Promise<T> {
    if (scope === 'none') return fn();
    const release = await routing.acquire(scope === 'all');
    try {
      if (scope === 'all') return await fn();
      const queues = [...new Set(scope.queues)].sort();
      return await queues.reduceRight<() => Promise<T>>((next, q) => () => locked(`q:${q}`, next), fn)();
    } finally {
      release();
    }
  }
  /** Runs under `own`'s lock (if any), then the routing scope, then waits for the commit and delivers. */
  function run<T>(own: string | undefined, scope: RoutingScope | (() => RoutingScope), fn: () => Promise<T>): Promise<T> {
    const body = async (): Promise<{ r: T; batch: Delivery[] }> => {
      try {
        const r = await underRouting(typeof scope === 'function' ? scope() : scope, fn);
        return { r, batch: takeOutbox() };
      } catch (e) {
        // What was announced before the failure was written (each store call commits on its own): deliver it.
        void deliverAfterCommit(takeOutbox());
        throw e;
      }
    };
    return (own ? locked(own, body) : body()).then(async ({ r, batch }) => {
      await deliverAfterCommit(batch);
      return r;
    });
  }
  return {
    exclusive: (fn) => run(undefined, 'all', fn),
    inQueues: (queues, fn, own) => run(own, { queues }, fn),
    onHandoff: (handoffId, fn, scope = 'all') => run(`h:${handoffId}`, scope, fn),
    later: (fn) => void outbox.push(fn),
  };
}
