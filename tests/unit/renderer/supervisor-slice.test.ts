// The supervisor console's store and selectors: the console loads queues, agents and the waiting list together,
// keeps the last data when a refresh fails, asks for the KPIs of the chosen range and filters (newest answer
// wins), reassigns once per click, and picks reassign candidates who are connected, available and have room.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDeskStore, type DeskStore } from '../../../src/renderer/app/store';
import {
  filterOptions,
  kpiSeries,
  KPIS,
  latestValue,
  metricsRequestFor,
  reassignCandidates,
  visibleQueues,
  visibleWaiting,
} from '../../../src/renderer/features/supervisor/supervisor-selectors';
import { WAITING_FOLLOW_MS } from '../../../src/renderer/features/supervisor/slice';
import type { QueueSnapshot } from '../../../src/shared/domain/conversation';
import type { KpiSnapshot, MetricsRequest, SupervisorMetrics, WaitingConversation } from '../../../src/shared/domain/supervisor';
import type { AgentPresence } from '../../../src/shared/protocol/agent-socket';
import { fail, ok } from '../../../src/shared/result';
import { createFakeDeskApi, type FakeDeskApi } from './fake-desk-api';

const queue = (name: string, over: Partial<QueueSnapshot> = {}): QueueSnapshot => ({
  queue: name,
  waiting: 1,
  longestWaitSeconds: 30,
  estimatedWaitSeconds: 60,
  serviceLevel: 0.9,
  abandoned: 0,
  agentsAvailable: 1,
  ...over,
});

const waitingOne = (id: string, over: Partial<WaitingConversation> = {}): WaitingConversation => ({
  handoffId: id,
  conversationId: `c-${id}`,
  customerName: `Customer ${id}`,
  queue: 'billing',
  trigger: 'customer_request',
  vip: false,
  frustrated: false,
  status: 'queued',
  position: 1,
  estimatedWaitSeconds: 60,
  waitedSeconds: 30,
  waitingSince: '2026-11-24T10:00:00.000Z',
  ...over,
});

const agent = (id: string, over: Partial<AgentPresence> = {}): AgentPresence => ({
  id,
  name: `Agent ${id}`,
  role: 'agent',
  skills: ['billing'],
  capacity: 3,
  status: 'available',
  connected: true,
  activeConversations: 0,
  ...over,
});

const kpi = (from: string, over: Partial<KpiSnapshot> = {}): KpiSnapshot => ({
  from,
  to: from,
  counts: { handoffs: 1, waiting: 0, active: 0, answered: 1, dropped: 0, resolved: 1, handedBack: 0, transferred: 0 },
  dropOffRate: 0,
  firstContactResolutionRate: 1,
  csat: { average: 4.5, count: 1 },
  averageSpeedOfAnswerSeconds: 42,
  averageHandleSeconds: 300,
  suggestionAcceptanceRate: null,
  ...over,
});

const metrics = (over: Partial<SupervisorMetrics> = {}): SupervisorMetrics => ({
  bucket: 'hour',
  total: kpi('2026-11-24T00:00:00.000Z'),
  series: [kpi('2026-11-24T09:00:00.000Z', { dropOffRate: 0.5 }), kpi('2026-11-24T10:00:00.000Z', { dropOffRate: null })],
  queues: ['billing', 'orders'],
  triggers: ['complexity'],
  ...over,
});

let fake: FakeDeskApi;
let store: DeskStore;

afterEach(() => {
  vi.useRealTimers();
});

beforeEach(() => {
  fake = createFakeDeskApi();
  store = createDeskStore(fake.api, { draftSaveDelayMs: 0 });
});

