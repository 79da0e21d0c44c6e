// The supervisor console's HTTP reads against a real hub on loopback: the waiting list in serving order with
// why each customer was handed off, the KPIs per hour bucket, and what an agent token or a dead hub answers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../../../src/hub/server';
import { createSupervisorQueries, SUPERVISOR_TOKEN_NEEDED } from '../../../src/main/services/supervisor/supervisor-queries';
import type { HandoffRequest } from '../../../src/shared/domain/handoff';
import { silentLogger } from '../../../src/shared/log';

const BOT_KEY = 'supervisor-test-bot-key';
const HOUR = 3_600_000;
// 10:20 UTC: hand-offs are posted at 07:20, 09:20 and 10:20 of the same day.
const T = Date.parse('2026-11-24T10:20:00.000Z');

let clock = T;
let hub: RunningHub;
let dir: string;
let supervisorToken: string;
let agentToken: string;

const queriesWith = (token: string | undefined, hubUrl = hub.url) => createSupervisorQueries({ hubUrl: () => hubUrl, token: () => token, now: () => clock, timeoutMs: 5_000 });

function request(conversationId: string, over: Partial<HandoffRequest>): HandoffRequest {
  return {
    conversationId,
    customer: { id: `cust-${conversationId}`, name: `Name of ${conversationId}`, tier: 'standard' },
    transcript: [{ role: 'customer', text: 'I need help' }],
    reason: { trigger: 'customer_request', detail: 'Asked for a person' },
    queue: 'billing',
    skills: [],
    ...over,
  } as HandoffRequest;
}

