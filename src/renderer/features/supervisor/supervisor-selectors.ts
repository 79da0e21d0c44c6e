// Pure views of the supervisor data: filtering by queue and trigger, who can take a reassigned conversation,
// the KPI series to chart, and which metrics range to ask for. Kept out of components so they are unit-tested.
import type { QueueSnapshot } from '../../../shared/domain/conversation';
import type { Trigger } from '../../../shared/domain/handoff';
import type { KpiSnapshot, MetricsRequest, SupervisorMetrics, WaitingConversation } from '../../../shared/domain/supervisor';
import type { AgentPresence } from '../../../shared/protocol/agent-socket';

export interface SupervisorFilters {
  queue?: string;
  trigger?: Trigger;
}

/** '24h' charts the last 24 hours by hour, '7d' the last 7 days by day. */
export type KpiRangeName = '24h' | '7d';

export const visibleQueues = (queues: QueueSnapshot[], f: SupervisorFilters): QueueSnapshot[] =>
  f.queue ? queues.filter((q) => q.queue === f.queue) : queues;

/** Waiting conversations matching the filters, in the hub's serving order. */
export const visibleWaiting = (waiting: WaitingConversation[], f: SupervisorFilters): WaitingConversation[] =>
  waiting.filter((w) => (!f.queue || w.queue === f.queue) && (!f.trigger || w.trigger === f.trigger));

const serves = (a: AgentPresence, queue: string | undefined): boolean => !queue || a.skills.includes(queue) || a.skills.includes('*');

/**
 * Who staffs a queue, in the console's one vocabulary: "online" is a connected desk (available or away),
 * "available" is online and taking new conversations. The header and every tile count with this, so they agree.
 */
export function queueStaffing(agents: AgentPresence[], queue?: string): { available: number; online: number } {
  const team = agents.filter((a) => a.role !== 'supervisor' && a.connected && a.capacity > 0 && serves(a, queue));
  return { available: team.filter((a) => a.status === 'available').length, online: team.length };
}

/**
 * Agents a conversation can be reassigned to: connected, available and under capacity. Those who serve the
 * conversation's queue come first, then the least loaded, then by name.
 */
export function reassignCandidates(agents: AgentPresence[], queue?: string): (AgentPresence & { servesQueue: boolean; free: number })[] {
  return agents
    .filter((a) => a.connected && a.status === 'available' && a.activeConversations < a.capacity)
    .map((a) => ({ ...a, servesQueue: serves(a, queue), free: a.capacity - a.activeConversations }))
    .sort((a, b) => Number(b.servesQueue) - Number(a.servesQueue) || a.activeConversations - b.activeConversations || a.name.localeCompare(b.name));
}

/** Every queue and trigger the console knows of, for the filter menus. */
export function filterOptions(queues: QueueSnapshot[], waiting: WaitingConversation[], metrics?: SupervisorMetrics): { queues: string[]; triggers: Trigger[] } {
  const q = new Set<string>([...queues.map((x) => x.queue), ...waiting.map((w) => w.queue), ...(metrics?.queues ?? [])]);
  const t = new Set<Trigger>([...waiting.map((w) => w.trigger), ...(metrics?.triggers ?? [])]);
  return { queues: [...q].sort(), triggers: [...t].sort() };
}

/** The metrics request for a range: hour buckets from the start of the hour 23 h ago, or day buckets from local midnight 6 days ago. */
export function metricsRequestFor(range: KpiRangeName, f: SupervisorFilters, now: number): MetricsRequest {
  const start = new Date(now);
  if (range === '24h') {
    start.setMinutes(0, 0, 0);
    start.setHours(start.getHours() - 23);
  } else {
    start.setHours(0, 0, 0, 0);
    start.setDate(start.getDate() - 6);
  }
  return {
    from: start.toISOString(),
    to: new Date(now).toISOString(),
    bucket: range === '24h' ? 'hour' : 'day',
    ...(f.queue ? { queue: f.queue } : {}),
    ...(f.trigger ? { trigger: f.trigger } : {}),
  };
}

export type KpiName = 'handoffs' | 'dropOff' | 'fcr' | 'csat' | 'asa' | 'handle';

export interface KpiDefinition {
  name: KpiName;
  title: string;
  read: (s: KpiSnapshot) => number | null;
  format: (v: number) => string;
  /** A fixed top of the scale when the value has one (shares and CSAT). */
  max?: number;
  /** Counts are bars; rates and averages are lines. */
  kind: 'line' | 'bar';
  unit?: 'seconds';
}

const pct = (v: number): string => `${Math.round(v * 100)}%`;
function secs(v: number): string {
  const total = Math.round(v);
  if (total < 60) return `${total}s`;
  const rest = total % 60;
  return rest ? `${Math.floor(total / 60)}m ${String(rest).padStart(2, '0')}s` : `${total / 60}m`;
}

export const KPIS: KpiDefinition[] = [
  { name: 'handoffs', title: 'Hand-offs', read: (s) => s.counts.handoffs, format: (v) => String(Math.round(v)), kind: 'bar' },
  { name: 'dropOff', title: 'Drop-off rate', read: (s) => s.dropOffRate, format: pct, max: 1, kind: 'line' },
  { name: 'fcr', title: 'First-contact resolution', read: (s) => s.firstContactResolutionRate, format: pct, max: 1, kind: 'line' },
  { name: 'csat', title: 'CSAT', read: (s) => s.csat.average, format: (v) => v.toFixed(1), max: 5, kind: 'line' },
  { name: 'asa', title: 'Avg. speed of answer', read: (s) => s.averageSpeedOfAnswerSeconds, format: secs, kind: 'line', unit: 'seconds' },
  { name: 'handle', title: 'Avg. handle time', read: (s) => s.averageHandleSeconds, format: secs, kind: 'line', unit: 'seconds' },
];

/** The newest bucket that has a value: what the chart's "now" shows. */
export const latestValue = (points: KpiPoint[]): number | null => [...points].reverse().find((p) => p.value !== null)?.value ?? null;

export interface KpiPoint {
  from: string;
  value: number | null;
}

export const kpiSeries = (metrics: SupervisorMetrics | undefined, kpi: KpiDefinition): KpiPoint[] =>
  (metrics?.series ?? []).map((s) => ({ from: s.from, value: kpi.read(s) }));

/** Service-level health for a tile: under 80% is a warning, under 60% is bad. */
export const serviceLevelTone = (share: number): 'ok' | 'warn' | 'bad' => (share >= 0.8 ? 'ok' : share >= 0.6 ? 'warn' : 'bad');

/** Wait health: over 2 minutes is a warning, over 5 is bad. */
export const waitTone = (seconds: number): 'ok' | 'warn' | 'bad' => (seconds > 300 ? 'bad' : seconds > 120 ? 'warn' : 'ok');
