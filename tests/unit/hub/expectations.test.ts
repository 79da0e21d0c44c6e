// What waiting customers are re-told, driven through the router on a real SQLite store and a simulated clock: a
// customer is re-told only when their place or wait changed and at most once per retellMs, and the incremental
// sweep finds everyone a full walk of the line would (the router property test checks the same over random runs).
import { afterEach, describe, expect, it } from 'vitest';
import { createHandoffRouter } from '../../../src/hub/routing/handoff-router';
import { simTimers } from '../../support/sim-timers';
import { createSqliteStoreSync } from '../../../src/hub/store/sqlite-store';
import { asyncHubStore, type HubStore } from '../../../src/hub/store/hub-store';
import type { CustomerEvent } from '../../../src/shared/protocol/customer-events';

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.reverse()) c();
  cleanups = [];
});

const RETELL = 30_000;

function setup(wrap: (s: HubStore) => HubStore = (s) => s) {
  const sync = createSqliteStoreSync(':memory:');
  let clock = Date.parse('2026-12-03T09:00:00Z');
  const sim = simTimers(() => clock);
  const told = new Map<string, CustomerEvent[]>();
  const router = createHandoffRouter({
    store: wrap(asyncHubStore(sync)),
    now: () => clock,
    timers: sim.timers,
    retellMs: RETELL,
    listener: { customerEvent: (c, e) => told.set(c, [...(told.get(c) ?? []), e]) },
  });
  cleanups.push(() => {
    router.stop();
    sync.close();
  });
  /** Moves the clock on by `ms`, firing what falls due on the way, one second at a time. */
  const pass = async (ms: number): Promise<void> => {
    for (const end = clock + ms; clock < end; ) {
      clock = Math.min(end, clock + 1_000);
      await sim.fireDue(() => router.idle());
    }
  };
  const places = (conversationId: string): number[] =>
    (told.get(conversationId) ?? []).flatMap((e) => (e.type === 'expectation' ? [e.position ?? 0] : []));
  // A millisecond apart, so they are in line in the order they came (equal times are ordered by id).
  const submit = (i: number, vip = false) => {
    clock += 1;
    return router.submit({ conversationId: `c-${i}`, customer: { id: `u-${i}`, tier: vip ? 'vip' : 'standard' }, transcript: [], reason: { trigger: 'complexity' }, queue: 'billing' });
  };
  return { router, pass, places, submit };
}

describe('waiting customers re-told as the line moves', () => {
  it('re-tells those behind someone who left, once their telling is due, and nobody else', async () => {
    const { router, pass, places, submit } = setup();
    await router.start();
    for (let i = 1; i <= 4; i++) await submit(i);
    // Past the retell gap: nothing changed, so nobody is told again (they are parked at their places).
    await pass(RETELL + 5_000);
    expect([1, 2, 3, 4].map((i) => places(`c-${i}`))).toEqual([[1], [2], [3], [4]]);
    // The second in line leaves: the third and fourth move up; the first does not.
    await router.customerEnd('c-2');
    await pass(2_000);
    expect([1, 3, 4].map((i) => places(`c-${i}`))).toEqual([[1], [3, 2], [4, 3]]);
  });

  it('tells those a failed sweep was about to tell once the store works again', async () => {
    let failNext = 0;
    const { router, pass, places, submit } = setup((s) => ({
      ...s,
      recordExpectations: (...a) => {
        if (failNext > 0) {
          failNext--;
          return Promise.reject(new Error('SQLITE_BUSY (injected)'));
        }
        return s.recordExpectations(...a);
      },
    }));
    await router.start();
    for (let i = 1; i <= 5; i++) await submit(i);
    await pass(RETELL + 5_000);
    // The first leaves, and the sweep that would tell the others their new places fails once.
    failNext = 1;
    await router.customerEnd('c-1');
    await pass(2_000);
    await pass(RETELL);
    expect([2, 3, 4, 5].map((i) => places(`c-${i}`).at(-1))).toEqual([1, 2, 3, 4]);
  });

  it('does not re-tell anyone for an arrival at the back, and re-tells those a VIP arrival passes, after the gap', async () => {
    const { router, pass, places, submit } = setup();
    await router.start();
    for (let i = 1; i <= 3; i++) await submit(i);
    await pass(RETELL + 5_000);
    await submit(4);
    await pass(5_000);
    expect([1, 2, 3, 4].map((i) => places(`c-${i}`))).toEqual([[1], [2], [3], [4]]);
    // A VIP goes ahead of everyone: the first three move back one place and are told at once (their last telling
    // is old); the fourth, told 5 s ago, is not due yet.
    await submit(5, true);
    await pass(2_000);
    expect([1, 2, 3, 4, 5].map((i) => places(`c-${i}`))).toEqual([[1, 2], [2, 3], [3, 4], [4], [1]]);
    // The VIP leaves at once: the three moved forward again, told once the retell gap has passed; the fourth is
    // back where it was told it is, so it hears nothing.
    await router.customerEnd('c-5');
    await pass(10_000);
    expect(places('c-1')).toEqual([1, 2]);
    await pass(RETELL);
    expect([1, 2, 3, 4].map((i) => places(`c-${i}`))).toEqual([[1, 2, 1], [2, 3, 2], [3, 4, 3], [4]]);
  });
});
