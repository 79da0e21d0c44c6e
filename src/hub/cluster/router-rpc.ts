// Requests to the routing node, over Redis. Only the holder of the routing lease keeps the router's in-memory
// index, so a node without the lease sends each routing operation here: the request goes on one Redis list
// (`prefix:rpc`) that the holder pops, and the answer comes back on the asking node's own channel
// (`prefix:reply:NODE`). Nothing listens on a new port: whoever may use the hub's Redis is trusted, as the adapter
// already trusts it. A request carries its deadline; the holder drops one that is past it (its caller has given
// up), and a caller that hears nothing by then gets RouterUnavailableError, which the HTTP and socket layers answer
// as a retryable "unavailable". The operations are idempotent (a hand-off per conversation, accept of one's own
// offer, ...), so a retry after a lost answer does no harm.
import { randomUUID } from 'node:crypto';
import type { Logger } from '../../shared/log';
import type { RedisBus } from './redis-bus';
import { RouterUnavailableError } from '../routing/router-unavailable';

export { RouterUnavailableError };

interface RpcRequest {
  id: string;
  from: string;
  op: string;
  args: unknown[];
  /** Epoch ms after which the caller no longer waits. */
  deadline: number;
}

type RpcReply = { id: string; ok: true; value: unknown } | { id: string; ok: false; unavailable: boolean };

export interface RpcClient {
  call(op: string, args: unknown[]): Promise<unknown>;
  /** Fails every call still waiting (the node is closing). */
  close(): Promise<void>;
}

// JSON turns an `undefined` argument into null; the router's optional parameters expect undefined.
const restore = (args: unknown[]): unknown[] => args.map((a) => (a === null ? undefined : a));

export async function createRpcClient(bus: RedisBus, nodeId: string, timeoutMs: number): Promise<RpcClient> {
  const pending = new Map<string, { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: ReturnType<typeof setTimeout> }>();
  const channel = bus.key('reply', nodeId);
  await bus.subscriber.subscribe(channel, (raw) => {
    let reply: RpcReply;
    try {
      reply = JSON.parse(raw) as RpcReply;
    } catch {
      return;
    }
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    clearTimeout(p.timer);
    if (reply.ok) p.resolve(reply.value);
    else p.reject(reply.unavailable ? new RouterUnavailableError() : new Error('The routing node failed to handle the request.'));
  });
  return {
    call(op, args) {
      const id = randomUUID();
      const request: RpcRequest = { id, from: nodeId, op, args, deadline: Date.now() + timeoutMs };
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new RouterUnavailableError());
        }, timeoutMs);
        pending.set(id, { resolve, reject, timer });
        bus.client.rPush(bus.key('rpc'), JSON.stringify(request)).catch(() => {
          pending.delete(id);
          clearTimeout(timer);
          reject(new RouterUnavailableError('The hub could not reach Redis to route this request; try again in a second.'));
        });
      });
    },
    async close() {
      for (const [id, p] of pending) {
        clearTimeout(p.timer);
        p.reject(new RouterUnavailableError('This hub node is shutting down; try another node.'));
        pending.delete(id);
      }
      await bus.subscriber.unsubscribe(channel).catch(() => undefined);
    },
  };
}

export interface RpcServer {
  /** Stops taking requests; one popped after this goes back to the head of the list for the next holder. */
  stop(): Promise<void>;
}

/** The holder's side: pops requests one at a time and runs each without waiting for the one before. */
export function serveRpc(bus: RedisBus, handle: (op: string, args: unknown[]) => Promise<unknown>, logger?: Logger): RpcServer {
  let stopped = false;
  const listKey = bus.key('rpc');
  // Pushed to the head of the list on stop, so the blocked pop returns now instead of at its timeout (a clean stop
  // hands the lease on that much sooner). A holder that finds another node's wake-up skips it.
  const wakeUp = JSON.stringify({ wakeUp: randomUUID() });
  const answer = (r: RpcRequest, reply: RpcReply): void => {
    bus.client.publish(bus.key('reply', r.from), JSON.stringify(reply)).catch(() => undefined);
  };
  const run = (r: RpcRequest): void => {
    handle(r.op, restore(r.args)).then(
      (value) => answer(r, { id: r.id, ok: true, value: value ?? null }),
      (e: unknown) => {
        logger?.error('rpc.failed', { op: r.op, error: e instanceof Error ? e.name : 'unknown' });
        answer(r, { id: r.id, ok: false, unavailable: e instanceof RouterUnavailableError });
      },
    );
  };
  const loop = (async () => {
    while (!stopped) {
      let popped: { element: string } | null;
      try {
        popped = await bus.blocking.blPop(listKey, 1);
      } catch {
        if (stopped) return;
        await new Promise((r) => setTimeout(r, 200));
        continue;
      }
      if (!popped) continue;
      if (popped.element === wakeUp) return;
      if (stopped) {
        await bus.client.lPush(listKey, popped.element).catch(() => undefined);
        return;
      }
      let r: RpcRequest;
      try {
        r = JSON.parse(popped.element) as RpcRequest;
      } catch {
        continue;
      }
      // A wake-up (no id), or one whose caller stopped waiting: running it would act on a request nobody hears.
      if (typeof r.id !== 'string' || Date.now() > r.deadline) continue;
      run(r);
    }
  })();
  return {
    async stop() {
      stopped = true;
      await bus.client.lPush(listKey, wakeUp).catch(() => undefined);
      await Promise.race([loop, new Promise((r) => setTimeout(r, 1_500))]);
    },
  };
}
