// Offer timeouts and reconnect grace are stored deadlines: a router that starts on the store another one left (a
// restart, or the node that takes the routing over in a cluster) keeps them, instead of revoking every offer or
// granting absent agents a fresh grace period. Two routers on one SQLite file and a simulated clock; the first
// stops as though it died (nothing of its own timers carries over).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHandoffRouter, type HandoffRouter } from '../../../src/hub/routing/handoff-router';
import { simTimers } from '../../support/sim-timers';
import { createSqliteStoreSync } from '../../../src/hub/store/sqlite-store';
import { asyncHubStore, type HubStore } from '../../../src/hub/store/hub-store';
import { issueTokenSync as issueToken } from '../../../src/hub/auth/agent-tokens';
import type { AgentEvent } from '../../../src/shared/protocol/agent-socket';

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.reverse()) c();
  cleanups = [];
});

const OFFER_MS = 30_000;
const GRACE_MS = 60_000;

interface Node {
  router: HandoffRouter;
  events: AgentEvent[];
  fire(): Promise<void>;
}

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'baton-deadlines-'));
  const sync = createSqliteStoreSync(join(dir, 'hub.db'));
  const t0 = Date.parse('2026-12-03T09:00:00Z');
  let clock = t0;
  issueToken(sync, { id: 'ana', name: 'Ana', role: 'agent', skills: ['billing'], capacity: 1 });
  issueToken(sync, { id: 'bob', name: 'Bob', role: 'agent', skills: ['billing'], capacity: 1 });
  const routers: Node[] = [];
  /** A router on the shared store with timers of its own, on the shared clock. */
  function node(wrap: (s: HubStore, fireDue: () => Promise<void>) => HubStore = (s) => s): Node {
    const sim = simTimers(() => clock);
    const events: AgentEvent[] = [];
    const router = createHandoffRouter({
      store: wrap(asyncHubStore(sync), () => fire()),
      now: () => clock,
      timers: sim.timers,
      offerTimeoutMs: OFFER_MS,
      reconnectGraceMs: GRACE_MS,
      reofferAfterMs: 3_600_000,
      listener: { agentEvent: (_a, e) => events.push(e) },
    });
    const fire = (): Promise<void> => sim.fireDue(() => router.idle());
    const n = { router, events, fire };
    routers.push(n);
    return n;
  }
  /** Moves the shared clock to `t0 + ms`, firing the live router's timers on the way, a second at a time. */
  const at = async (ms: number, live: Node): Promise<void> => {
    while (clock < t0 + ms) {
      clock = Math.min(t0 + ms, clock + 1_000);
      await live.fire();
    }
  };
  cleanups.push(() => {
    for (const r of routers) r.router.stop();
    sync.close();
    rmSync(dir, { recursive: true, force: true });
  });
  /** Starts the router, connects Ana and hands a conversation off: it is offered to her. */
  const offerToAna = async (n: Node): Promise<string> => {
    await n.router.start();
    await n.router.connect('ana');
    return (await n.router.submit({ conversationId: 'c-1', customer: { id: 'u-1' }, transcript: [], reason: { trigger: 'complexity' }, queue: 'billing' })).handoff.id;
  };
  return { sync, node, at, offerToAna, t0 };
}

