// The routing lease of hub processes that share one PostgreSQL database. The router keeps its queues in memory
// and makes its decisions under a lock of its own, so exactly one process may route at a time: the one holding a
// session-level advisory lock on a connection of its own. The lock is the lease: PostgreSQL releases it when that
// session ends, whether the process stopped (Ctrl+C), crashed or was killed with -9 (the kernel closes its
// socket), and a standby process polling for it takes over within `pollMs`, loads the open hand-offs from the
// database, takes back the offers the dead process made and offers them again.
import pg from 'pg';
import type { Logger } from '../../shared/log';

/** pg_advisory_lock key of the routing lease ("baton" 03). */
export const ROUTING_LEASE = 0x6261746f6e03n;

export interface RoutingLease {
  /** Gives the lease up (ends its session), so a standby takes over at once. */
  release(): Promise<void>;
}

export interface LeaseOptions {
  logger?: Logger;
  /** How often a standby asks for the lease (500 ms). */
  pollMs?: number;
  /** Called once when this process has to wait for another one. */
  onStandby?: () => void;
  /** The lease's session ended under us (the database restarted, the network broke): stop routing at once. */
  onLost: (why: string) => void;
  /** Stops waiting (the process is shutting down while on standby). */
  signal?: AbortSignal;
}

export async function acquireRoutingLease(url: string, opts: LeaseOptions): Promise<RoutingLease> {
  const pollMs = opts.pollMs ?? 500;
  const client = new pg.Client({ connectionString: url, keepAlive: true, application_name: 'baton-hub routing lease' });
  let held = false;
  let releasing = false;
  const lost = (why: string): void => {
    if (held && !releasing) {
      held = false;
      opts.onLost(why);
    }
  };
  client.on('error', (e) => lost(e.message));
  client.on('end', () => lost('the lease connection closed'));
  await client.connect();
  let told = false;
  try {
    for (;;) {
      if (opts.signal?.aborted) throw new Error('stopped while waiting for the routing lease');
      const r = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [ROUTING_LEASE.toString()]);
      if (r.rows[0]?.ok) break;
      if (!told) {
        told = true;
        opts.logger?.info('hub.standby', {});
        opts.onStandby?.();
      }
      await new Promise((res) => setTimeout(res, pollMs));
    }
  } catch (e) {
    await client.end().catch(() => undefined);
    throw e;
  }
  held = true;
  opts.logger?.info('hub.lease_acquired', {});
  return {
    async release() {
      releasing = true;
      held = false;
      await client.end().catch(() => undefined);
    },
  };
}
