// Which agents are connected to which hub node, shared in Redis so the routing node counts an agent connected
// on any live node. Each node keeps its own counts in memory (they are the truth for its sockets) and mirrors them
// to a hash `prefix:presence:NODE` with a short expiry, rewritten whole at every heartbeat together with
// `prefix:node:NODE` (its liveness key). A node killed with -9 stops heartbeating: within `ttlMs` its keys expire
// and the routing node, which reconciles every heartbeat, counts its agents as gone (their offers go back to the
// queue and their reconnect grace starts), unless they have reconnected to another node meanwhile.
import type { RedisBus } from './redis-bus';

export interface PresenceOptions {
  /** How often the node's keys are rewritten (1 s). */
  heartbeatMs?: number;
  /** How long they outlive the last heartbeat (3 s): how soon a dead node's agents stop counting. */
  ttlMs?: number;
  onError?: (e: unknown) => void;
}

export interface NodePresence {
  connected(agentId: string): Promise<void>;
  disconnected(agentId: string): Promise<void>;
  /** Sockets per agent over every live node. */
  counts(): Promise<Map<string, number>>;
  /** Stops heartbeating and deletes this node's keys, so its agents stop counting at once. */
  close(): Promise<void>;
}

export function startPresence(bus: RedisBus, nodeId: string, opts: PresenceOptions = {}): NodePresence {
  const heartbeatMs = opts.heartbeatMs ?? 1_000;
  const ttlMs = opts.ttlMs ?? 3_000;
  const nodesKey = bus.key('nodes');
  const aliveKey = (id: string) => bus.key('node', id);
  const hashKey = (id: string) => bus.key('presence', id);
  const mine = new Map<string, number>();

  const heartbeat = async (): Promise<void> => {
    const m = bus.client.multi().del(hashKey(nodeId));
    if (mine.size) m.hSet(hashKey(nodeId), Object.fromEntries([...mine].map(([k, v]) => [k, String(v)])));
    await m
      .pExpire(hashKey(nodeId), ttlMs)
      .set(aliveKey(nodeId), String(Date.now()), { PX: ttlMs })
      .sAdd(nodesKey, nodeId)
      .exec();
  };
  const beat = (): void => void heartbeat().catch((e: unknown) => opts.onError?.(e));
  beat();
  const timer = setInterval(beat, heartbeatMs);
  timer.unref?.();

  const write = async (agentId: string): Promise<void> => {
    const n = mine.get(agentId) ?? 0;
    if (n > 0) await bus.client.multi().hSet(hashKey(nodeId), agentId, String(n)).pExpire(hashKey(nodeId), ttlMs).exec();
    else await bus.client.hDel(hashKey(nodeId), agentId);
  };

  return {
    async connected(agentId) {
      mine.set(agentId, (mine.get(agentId) ?? 0) + 1);
      await write(agentId);
    },
    async disconnected(agentId) {
      const left = (mine.get(agentId) ?? 0) - 1;
      if (left > 0) mine.set(agentId, left);
      else mine.delete(agentId);
      await write(agentId);
    },
    async counts() {
      const out = new Map<string, number>();
      const nodes = await bus.client.sMembers(nodesKey);
      for (const id of nodes) {
        if (!(await bus.client.exists(aliveKey(id)))) {
          // Gone for good (node ids are per process): forget it.
          await bus.client.multi().sRem(nodesKey, id).del(hashKey(id)).exec();
          continue;
        }
        for (const [agentId, n] of Object.entries(await bus.client.hGetAll(hashKey(id)))) out.set(agentId, (out.get(agentId) ?? 0) + Number(n));
      }
      return out;
    },
    async close() {
      clearInterval(timer);
      mine.clear();
      await bus.client.multi().del(hashKey(nodeId)).del(aliveKey(nodeId)).sRem(nodesKey, nodeId).exec();
    },
  };
}