describe('supervisor slice', () => {
  it('loads queues, agents and the waiting list together', async () => {
    fake.answer('getQueues', () => ok([queue('billing')]));
    fake.answer('getAgents', () => ok([agent('a1')]));
    fake.answer('getWaitingList', () => ok([waitingOne('h1')]));
    await store.getState().loadSupervisor();
    const s = store.getState();
    expect(s.queues.map((q) => q.queue)).toEqual(['billing']);
    expect(s.agents.map((a) => a.id)).toEqual(['a1']);
    expect(s.waiting.map((w) => w.handoffId)).toEqual(['h1']);
    expect(s.supervisorError).toBeUndefined();
    expect(s.supervisorUpdatedAt).toBeTypeOf('number');
  });

  it('keeps the last waiting list and says why when a refresh fails', async () => {
    fake.answer('getWaitingList', () => ok([waitingOne('h1')]));
    await store.getState().loadSupervisor();
    fake.answer('getWaitingList', () => fail('offline', 'The hub could not be reached.'));
    await store.getState().loadSupervisor();
    expect(store.getState().waiting.map((w) => w.handoffId)).toEqual(['h1']);
    expect(store.getState().supervisorError).toBe('The hub could not be reached.');
  });

  it('asks for the KPIs of the chosen range and filters, and shows a refusal as the KPI error', async () => {
    const asked: MetricsRequest[] = [];
    fake.answer('getMetrics', (input) => {
      asked.push(input as MetricsRequest);
      return ok(metrics());
    });
    await store.getState().loadMetrics();
    expect(asked[0]?.bucket).toBe('hour');
    store.getState().setSupervisorFilters({ queue: 'orders', trigger: 'sentiment' });
    store.getState().setKpiRange('7d');
    await Promise.resolve();
    expect(asked.at(-1)).toMatchObject({ bucket: 'day', queue: 'orders', trigger: 'sentiment' });
    store.getState().setSupervisorFilters({ queue: undefined });
    expect(store.getState().supervisorFilters).toEqual({ trigger: 'sentiment' });

    fake.answer('getMetrics', () => fail('forbidden', 'The supervisor console needs a supervisor token: ask your admin or paste one in Settings.'));
    await store.getState().loadMetrics();
    expect(store.getState().metricsError).toMatch(/supervisor token/);
    expect(store.getState().metricsLoading).toBe(false);
  });

  it('lets only the newest KPI answer land when an older one arrives late', async () => {
    const pending: ((m: SupervisorMetrics) => void)[] = [];
    fake.answer('getMetrics', () => new Promise((resolve) => pending.push((m) => resolve(ok(m)))));
    const first = store.getState().loadMetrics();
    const second = store.getState().loadMetrics();
    await new Promise((r) => setTimeout(r, 0));
    pending[1]?.(metrics({ bucket: 'day' }));
    await second;
    pending[0]?.(metrics({ bucket: 'hour' }));
    await first;
    expect(store.getState().metrics?.bucket).toBe('day');
  });

  it('reassigns once per click, names the agent, and reloads the console', async () => {
    fake.answer('getAgents', () => ok([agent('a1', { name: 'Maya Chen' })]));
    await store.getState().loadSupervisor();
    let release: () => void = () => {};
    fake.answer('reassign', () => new Promise((resolve) => (release = () => resolve(ok(null)))));
    const first = store.getState().reassign('h1', 'a1');
    const double = await store.getState().reassign('h1', 'a1');
    expect(double).toBe(false);
    expect(store.getState().reassigning).toEqual(['h1']);
    await new Promise((r) => setTimeout(r, 0));
    release();
    expect(await first).toBe(true);
    expect(fake.callsTo('reassign')).toEqual([{ handoffId: 'h1', agentId: 'a1' }]);
    expect(store.getState().reassigning).toEqual([]);
    expect(store.getState().toasts.at(-1)?.text).toBe('Conversation reassigned to Maya Chen.');
    expect(fake.callsTo('getWaitingList').length).toBeGreaterThanOrEqual(2);
  });

  it('follows hub queue pushes with one throttled waiting-list fetch, only while the console shows', async () => {
    vi.useFakeTimers();
    fake.answer('getWaitingList', () => ok([waitingOne('h1')]));
    store.getState().applyQueues([queue('billing')]);
    await vi.advanceTimersByTimeAsync(WAITING_FOLLOW_MS);
    expect(fake.callsTo('getWaitingList')).toHaveLength(0);

    store.setState({ agent: { id: 's', name: 'Sue', role: 'supervisor', skills: [], capacity: 1, status: 'available' }, view: 'supervisor' });
    store.getState().applyQueues([queue('billing', { waiting: 2 })]);
    store.getState().applyQueues([queue('billing', { waiting: 3 })]);
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.callsTo('getWaitingList')).toHaveLength(1);
    store.getState().applyQueues([queue('billing', { waiting: 4 })]);
    await vi.advanceTimersByTimeAsync(WAITING_FOLLOW_MS - 1);
    expect(fake.callsTo('getWaitingList')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fake.callsTo('getWaitingList')).toHaveLength(2);
    expect(store.getState().queues[0]?.waiting).toBe(4);
  });

  it('a full refresh does not trigger a second waiting-list fetch', async () => {
    vi.useFakeTimers();
    store.setState({ agent: { id: 's', name: 'Sue', role: 'supervisor', skills: [], capacity: 1, status: 'available' }, view: 'supervisor' });
    await store.getState().loadSupervisor();
    await vi.advanceTimersByTimeAsync(WAITING_FOLLOW_MS * 2);
    expect(fake.callsTo('getWaitingList')).toHaveLength(1);
  });

  it('clears "not refreshed" once the waiting list loads again', async () => {
    fake.answer('getWaitingList', () => fail('offline', 'The hub could not be reached.'));
    await store.getState().loadWaiting();
    expect(store.getState().supervisorError).toBe('The hub could not be reached.');
    fake.answer('getWaitingList', () => ok([waitingOne('h1')]));
    await store.getState().loadWaiting();
    expect(store.getState().supervisorError).toBeUndefined();
  });

  it('reports a refused reassign', async () => {
    fake.answer('reassign', () => fail('capacity', 'Maya Chen is at capacity (3); free a slot or pick someone else.'));
    expect(await store.getState().reassign('h1', 'a1')).toBe(false);
    expect(store.getState().toasts.at(-1)).toMatchObject({ kind: 'error', text: expect.stringMatching(/at capacity/) });
  });
});

