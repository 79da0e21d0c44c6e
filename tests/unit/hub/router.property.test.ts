// Property tests of the HandoffRouter over random sequences of what happens in a contact centre: hand-offs
// arrive, agents connect and drop, accept, decline, let offers time out, resolve, transfer, change status, get
// reassigned, customers leave, time passes. After every step: no conversation is held by two agents, none is
// lost or stuck while an agent could take it, no agent is above capacity, the agents' event logs agree with the
// state, and VIP hand-offs are offered before anyone else's whenever both could go to the same agent.
// "Not stuck" follows the re-offer cool-down: a queued hand-off is offered to any eligible agent who has not
// turned it down; if only agents who declined or missed it are eligible, a retry is scheduled no later than the
// end of their cool-down, and once the clock passes it (the `wait` step) it has been offered.
// After every step the router's in-memory QueueIndex must equal one rebuilt from the store, and every waiting
// customer whose telling is due and whose place or wait changed is about to be told (a full walk is the oracle).
// FC_RUNS=5000 npx vitest run tests/unit/hub/router.property.test.ts for a long run.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHandoffRouter } from '../../../src/hub/routing/handoff-router';
import { simTimers } from '../../support/sim-timers';
import { agentServes, comparePriority, DEFAULT_PRIORITY_ORDER } from '../../../src/hub/routing/priority';
import { QueueIndex } from '../../../src/hub/routing/queue-index';
import { createSqliteStoreSync } from '../../../src/hub/store/sqlite-store';
import { asyncHubStore } from '../../../src/hub/store/hub-store';
import { issueTokenSync as issueToken } from '../../../src/hub/auth/agent-tokens';
import type { AgentEvent } from '../../../src/shared/protocol/agent-socket';
import type { HandoffRequest } from '../../../src/shared/domain/handoff';

const AGENTS = [
  { id: 'ana', skills: ['a'] },
  { id: 'ben', skills: ['a', 'b'] },
  { id: 'cy', skills: ['b'] },
];
const agentIdx = fc.integer({ min: 0, max: AGENTS.length - 1 });
const pick = fc.nat(50);

const action = fc.oneof(
  { weight: 4, arbitrary: fc.record({ t: fc.constant('handoff' as const), vip: fc.boolean(), frustrated: fc.boolean(), queue: fc.constantFrom('a', 'b') }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('connect' as const), agent: agentIdx }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('disconnect' as const), agent: agentIdx }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('grace' as const), agent: agentIdx }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('accept' as const), agent: agentIdx, pick, wrong: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('decline' as const), agent: agentIdx, pick }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('timeout' as const), pick }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('resolve' as const), agent: agentIdx, pick }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('transfer' as const), agent: agentIdx, pick, toAgent: fc.option(agentIdx, { nil: undefined }), queue: fc.constantFrom('a', 'b') }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('handback' as const), agent: agentIdx, pick }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('status' as const), agent: agentIdx, status: fc.constantFrom('available' as const, 'away' as const, 'offline' as const) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('reassign' as const), agent: agentIdx, pick }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('leave' as const), pick }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('wait' as const) }) },
);

const REOFFER_AFTER_MS = 30_000;
// Offer timeouts and grace periods are driven by their own steps (`timeout`, `grace`); set far out of reach.
const FAR = 24 * 3_600_000;

type Action = { t: string; [k: string]: unknown };

/**
 * Runs the steps one after the other; each step's actions start together (one action per step is the sequential
 * case). Started together, operations on different queues run at once under their own queue locks.
 */