describe('stored deadlines', () => {
  it('keeps an offer to a connected agent after a takeover, and takes it back at its stored deadline', async () => {
    const { sync, node, at, t0, offerToAna } = setup();
    const a = node();
    const id = await offerToAna(a);
    expect(sync.getHandoff(id)).toMatchObject({ status: 'offered', offeredTo: 'ana', offerExpiresAt: new Date(t0 + OFFER_MS).toISOString() });
    await at(10_000, a);
    a.router.stop();

    // The next node knows who is connected (in a cluster, from shared presence) before it starts.
    const b = node();
    await at(12_000, b);
    await b.router.connect('ana');
    await b.router.start();
    expect(sync.getHandoff(id)).toMatchObject({ status: 'offered', offeredTo: 'ana' });
    await at(29_000, b);
    expect(b.events.filter((e) => e.type === 'offer.revoked')).toEqual([]);
    await at(31_000, b);
    expect(b.events.filter((e) => e.type === 'offer.revoked').map((e) => e.type === 'offer.revoked' && e.reason)).toEqual(['timeout']);
    expect(sync.getHandoff(id)).toMatchObject({ status: 'queued' });
    // A miss, as if the first node had stayed: she is passed over for it until the re-offer delay.
    expect(sync.declinedBy(id)).toEqual(['ana']);
  });

  it('times out only the offer its timer was set for, not the next one made while it waited for the lock', async () => {
    const { sync, node, at, offerToAna } = setup();
    const a = node();
    const id = await offerToAna(a);
    a.router.stop();
    // The restored offer's timer falls due while Ana's last-moment decline is being written.
    let fireDuringDecline = false;
    const b = node((s, fireDue) => ({
      ...s,
      changeHandoff: async (...args) => {
        if (fireDuringDecline && args[1].includes('offered')) {
          fireDuringDecline = false;
          void fireDue();
        }
        return s.changeHandoff(...args);
      },
    }));
    await at(10_000, b);
    await b.router.connect('ana');
    await b.router.start();
    await b.router.connect('bob');
    await at(OFFER_MS - 1_000, b);
    fireDuringDecline = true;
    // The clock reaches the deadline without firing anything: the timer fires inside the decline's write.
    await at(OFFER_MS, { ...b, fire: () => Promise.resolve() });
    expect((await b.router.decline('ana', id)).ok).toBe(true);
    await b.router.idle();
    await b.router.idle();
    expect(sync.getHandoff(id)).toMatchObject({ status: 'offered', offeredTo: 'bob' });
  });

  for (const back of [true, false]) {
    it(back ? 'counts an offer whose deadline passed while nobody routed as a miss' : 'puts an offer to an agent who is gone back in the queue, not held against them', async () => {
      const { sync, node, at, offerToAna } = setup();
      const a = node();
      const id = await offerToAna(a);
      a.router.stop();
      const b = node();
      await at(40_000, b);
      if (back) await b.router.connect('ana');
      await b.router.start();
      expect(sync.getHandoff(id)).toMatchObject({ status: 'queued' });
      expect(sync.declinedBy(id)).toEqual(back ? ['ana'] : []);
    });
  }

  it('requeues an absent agent\'s conversations at the stored grace deadline, not a full grace period after the takeover', async () => {
    const { sync, node, at, t0, offerToAna } = setup();
    const a = node();
    const id = await offerToAna(a);
    expect((await a.router.accept('ana', id)).ok).toBe(true);
    await at(5_000, a);
    await a.router.disconnect('ana');
    expect(sync.getAgent('ana')?.graceUntil).toBe(new Date(t0 + 5_000 + GRACE_MS).toISOString());
    await at(20_000, a);
    a.router.stop();

    const b = node();
    await at(30_000, b);
    await b.router.start();
    await at(64_000, b);
    expect(sync.getHandoff(id)).toMatchObject({ status: 'active', agentId: 'ana' });
    await at(66_000, b);
    expect(sync.getHandoff(id)).toMatchObject({ status: 'queued' });
    expect(sync.getAgent('ana')?.graceUntil).toBeUndefined();
  });

  it('does not requeue for a grace period that ended when the agent came back and left again', async () => {
    const { sync, node, at, t0, offerToAna } = setup();
    let fireDuringConnect = false;
    const a = node((s, fireDue) => ({
      ...s,
      getAgent: async (...args) => {
        if (fireDuringConnect) {
          fireDuringConnect = false;
          void fireDue();
        }
        return s.getAgent(...args);
      },
    }));
    const id = await offerToAna(a);
    expect((await a.router.accept('ana', id)).ok).toBe(true);
    await a.router.disconnect('ana');
    // At the deadline her desk comes back and drops again at once; the old grace timer fires during the reconnect.
    await at(GRACE_MS, { ...a, fire: () => Promise.resolve() });
    fireDuringConnect = true;
    await Promise.all([a.router.connect('ana'), a.router.disconnect('ana')]);
    await a.router.idle();
    expect(sync.getHandoff(id)).toMatchObject({ status: 'active', agentId: 'ana' });
    expect(sync.getAgent('ana')?.graceUntil).toBe(new Date(t0 + 2 * GRACE_MS).toISOString());
  });

  it('clears the deadline when the agent comes back in time, on whichever router is live', async () => {
    const { sync, node, at, offerToAna } = setup();
    const a = node();
    const id = await offerToAna(a);
    expect((await a.router.accept('ana', id)).ok).toBe(true);
    await a.router.disconnect('ana');
    a.router.stop();
    const b = node();
    await at(10_000, b);
    await b.router.start();
    await b.router.connect('ana');
    expect(sync.getAgent('ana')?.graceUntil).toBeUndefined();
    await at(200_000, b);
    expect(sync.getHandoff(id)).toMatchObject({ status: 'active', agentId: 'ana' });
  });
});
