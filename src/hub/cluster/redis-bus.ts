// The Redis connections of one hub node in cluster mode (BATON_REDIS_URL): one for commands and publishing, one
// subscribed to this node's channels, and one for blocking pops (a blocked connection answers nothing else). Every
// key and channel the hub uses starts with the node's prefix (BATON_REDIS_PREFIX, default `baton`), so several
// hubs, or several tests, share one Redis without seeing each other.
import { createClient } from 'redis';
import type { Logger } from '../../shared/log';

export type RedisConnection = ReturnType<typeof createClient>;

export interface RedisBus {
  readonly prefix: string;
  /** Commands and PUBLISH. */
  readonly client: RedisConnection;
  /** SUBSCRIBE only. */
  readonly subscriber: RedisConnection;
  /** BLPOP only (the holder's request queue). */
  readonly blocking: RedisConnection;
  /** `prefix:part:part`. */
  key(...parts: string[]): string;
  close(): Promise<void>;
}

export async function openRedisBus(url: string, prefix: string, logger?: Logger): Promise<RedisBus> {
  const client = createClient({
    url,
    // A Redis that went away is tried again every few hundred ms; commands meanwhile wait in the client's queue
    // (the adapter's publishes have nobody to hear a failure), and routing requests time out on their own.
    socket: { reconnectStrategy: (retries) => Math.min(100 * (retries + 1), 1_000) },
  });
  // Without a listener an error event would crash the process; the commands that failed say so to their callers.
  let warned = 0;
  const onError = (e: Error): void => {
    if (Date.now() - warned > 5_000) {
      warned = Date.now();
      logger?.warn('redis.error', { error: e.message });
    }
  };
  client.on('error', onError);
  await client.connect();
  const subscriber = client.duplicate();
  subscriber.on('error', onError);
  const blocking = client.duplicate();
  blocking.on('error', onError);
  await Promise.all([subscriber.connect(), blocking.connect()]);
  return {
    prefix,
    client,
    subscriber,
    blocking,
    key: (...parts) => [prefix, ...parts].join(':'),
    async close() {
      // destroy, not close: a blocked BLPOP would hold a graceful close until its timeout.
      for (const c of [blocking, subscriber, client]) if (c.isOpen) c.destroy();
    },
  };
}