async function bot(path: string, body?: unknown): Promise<{ status: number; json: { handoffId?: string } }> {
  const res = await fetch(`${hub.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${BOT_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
  return { status: res.status, json: (await res.json()) as { handoffId?: string } };
}

const ids: Record<string, string> = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'baton-supervisor-'));
  hub = await startHub({ port: 0, host: '127.0.0.1', dataDir: dir, botKeys: [BOT_KEY], logger: silentLogger, now: () => clock });
  supervisorToken = hub.issueToken({ name: 'Sam Lee', role: 'supervisor', skills: [], capacity: 0 }).token;
  agentToken = hub.issueToken({ name: 'Maya Chen', role: 'agent', skills: ['billing'], capacity: 3 }).token;

  clock = T - 3 * HOUR;
  ids.standard = (await bot('/v1/handoffs', request('conv-standard', { reason: { trigger: 'complexity', detail: 'billing dispute' } }))).json.handoffId ?? '';
  clock = T - 1 * HOUR;
  ids.left = (await bot('/v1/handoffs', request('conv-left', { queue: 'orders', reason: { trigger: 'sentiment' }, sentiment: -0.9 }))).json.handoffId ?? '';
  clock = T - 1 * HOUR + 5 * 60_000;
  expect((await bot('/v1/conversations/conv-left/end')).status).toBe(200);
  clock = T;
  ids.vip = (await bot('/v1/handoffs', request('conv-vip', { customer: { id: 'cust-vip', name: 'Crystal Minh', tier: 'vip' } }))).json.handoffId ?? '';
});

afterAll(async () => {
  await hub?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('supervisor waiting list', () => {
  it('lists who waits in serving order, with the trigger, VIP flag and how long they waited', async () => {
    clock = T + 60_000;
    const r = await queriesWith(supervisorToken).waitingList();
    if (!r.ok) throw new Error(r.error.message);
    // The customer who left is not waiting; the VIP is served before the one who waited three hours.
    expect(r.value.map((w) => w.handoffId)).toEqual([ids.vip, ids.standard]);
    const [vip, standard] = r.value;
    expect(vip).toMatchObject({ queue: 'billing', position: 1, vip: true, trigger: 'customer_request', waitedSeconds: 60, status: 'queued' });
    expect(standard).toMatchObject({ queue: 'billing', position: 2, vip: false, trigger: 'complexity', waitedSeconds: 3 * 3600 + 60 });
    expect(standard?.waitingSince).toBe(new Date(T - 3 * HOUR).toISOString());
    // The hub may or may not name the customer; the console always has something to show.
    expect(['Name of conv-standard', 'cust-conv-standard', 'conv-standard']).toContain(standard?.customerName);
    expect(standard?.estimatedWaitSeconds).toBeGreaterThan(0);
  });

  it('is readable with an agent token too (the hub lets agents see queues)', async () => {
    const r = await queriesWith(agentToken).waitingList();
    expect(r.ok && r.value.length).toBe(2);
  });
});

describe('supervisor metrics over time', () => {
  it('answers the whole range and one KPI snapshot per hour, with the drop-off in the hour it happened', async () => {
    clock = T;
    const from = new Date(Date.parse('2026-11-24T06:00:00.000Z')).toISOString();
    const r = await queriesWith(supervisorToken).metrics({ from, bucket: 'hour' });
    if (!r.ok) throw new Error(r.error.message);
    const m = r.value;
    expect(m.bucket).toBe('hour');
    // 06:00 .. 10:20 is five hour buckets, the last one cut at "now".
    expect(m.series.map((s) => s.from)).toEqual(['06', '07', '08', '09', '10'].map((h) => `2026-11-24T${h}:00:00.000Z`));
    expect(m.series.at(-1)?.to).toBe(new Date(T).toISOString());
    expect(m.series.map((s) => s.counts.handoffs)).toEqual([0, 1, 0, 1, 1]);
    expect(m.series[3]?.counts.dropped).toBe(1);
    expect(m.series[3]?.dropOffRate).toBe(1);
    expect(m.series[0]?.dropOffRate).toBeNull();
    expect(m.total.counts.handoffs).toBe(3);
    expect(m.total.counts.waiting).toBe(2);
    expect(m.queues).toEqual(['billing', 'orders']);
    expect([...m.triggers].sort()).toEqual(['complexity', 'customer_request', 'sentiment']);
  });

  it('filters the series by queue and trigger', async () => {
    clock = T;
    const r = await queriesWith(supervisorToken).metrics({ bucket: 'hour', queue: 'orders' });
    if (!r.ok) throw new Error(r.error.message);
    // The default range is the last 24 hours, by hour.
    expect(r.value.series).toHaveLength(24);
    expect(r.value.total.counts.handoffs).toBe(1);
    expect(r.value.queue).toBe('orders');
    const byTrigger = await queriesWith(supervisorToken).metrics({ bucket: 'day', trigger: 'complexity' });
    if (!byTrigger.ok) throw new Error(byTrigger.error.message);
    expect(byTrigger.value.series).toHaveLength(7);
    expect(byTrigger.value.series.at(-1)?.counts.handoffs).toBe(1);
  });

  it('tells an agent that the console needs a supervisor token', async () => {
    const r = await queriesWith(agentToken).metrics({ bucket: 'hour' });
    expect(r).toEqual({ ok: false, error: { code: 'forbidden', message: SUPERVISOR_TOKEN_NEEDED } });
  });

  it('refuses a range with more buckets than the console charts, before asking the hub', async () => {
    const r = await queriesWith(supervisorToken, 'http://127.0.0.1:9').metrics({ from: new Date(T - 72 * HOUR).toISOString(), bucket: 'hour' });
    expect(r.ok ? 'ok' : r.error.code).toBe('invalid');
    expect(r.ok ? '' : r.error.message).toMatch(/at most 48/);
  });

  it('says the hub cannot be reached, or that no token is set', async () => {
    const dead = await queriesWith(supervisorToken, 'http://127.0.0.1:9').waitingList();
    expect(dead.ok ? 'ok' : dead.error.code).toBe('offline');
    const none = await queriesWith(undefined).metrics({});
    expect(none.ok ? 'ok' : none.error.code).toBe('no_token');
  });

  it('rejects a bad token with a message that points to Settings', async () => {
    const r = await queriesWith('not-a-token').waitingList();
    expect(r.ok ? 'ok' : r.error.code).toBe('unauthorized');
    expect(r.ok ? '' : r.error.message).toMatch(/Settings/);
  });
});
