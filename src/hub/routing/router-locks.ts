// The router's locks and its outbox. Routing decisions run one at a time under the routing lock; a hand-off's own
// operations take its lock first (messages take only that one, so message traffic never waits for routing). What
// an operation announces is queued in the outbox while it runs and delivered, in order, only once the store says
// everything written so far is durable; the lock is released before that wait, so concurrent operations share
// one commit.

export type Delivery = () => void;

export interface RouterLocks {
  /** Runs `fn` under the routing lock, then waits for the commit and delivers what it announced. */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  /** Runs `fn` under the hand-off's lock (and the routing lock unless `routing` is false), then delivers. */
  onHandoff<T>(handoffId: string, fn: () => Promise<T>, routing?: boolean): Promise<T>;
  /** Queues a delivery for once the running operation's writes are durable. */
  later(fn: Delivery): void;
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
  /** Runs under the given locks (conversation locks first, then routing), then waits for the commit and delivers. */
  function withLocks<T>(keys: string[], fn: () => Promise<T>): Promise<T> {
    const inner = keys.reduceRight<() => Promise<{ r: T; batch: Delivery[] }>>(
      (next, key) => () => locked(key, next),
      async () => {
        try {
          const r = await fn();
          return { r, batch: takeOutbox() };
        } catch (e) {
          // What was announced before the failure was written (each store call commits on its own): deliver it.
          void deliverAfterCommit(takeOutbox());
          throw e;
        }
      },
    );
    return inner().then(async ({ r, batch }) => {
      await deliverAfterCommit(batch);
      return r;
    });
  }
  const ROUTING = 'routing';
  return {
    exclusive: (fn) => withLocks([ROUTING], fn),
    onHandoff: (handoffId, fn, routing = true) => withLocks(routing ? [`h:${handoffId}`, ROUTING] : [`h:${handoffId}`], fn),
    later: (fn) => void outbox.push(fn),
  };
}