describe('supervisor selectors', () => {
  it('filters tiles by queue and the waiting list by queue and trigger', () => {
    const queues = [queue('billing'), queue('orders')];
    expect(visibleQueues(queues, {}).length).toBe(2);
    expect(visibleQueues(queues, { queue: 'orders' }).map((q) => q.queue)).toEqual(['orders']);
    const waiting = [waitingOne('h1'), waitingOne('h2', { queue: 'orders', trigger: 'sentiment' }), waitingOne('h3', { trigger: 'sentiment' })];
    expect(visibleWaiting(waiting, { trigger: 'sentiment' }).map((w) => w.handoffId)).toEqual(['h2', 'h3']);
    expect(visibleWaiting(waiting, { queue: 'billing', trigger: 'sentiment' }).map((w) => w.handoffId)).toEqual(['h3']);
  });

  it('offers reassignment only to connected, available agents with room, those serving the queue first', () => {
    const agents = [
      agent('full', { activeConversations: 3 }),
      agent('away', { status: 'away' }),
      agent('gone', { connected: false }),
      agent('other', { skills: ['orders'] }),
      agent('busy', { activeConversations: 2 }),
      agent('idle'),
      agent('any', { skills: ['*'], activeConversations: 1 }),
      agent('sup', { role: 'supervisor', capacity: 0, skills: [] }),
    ];
    const picked = reassignCandidates(agents, 'billing');
    expect(picked.map((a) => a.id)).toEqual(['idle', 'any', 'busy', 'other']);
    expect(picked.find((a) => a.id === 'other')?.servesQueue).toBe(false);
    expect(picked.find((a) => a.id === 'busy')?.free).toBe(1);
  });

  it('lists every known queue and trigger for the filter menus', () => {
    const options = filterOptions([queue('tech')], [waitingOne('h1', { trigger: 'vip' })], metrics());
    expect(options.queues).toEqual(['billing', 'orders', 'tech']);
    expect(options.triggers).toEqual(['complexity', 'vip']);
  });

  it('asks for 24 hour buckets from the start of the hour 23 hours ago, or 7 days from midnight', () => {
    const now = new Date(2026, 10, 24, 10, 20, 30).getTime();
    const day = metricsRequestFor('24h', { queue: 'billing' }, now);
    expect(day).toMatchObject({ bucket: 'hour', queue: 'billing', to: new Date(now).toISOString() });
    expect(day.from).toBe(new Date(2026, 10, 23, 11, 0, 0).toISOString());
    const week = metricsRequestFor('7d', {}, now);
    expect(week.bucket).toBe('day');
    expect(week.from).toBe(new Date(2026, 10, 18, 0, 0, 0).toISOString());
    expect('queue' in week).toBe(false);
  });

  it('charts each KPI from the series, with gaps where a period had nothing to count', () => {
    const dropOff = KPIS.find((k) => k.name === 'dropOff');
    if (!dropOff) throw new Error('drop-off KPI missing');
    const points = kpiSeries(metrics(), dropOff);
    expect(points.map((p) => p.value)).toEqual([0.5, null]);
    expect(latestValue(points)).toBe(0.5);
    expect(dropOff.format(0.5)).toBe('50%');
    expect(KPIS.find((k) => k.name === 'asa')?.format(125)).toBe('2m 05s');
  });
});
