// What the HandoffRouter leaves behind when a store call fails part-way through an operation (a network
// database can drop a connection between two calls): an offer whose event never went out still times out and
// moves on, and a claimed conversation always has its customer told who joined. Each fact commits with its
// events, so a failed store call leaves nothing half-written.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHandoffRouter, type RouterTimers } from '../../../src/hub/routing/handoff-router';
import { createSqliteStoreSync } from '../../../src/hub/store/sqlite-store';
import { asyncHubStore, type HubStore } from '../../../src/hub/store/hub-store';
import { issueTokenSync as issueToken } from '../../../src/hub/auth/agent-tokens';
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
  it('writes an offer with its events or not at all, and offers again after a failed commit', async () => {
    let failOffer = true;
    const t = setup((base) => ({
      ...base,
      changeHandoff: (...args: Parameters<HubStore['changeHandoff']>) => {
        if (args[2].status === 'offered' && failOffer) {
          failOffer = false;
          return Promise.reject(new Error('connection lost'));
        }
        return base.changeHandoff(...args);
      },
    }));
    await t.router.start();
    await t.router.connect('ana');
    const { handoff } = await t.router.submit(request);
    // Nothing of the failed offer was written: still queued, no offer event, no "being connected" for the customer.
    expect(t.sync.getHandoff(handoff.id)).toMatchObject({ status: 'queued' });
    expect(t.events.filter((e) => e.type === 'offer')).toHaveLength(0);
    expect(t.sync.customerEventsOfHandoff(handoff.id, 'expectation')).toHaveLength(1);
    await t.advance(1_000); // the retry
    expect(t.sync.getHandoff(handoff.id)).toMatchObject({ status: 'offered', offeredTo: 'ana' });
    expect(t.events.filter((e) => e.type === 'offer')).toHaveLength(1);
    expect((await t.router.accept('ana', handoff.id)).ok).toBe(true);
  });

  it('claims an offer together with the customer being told who joined, or not at all', async () => {
    let failClaim = false;
    const t = setup((base) => ({
      ...base,
      claimOfferAndTell: (...args: Parameters<HubStore['claimOfferAndTell']>) => {
        if (failClaim) {
          failClaim = false;
          return Promise.reject(new Error('connection lost'));
        }
        return base.claimOfferAndTell(...args);
      },
    }));
    await t.router.start();
    await t.router.connect('ana');
    const { handoff } = await t.router.submit(request);
    expect(t.sync.getHandoff(handoff.id)).toMatchObject({ status: 'offered', offeredTo: 'ana' });

    failClaim = true;
    await expect(t.router.accept('ana', handoff.id)).rejects.toThrow('connection lost');
    expect(t.sync.getHandoff(handoff.id)).toMatchObject({ status: 'offered', offeredTo: 'ana' });
    expect(t.sync.customerEventsOfHandoff(handoff.id, 'agent.joined')).toHaveLength(0);
    // The desk's retry claims it; the customer is told once, with the agent's assignment in the same commit.
    const retry = await t.router.accept('ana', handoff.id);
    expect(retry.ok && retry.value.status).toBe('active');
    expect(t.sync.customerEventsOfHandoff(handoff.id, 'agent.joined')).toMatchObject([{ type: 'agent.joined', agentName: 'Ana' }]);
    expect(t.events.filter((e) => e.type === 'conversation.assigned')).toHaveLength(1);
  });
});