async function runScenario(capacities: number[], steps: Action[][]): Promise<void> {
  const concurrent = steps.some((g) => g.length > 1);
  // The router works through the asynchronous contract; the checks read the same database synchronously.
  const store = createSqliteStoreSync(':memory:');
  let clock = Date.parse('2026-11-24T09:00:00Z');
  const events = new Map<string, AgentEvent[]>();
  const violations: string[] = [];
  // Fake timers on the scenario's clock: each step runs whatever fell due.
  const sim = simTimers(() => clock);
  const runDueTimers = (): Promise<void> => sim.fireDue(() => router.idle());
  const router = createHandoffRouter({
    store: asyncHubStore(store),
    now: () => clock,
    timers: sim.timers,
    reofferAfterMs: REOFFER_AFTER_MS,
    offerTimeoutMs: FAR,
    reconnectGraceMs: FAR,
    listener: {
      agentEvent: (agentId, e) => events.set(agentId, [...(events.get(agentId) ?? []), e]),
      beforeOffer: (h, agentId) => {
        if (!router.isConnected(agentId)) violations.push(`offer of ${h.id} to disconnected ${agentId}`);
        if (h.vip || h.preferredAgentId === agentId) return;
        const agent = store.getAgent(agentId);
        for (const other of store.listHandoffsByStatus(['queued'])) {
          // A VIP who arrived during the same step may be in line by now; the steps before decide precedence.
          if (!queuedBefore.has(other.id)) continue;
          if (other.vip && other.id !== h.id && agent && agentServes(agent.skills, other) && !store.declinedBy(other.id).includes(agentId)) {
            violations.push(`non-VIP ${h.id} offered to ${agentId} while VIP ${other.id} waited`);
          }
        }
      },
    },
  });
  AGENTS.forEach((a, i) => issueToken(store, { id: a.id, name: a.id, role: 'agent', skills: a.skills, capacity: capacities[i] ?? 1 }));
  await router.start();
  let queuedBefore = new Set<string>();
  const created: string[] = [];
  const connected = new Set<string>();
  const nth = <T>(list: T[], n: number): T | undefined => (list.length ? list[n % list.length] : undefined);
  const inStatus = (statuses: ('queued' | 'offered' | 'active')[], filter: (h: { offeredTo?: string; agentId?: string }) => boolean = () => true) =>
    store.listHandoffsByStatus(statuses).filter(filter);

  let n = 0;
  const act = async (a: Action): Promise<void> => {
    const agent = AGENTS[(a.agent as number) ?? 0]?.id ?? 'ana';
    const p = (a.pick as number) ?? 0;
    switch (a.t) {
      case 'handoff': {
        const req: HandoffRequest = {
          conversationId: `conv-${n++}`,
          customer: { id: `cust-${n}`, tier: a.vip ? 'vip' : 'standard' },
          transcript: [],
          reason: { trigger: 'complexity' },
          queue: a.queue as string,
          ...(a.frustrated ? { sentiment: -0.8 } : {}),
        };
        created.push((await router.submit(req)).handoff.id);
        break;
      }
      case 'connect':
        connected.add(agent);
        await router.connect(agent);
        break;
      case 'disconnect':
        if (connected.delete(agent)) await router.disconnect(agent);
        break;
      case 'grace':
        if (!connected.has(agent)) await router.graceExpired(agent);
        break;
      case 'accept': {
        if (a.wrong) {
          const target = nth(created, p);
          const h = target ? store.getHandoff(target) : undefined;
          const r = target ? await router.accept(agent, target) : undefined;
          // (Started together with others, the offer may have been made to them meanwhile.)
          if (r?.ok && !concurrent && !(h?.offeredTo === agent || (h?.status === 'active' && h.agentId === agent))) violations.push(`accepted ${target} not offered to ${agent}`);
        } else {
          const h = nth(inStatus(['offered'], (x) => x.offeredTo === agent), p);
          // (Started together with others, a decline, timeout or leave may have taken the offer back first.)
          if (h && !(await router.accept(agent, h.id)).ok && !concurrent) violations.push(`could not accept own offer ${h.id}`);
        }
        break;
      }
      case 'decline': {
        const h = nth(inStatus(['offered'], (x) => x.offeredTo === agent), p);
        if (h) await router.decline(agent, h.id);
        break;
      }
      case 'timeout': {
        const h = nth(inStatus(['offered']), p);
        if (h) await router.expireOffer(h.id);
        break;
      }
      case 'resolve': {
        const h = nth(inStatus(['active'], (x) => x.agentId === agent), p);
        if (h) await router.resolve(agent, h.id, { resolution: 'resolved', disposition: 'done', notes: '', requestCsat: false });
        break;
      }
      case 'transfer': {
        const h = nth(inStatus(['active'], (x) => x.agentId === agent), p);
        const to = a.toAgent === undefined ? undefined : AGENTS[a.toAgent as number]?.id;
        if (h) await router.transfer(agent, to ? { handoffId: h.id, agentId: to } : { handoffId: h.id, queue: a.queue as string });
        break;
      }
      case 'handback': {
        const h = nth(inStatus(['active'], (x) => x.agentId === agent), p);
        if (h) await router.handBack(agent, h.id);
        break;
      }
      case 'status':
        await router.setStatus(agent, a.status as 'available' | 'away' | 'offline');
        break;
      case 'reassign': {
        const h = nth(inStatus(['queued', 'offered', 'active']), p);
        if (h) await router.reassign(h.id, agent);
        break;
      }
      case 'leave': {
        const h = nth(inStatus(['queued', 'offered', 'active']), p);
        if (h) await router.customerEnd(h.conversationId);
        break;
      }
      case 'wait':
        // Past every cool-down that has started so far: the clock moves once the step's operations are done.
        break;
    }
  };

  for (const group of steps) {
    clock += 1_000;
    queuedBefore = new Set(inStatus(['queued']).map((h) => h.id));
    await Promise.all(group.map(act));
    if (group.some((x) => x.t === 'wait')) clock += REOFFER_AFTER_MS;
    await runDueTimers();
    const a = { t: group.map((x) => x.t).join('+') };

    // ---- invariants after every step ----
    const all = created.map((id) => store.getHandoff(id));
    const load = new Map<string, number>();
    for (const h of all) {
      if (!h) {
        violations.push('a hand-off vanished');
        continue;
      }
      const holder = h.status === 'active' ? h.agentId : h.status === 'offered' ? h.offeredTo : undefined;
      if (h.status === 'active' && (!h.agentId || h.offeredTo)) violations.push(`active ${h.id} held by ${h.agentId} offered to ${h.offeredTo}`);
      if (h.status === 'offered' && (!h.offeredTo || h.agentId)) violations.push(`offered ${h.id} inconsistent`);
      if (h.status === 'queued' && (h.offeredTo || h.agentId)) violations.push(`queued ${h.id} still held`);
      if (!['queued', 'offered', 'active', 'resolved', 'abandoned', 'handed_back'].includes(h.status)) violations.push(`unknown status ${h.status}`);
      if (holder) load.set(holder, (load.get(holder) ?? 0) + 1);
    }
    AGENTS.forEach((ag, i) => {
      if ((load.get(ag.id) ?? 0) > (capacities[i] ?? 1)) violations.push(`${ag.id} above capacity`);
      // What the agent's event log says they hold must be exactly what they hold.
      const believed = new Set<string>();
      for (const e of events.get(ag.id) ?? []) {
        if (e.type === 'conversation.assigned') believed.add(e.conversation.handoffId);
        if (e.type === 'conversation.removed') believed.delete(e.handoffId);
      }
      const actual = new Set(all.filter((h) => h?.status === 'active' && h.agentId === ag.id).map((h) => h?.id));
      if ([...believed].sort().join() !== [...actual].sort().join()) violations.push(`${ag.id} believes ${[...believed]} but holds ${[...actual]}`);
      const seqs = (events.get(ag.id) ?? []).map((e) => e.seq);
      if (seqs.some((s, k) => s !== k + 1)) violations.push(`${ag.id} event seqs not 1..n`);
    });
    // Not stuck: a queued hand-off has no agent who could take it now and has not turned it down; if only agents
    // who did could take it, a retry is due by the end of the earliest of their cool-downs (so after a `wait` no
    // one who could take it is left: every cool-down has run out and the retry has offered it).
    for (const h of all) {
      if (h?.status !== 'queued') continue;
      const declinedAt = new Map(store.declinesOf(h.id).map((d) => [d.agentId, Date.parse(d.at)]));
      let askAgainBy = Number.POSITIVE_INFINITY;
      AGENTS.forEach((ag, i) => {
        const rec = store.getAgent(ag.id);
        const free = (load.get(ag.id) ?? 0) < (capacities[i] ?? 1);
        if (!(connected.has(ag.id) && rec?.status === 'available' && free && agentServes(ag.skills, h))) return;
        const at = declinedAt.get(ag.id);
        if (at === undefined || group.some((x) => x.t === 'wait')) violations.push(`queued ${h.id} left waiting while ${ag.id} could take it`);
        else askAgainBy = Math.min(askAgainBy, at + REOFFER_AFTER_MS);
      });
      if (askAgainBy !== Number.POSITIVE_INFINITY && !sim.dueTimes().some((due) => due <= askAgainBy)) {
        violations.push(`queued ${h.id} has no retry by ${new Date(askAgainBy).toISOString()} though only agents who declined it could take it`);
      }
    }
    // Waiting customers are told what changed: anyone whose telling is due and who would read something new if
    // the queue were walked in full has a sweep of their queue coming within the sweep gap (1 s).
    for (const [queue, { ids, sweepAt }] of Object.entries(await router.staleTellings())) {
      if (ids.length && (sweepAt === undefined || sweepAt > clock + 1_000)) violations.push(`in ${queue}, ${ids.join(', ')} would read something new but no sweep is due`);
    }
    // The incremental index is exactly what rebuilding it from the store gives (the store is the source of truth).
    const rebuilt = QueueIndex.build(store.listHandoffsByStatus(['queued', 'offered', 'active']), comparePriority(DEFAULT_PRIORITY_ORDER)).snapshot();
    const live = router.indexSnapshot();
    if (JSON.stringify(rebuilt) !== JSON.stringify(live)) violations.push(`index after ${a.t} differs from the store: ${JSON.stringify(live)} vs ${JSON.stringify(rebuilt)}`);
    if (violations.length) break;
  }
  router.stop();
  store.close();
  expect(violations).toEqual([]);
}

describe('HandoffRouter invariants (fast-check)', () => {
  const numRuns = Number(process.env.FC_RUNS ?? 300);
  const capacities = fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 3, maxLength: 3 });
  // A long run (FC_RUNS=3000) takes about 20 s per property here: the time allowed grows with the runs.
  const timeout = Math.max(20_000, numRuns * 30);

  it('never double-holds, loses, over-fills or lets anyone jump a VIP, over random event sequences', async () => {
    await fc.assert(
      fc.asyncProperty(capacities, fc.array(action, { minLength: 1, maxLength: 60 }), (caps, actions) => runScenario(caps, (actions as Action[]).map((x) => [x]))),
      { numRuns },
    );
  }, timeout);

  it('keeps the same invariants when operations start together (queues locked one by one)', async () => {
    await fc.assert(
      fc.asyncProperty(capacities, fc.array(fc.array(action, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 25 }), (caps, groups) => runScenario(caps, groups as Action[][])),
      { numRuns },
    );
  }, timeout);
});
