// What the HandoffRouter leaves behind when a store call fails part-way through an operation (a network
// database can drop a connection between two calls): an offer whose event never went out still times out and
// moves on, and a claimed conversation always has its customer told who joined.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHandoffRouter, type RouterTimers } from '../../../src/hub/routing/handoff-router';
import { createSqliteStoreSync } from '../../../src/hub/store/sqlite-store';
import { asyncHubStore, type HubStore } from '../../../src/hub/store/hub-store';
import { issueToken } from '../../../src/hub/auth/agent-tokens';
import type { AgentEvent } from '../../../src/shared/protocol/agent-socket';
import type { HandoffRequest } from '../../../src/shared/domain/handoff';

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.reverse()) c();
  cleanups = [];
});

const request: HandoffRequest = {
  conversationId: 'conv-1',
  customer: { id: 'cust-1', tier: 'standard' },
  transcript: [{ role: 'customer', text: 'I was charged twice.' }],
  reason: { trigger: 'complexity' },
  queue: 'billing',
};

/** A router on a real SQLite file whose store can be told to fail; timers run only when the test fires them. */
function setup(wrap: (base: HubStore) => HubStore) {
  const dir = mkdtempSync(join(tmpdir(), 'baton-router-failures-'));
  const sync = createSqliteStoreSync(join(dir, 'hub.db'));
  let clock = Date.parse('2026-11-24T09:00:00Z');
  const pending = new Map<number, () => void>();
  let nextTimer = 1;
  const timers: RouterTimers = {
    set: (fn) => {
      const id = nextTimer++;
      pending.set(id, fn);
      return id;
    },
    clear: (h) => pending.delete(h as number),
  };
  const events: AgentEvent[] = [];
  const router = createHandoffRouter({
    store: wrap(asyncHubStore(sync)),
    now: () => clock,
    timers,
    offerTimeoutMs: 30_000,
    reofferAfterMs: 30_000,
    listener: { agentEvent: (_agentId, e) => events.push(e) },
  });
  issueToken(sync, { id: 'ana', name: 'Ana', role: 'agent', skills: ['billing'], capacity: 1 });
  cleanups.push(() => {
    router.stop();
    sync.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    sync,
    router,
    events,
    /** Moves the clock on and runs every timer that is due by then (all of them: the router sets none longer). */
    async advance(ms: number) {
      clock += ms;
      for (const [id, fn] of [...pending]) {
        pending.delete(id);
        fn();
      }
      await router.idle();
    },
  };
}

describe('HandoffRouter when a store call fails mid-operation', () => {
  it('still times out an offer whose event could not be sent, and offers it again', async () => {
    let failOffer = true;
    const t = setup((base) => ({
      ...base,
      appendAgentEvent: (agentId, body, at) => {
        if (body.type === 'offer' && failOffer) {
          failOffer = false;
          return Promise.reject(new Error('connection lost'));
        }
        return base.appendAgentEvent(agentId, body, at);
      },
    }));
    await t.router.start();
    await t.router.connect('ana');
    await expect(t.router.submit(request)).rejects.toThrow('connection lost');
    const id = t.sync.latestHandoffForConversation('conv-1')?.id ?? '';
    expect(t.sync.getHandoff(id)).toMatchObject({ status: 'offered', offeredTo: 'ana' });

    await t.advance(30_000); // the offer times out
    expect(t.sync.getHandoff(id)?.status).not.toBe('offered');
    await t.advance(30_000); // the cool-down passes: Ana is the only one who can take it
    expect(t.sync.getHandoff(id)).toMatchObject({ status: 'offered', offeredTo: 'ana' });
    expect(t.events.filter((e) => e.type === 'offer')).toHaveLength(1);
    expect((await t.router.accept('ana', id)).ok).toBe(true);
  });

  it('tells the customer who joined even when the store fails right after the claim', async () => {
    let breakAfterClaim = false;
    let broken = false;
    const t = setup(
      (base) =>
        new Proxy(base, {
          get(target, key: keyof HubStore) {
            const fn = target[key] as (...args: unknown[]) => Promise<unknown>;
            return (...args: unknown[]): Promise<unknown> => {
              if (broken) {
                broken = false;
                return Promise.reject(new Error('connection lost'));
              }
              const result = fn(...args);
              if (key === 'claimOffer' && breakAfterClaim) return result.then((v) => ((broken = true), v));
              return result;
            };
          },
        }),
    );
    await t.router.start();
    await t.router.connect('ana');
    const { handoff } = await t.router.submit(request);
    expect(t.sync.getHandoff(handoff.id)).toMatchObject({ status: 'offered', offeredTo: 'ana' });

    breakAfterClaim = true;
    await expect(t.router.accept('ana', handoff.id)).rejects.toThrow('connection lost');
    breakAfterClaim = false;
    expect(t.sync.getHandoff(handoff.id)).toMatchObject({ status: 'active', agentId: 'ana' });
    expect(t.sync.customerEventsOfHandoff(handoff.id, 'agent.joined')).toMatchObject([{ type: 'agent.joined', agentName: 'Ana' }]);
    // The desk's retry finds the conversation already theirs, and the customer is not told twice.
    const retry = await t.router.accept('ana', handoff.id);
    expect(retry.ok && retry.value.status).toBe('active');
    expect(t.sync.customerEventsOfHandoff(handoff.id, 'agent.joined')).toHaveLength(1);
  });
});
