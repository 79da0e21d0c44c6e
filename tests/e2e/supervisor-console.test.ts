// The supervisor console end to end: a real hub with a day of recorded hand-offs (answered, resolved and rated,
// or dropped), agents connected over the real socket, customers waiting now; the desk signs in with a
// supervisor token, opens the console, sees the queue tiles, the waiting rows with their reasons, the agents and
// the KPI charts, and reassigns a waiting customer to an agent with room. Saves a screenshot
// (BATON_SCREENSHOTS_DIR=docs/screenshots to refresh the docs).
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandoffRequest } from '../../src/shared/domain/handoff';
import type { AgentEvent } from '../../src/shared/protocol/agent-socket';
import type { Result } from '../../src/shared/result';
import { BOT_KEY, startDeskStack, type DeskStack } from './harness';
import { atEachSize, hiddenParts, scrollsSideways, shotPath, VIEWPORTS } from './screens';

const MIN = 60_000;
const HOUR = 60 * MIN;

/** The hub's clock runs this far behind real time while the test records past hand-offs. */
let offset = 0;

interface AgentDesk {
  id: string;
  socket: Socket;
  offer(handoffId: string): Promise<void>;
  request<T>(event: string, payload: unknown): Promise<Result<T>>;
}

function connectAgent(stack: DeskStack, name: string, skills: string[], capacity: number): Promise<AgentDesk> {
  const issued = stack.hub.issueToken({ name, role: 'agent', skills, capacity });
  const socket = io(`${stack.hubUrl}/agent`, { auth: { token: issued.token, lastSeq: 0 }, transports: ['websocket'], reconnection: false, forceNew: true });
  const offers = new Set<string>();
  const waiters = new Map<string, () => void>();
  socket.on('event', (e: AgentEvent) => {
    if (e.type !== 'offer') return;
    offers.add(e.conversation.handoffId);
    waiters.get(e.conversation.handoffId)?.();
  });
  return new Promise((resolveDesk, reject) => {
    socket.once('connect_error', reject);
    socket.once('hello', () =>
      resolveDesk({
        id: issued.agentId,
        socket,
        offer: (handoffId) => (offers.has(handoffId) ? Promise.resolve() : new Promise((r) => waiters.set(handoffId, r))),
        request: <T,>(event: string, payload: unknown) => socket.timeout(8_000).emitWithAck(event, payload) as Promise<Result<T>>,
      }),
    );
  });
}

async function bot(stack: DeskStack, path: string, body: unknown): Promise<{ handoffId?: string }> {
  const res = await fetch(`${stack.hubUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${BOT_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path} answered ${res.status}`);
  return (await res.json()) as { handoffId?: string };
}

function handoff(conversationId: string, customer: { id: string; name: string; tier?: string }, queue: string, reason: HandoffRequest['reason'], sentiment = 0): HandoffRequest {
  return {
    conversationId,
    customer,
    transcript: [
      { role: 'customer', text: 'Hello, I need some help with my account.' },
      { role: 'bot', text: 'Let me connect you with a person.' },
    ],
    reason,
    sentiment,
    queue,
    skills: [queue],
  };
}

