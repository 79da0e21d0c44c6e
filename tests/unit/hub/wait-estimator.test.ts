// The wait estimator keeps a queue's answer and handle times until something in the queue is answered or ends.
// A read that such a change overtook (queue reports read outside the router's locks) must not be kept.
import { describe, expect, it } from 'vitest';
import { createWaitEstimator } from '../../../src/hub/routing/wait-estimator';
import type { HubStore } from '../../../src/hub/store/hub-store';

describe('wait estimator', () => {
  it('does not keep answer times read before a forget that overtook the read', async () => {
    let answers = [600];
    let release: () => void = () => undefined;
    let slow = true;
    const store = {
      recentAnswerSeconds: async () => {
        const seen = answers;
        if (slow) await new Promise<void>((r) => (release = r));
        return seen;
      },
      averageHandleSeconds: async () => undefined,
    } as unknown as HubStore;
    const waits = createWaitEstimator(store, () => 1);
    const before = waits.forQueue('billing');
    // Someone is answered while the read is out: the queue's times change and the estimator is told.
    answers = [10, 10, 10, 10, 10];
    waits.forget('billing');
    slow = false;
    release();
    const stale = await before;
    const fresh = await waits.forQueue('billing');
    expect(fresh.inputs).not.toBe(stale.inputs);
    expect(fresh(1)).toBeLessThan(stale(1));
  });

  it('keeps what it read until told to forget', async () => {
    let reads = 0;
    const store = {
      recentAnswerSeconds: async () => (reads++, [60]),
      averageHandleSeconds: async () => 300,
    } as unknown as HubStore;
    const waits = createWaitEstimator(store, () => 2);
    await waits.forQueue('billing');
    await waits.forQueue('billing');
    expect(reads).toBe(1);
    waits.forget('billing');
    await waits.forQueue('billing');
    expect(reads).toBe(2);
  });
});
