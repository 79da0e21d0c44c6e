// A Redis key prefix of a test's own on the local Redis (or BATON_TEST_REDIS_URL), with every key under it
// deleted afterwards, so runs and parallel test files never see each other's keys, streams or lists.
import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';

export const TEST_REDIS_URL = process.env.BATON_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestRedisPrefix {
  url: string;
  prefix: string;
  /** Deletes every key under the prefix. */
  cleanup(): Promise<void>;
}

export function createTestRedisPrefix(): TestRedisPrefix {
  const prefix = `baton-test-${randomBytes(6).toString('hex')}`;
  return {
    url: TEST_REDIS_URL,
    prefix,
    async cleanup() {
      const c = createClient({ url: TEST_REDIS_URL });
      await c.connect();
      try {
        const keys: string[] = [];
        for await (const batch of c.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) keys.push(...batch);
        if (keys.length) await c.del(keys);
      } finally {
        c.destroy();
      }
    },
  };
}