describe('supervisor console', () => {
  let stack: DeskStack;
  const desks: AgentDesk[] = [];
  const live: Record<'vip' | 'angry' | 'orders' | 'tech', string> = { vip: '', angry: '', orders: '', tech: '' };

  beforeAll(async () => {
    stack = await startDeskStack({ role: 'supervisor', hubNow: () => Date.now() + offset, viewport: { width: 1440, height: 900 } });
    // A day of history, answered by Maya: every few hours a hand-off that is resolved and rated, or dropped.
    const maya = await connectAgent(stack, 'Maya Chen', ['billing', 'orders', 'tech'], 3);
    desks.push(maya);
    const history: { hoursAgo: number; queue: string; outcome: 'resolved' | 'dropped' | 'unresolved'; asaMin: number; csat?: number }[] = [
      { hoursAgo: 21, queue: 'billing', outcome: 'resolved', asaMin: 1, csat: 5 },
      { hoursAgo: 18, queue: 'orders', outcome: 'resolved', asaMin: 3, csat: 4 },
      { hoursAgo: 15, queue: 'billing', outcome: 'dropped', asaMin: 0 },
      { hoursAgo: 12, queue: 'tech', outcome: 'resolved', asaMin: 2, csat: 4 },
      { hoursAgo: 9, queue: 'billing', outcome: 'unresolved', asaMin: 5, csat: 2 },
      { hoursAgo: 7, queue: 'orders', outcome: 'resolved', asaMin: 1, csat: 5 },
      { hoursAgo: 4, queue: 'billing', outcome: 'dropped', asaMin: 0 },
      { hoursAgo: 2, queue: 'tech', outcome: 'resolved', asaMin: 2, csat: 3 },
    ];
    for (const [i, h] of history.entries()) {
      offset = -h.hoursAgo * HOUR;
      const conversationId = `hist-${i}`;
      const posted = await bot(stack, '/v1/handoffs', handoff(conversationId, { id: `cust-h${i}`, name: `Customer ${i}` }, h.queue, { trigger: i % 3 === 0 ? 'complexity' : 'customer_request' }));
      const handoffId = posted.handoffId ?? '';
      if (h.outcome === 'dropped') {
        offset += 4 * MIN;
        await bot(stack, `/v1/conversations/${conversationId}/end`, {});
        continue;
      }
      await maya.offer(handoffId);
      offset += h.asaMin * MIN;
      expect((await maya.request('offer.accept', { handoffId })).ok).toBe(true);
      offset += 7 * MIN;
      const done = await maya.request('conversation.resolve', { handoffId, wrapUp: { resolution: h.outcome, disposition: 'answered', notes: '', requestCsat: true } });
      expect(done.ok).toBe(true);
      if (h.csat) await bot(stack, `/v1/conversations/${conversationId}/csat`, { score: h.csat });
    }
    offset = 0;
    expect((await maya.request('status.set', { status: 'away' })).ok).toBe(true);
    desks.push(await connectAgent(stack, 'Jon Park', ['tech', 'general'], 2));
    const priya = await connectAgent(stack, 'Priya Nair', ['billing', 'orders'], 3);
    desks.push(priya);
    expect((await priya.request('status.set', { status: 'away' })).ok).toBe(true);

    // Waiting now: billing and orders have nobody available; tech is offered to Jon.
    offset = -9 * MIN;
    live.vip = (await bot(stack, '/v1/handoffs', handoff('web-4821', { id: 'c-4821', name: 'Crystal Minh', tier: 'vip' }, 'billing', { trigger: 'customer_request', detail: 'Charged twice for order 3348917502' }))).handoffId ?? '';
    offset = -6 * MIN;
    live.angry = (await bot(stack, '/v1/handoffs', handoff('web-4830', { id: 'c-4830', name: 'Omar Haddad' }, 'billing', { trigger: 'sentiment', detail: 'Angry about a late refund' }, -0.8))).handoffId ?? '';
    offset = -3 * MIN;
    live.orders = (await bot(stack, '/v1/handoffs', handoff('web-4833', { id: 'c-4833', name: 'Lena Vogel' }, 'orders', { trigger: 'complexity', detail: 'Split shipment across two addresses' }))).handoffId ?? '';
    offset = -1 * MIN;
    live.tech = (await bot(stack, '/v1/handoffs', handoff('web-4840', { id: 'c-4840', name: 'Ravi Shah' }, 'tech', { trigger: 'low_confidence', detail: 'Router keeps dropping the connection' }))).handoffId ?? '';
    offset = 0;
  });

  afterAll(async () => {
    for (const d of desks) d.socket.close();
    await stack?.close();
  });

  it('shows the queues, who waits and why, the agents and the KPI charts, and reassigns a waiting customer', async () => {
    const { page } = stack;
    await page.getByTestId('nav-supervisor').click();
    const console_ = page.getByTestId('supervisor-console');
    await console_.waitFor();

    const billing = page.getByTestId('queue-tile').filter({ hasText: 'billing' });
    await billing.waitFor();
    await expect(billing.innerText()).resolves.toMatch(/2\s*waiting/i);

    const rows = page.getByTestId('waiting-row');
    const row = (id: string) => page.locator(`[data-testid=waiting-row][data-handoff-id="${id}"]`);
    await row(live.vip).waitFor();
    // The customer shows by name when the hub sends it, otherwise by an id; the reason and flags always show.
    await expect(row(live.vip).innerText()).resolves.toMatch(/Crystal Minh|c-4821|web-4821/);
    await expect(row(live.vip).innerText()).resolves.toMatch(/VIP[\s\S]*Asked for agent/);
    await expect(row(live.angry).innerText()).resolves.toMatch(/Frustrated[\s\S]*Sentiment/);
    await expect(row(live.orders).innerText()).resolves.toMatch(/Complex/);
    // The billing queue serves the VIP first.
    await expect(rows.first().getAttribute('data-handoff-id')).resolves.toBe(live.vip);

    const agents = page.getByTestId('agents-table');
    await agents.getByText('Jon Park').waitFor();
    await expect(agents.innerText()).resolves.toMatch(/Priya Nair[\s\S]*Away/);

    const charts = page.getByTestId('kpi-chart');
    await charts.first().locator('svg').waitFor();
    expect(await charts.count()).toBe(6);
    // Two of the six answered-or-dropped hand-offs in the day were dropped.
    await expect(page.locator('[data-testid=kpi-chart][data-kpi=dropOff]').innerText()).resolves.toMatch(/25%/);
    await expect(page.locator('[data-testid=kpi-chart][data-kpi=dropOff] .trend-dot').count()).resolves.toBeGreaterThanOrEqual(5);

    // One vocabulary: "online" is a connected desk, "available" is online and taking conversations. Billing is
    // served by Maya and Priya, both online and away; Jon (tech, general) is the one available agent.
    await expect(billing.getByTestId('queue-staffing').innerText()).resolves.toBe('0 of 2 available');
    await expect(page.getByTestId('queue-tile').filter({ hasText: 'tech' }).getByTestId('queue-staffing').innerText()).resolves.toBe('1 of 2 available');
    await expect(page.getByTestId('summary-staffing').innerText()).resolves.toMatch(/^1 of 3 online agents available$/);
    // The place in line is per queue, and says so: the VIP and the orders customer are both first in their queues.
    await expect(page.locator('.sv-waiting th').first().innerText()).resolves.toMatch(/in line/i);
    await expect(row(live.vip).getByTestId('waiting-position').innerText()).resolves.toBe('1st');
    await expect(row(live.angry).getByTestId('waiting-position').innerText()).resolves.toBe('2nd');
    await expect(row(live.orders).getByTestId('waiting-position').getAttribute('title')).resolves.toBe('1st in line in the orders queue');

    // At a laptop's size and up, every panel can be scrolled to and nothing is cut: each KPI chart whole, the
    // agents' LOAD column, the last waiting row's Assign button.
    await atEachSize(page, 'supervisor-console', async (size) => {
      const at = `${size.width}×${size.height}`;
      const kpis = await page.locator('.sv-kpis').boundingBox();
      expect(kpis?.height ?? 0, at).toBeGreaterThan(300);
      for (let i = 0; i < 6; i++) expect(await hiddenParts(page, '[data-testid=kpi-chart]', i), `${at} KPI chart ${i}`).toEqual([]);
      expect(await hiddenParts(page, '[data-testid=agents-table] th:last-child'), `${at} LOAD heading`).toEqual([]);
      for (let i = 0; i < 3; i++) expect(await hiddenParts(page, '[data-testid=agents-table] .sv-load', i), `${at} load of agent ${i}`).toEqual([]);
      expect(await scrollsSideways(page, '.sv-panel:has([data-testid=agents-table])'), `${at} agents panel scrolls sideways`).toBe(false);
      expect(await hiddenParts(page, '[data-testid=reassign-submit]', 3), `${at} last Assign`).toEqual([]);
      for (let i = 0; i < 4; i++) expect(await hiddenParts(page, '[data-testid=queue-tile]', i), `${at} tile ${i}`).toEqual([]);
      await page.locator('[data-testid=supervisor-console]').evaluate((el) => el.scrollTo(0, 0));
    });
    // Scrolled down at 1440×900: the KPI charts, whole.
    await page.locator('.sv-kpis').evaluate((el) => el.scrollIntoView({ block: 'end' }));
    await page.screenshot({ path: shotPath('supervisor-console-kpis', VIEWPORTS[1]) });
    await page.locator('[data-testid=supervisor-console]').evaluate((el) => el.scrollTo(0, 0));
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: shotPath('supervisor-console-dark', VIEWPORTS[1]) });
    await page.emulateMedia({ colorScheme: 'light' });

    // Reassign the angry billing customer to Jon, the only agent with room.
    const angry = row(live.angry);
    const handoffId = live.angry;
    const jon = desks[1];
    if (!jon) throw new Error('Jon is not connected');
    const options = await angry.getByTestId('reassign-select').locator('option').allInnerTexts();
    // Maya and Priya are away: Jon is the only one offered, though billing is not his queue.
    expect(options.slice(1)).toEqual([expect.stringMatching(/^Jon Park \(0\/2\) · other queue$/)]);
    await angry.getByTestId('reassign-select').selectOption({ index: 1 });
    const offered = jon.offer(handoffId);
    await angry.getByTestId('reassign-submit').click();
    await page.getByText('Conversation reassigned to Jon Park.').waitFor();
    await offered;

    // Filter by queue: one tile, the one customer waiting in it; the KPIs follow, by day over a week.
    await page.getByTestId('filter-queue').selectOption('orders');
    await expect.poll(() => page.getByTestId('queue-tile').count()).toBe(1);
    await expect.poll(() => rows.count()).toBe(1);
    await expect(rows.first().getAttribute('data-handoff-id')).resolves.toBe(live.orders);
    await page.getByTestId('kpi-range-7d').click();
    await page.getByText('Performance · last 7 days').waitFor();
    const volume = page.locator('[data-testid=kpi-chart][data-kpi=handoffs]');
    // Three grid labels and one label per day.
    await expect.poll(() => volume.locator('.trend-axis').count()).toBe(10);
    // Orders had two hand-offs in the history (18 h and 7 h ago) and one waiting now.
    await expect(volume.locator('.sv-kpi-value').innerText()).resolves.toBe('3');
  });
});
