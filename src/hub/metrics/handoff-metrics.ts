// Hand-off KPIs for GET /v1/metrics, computed from what each hand-off recorded (trigger, queue, times, outcome,
// CSAT) and the agents' suggestion feedback. Hand-offs are selected by creation time within [from, to].
//
// Definitions:
// - Drop-off rate: hand-offs the customer left before any agent joined / hand-offs that were answered or dropped.
// - First-contact resolution: answered hand-offs resolved ('resolved') by the first agent who accepted them
//   (one human contact, no transfer or reassignment), with no new hand-off for the same customer id within the
//   window after it ended / answered hand-offs that have ended. Recent ones count provisionally until their
//   window has passed.
// - Average speed of answer: seconds from hand-off to the first accept. Handle time: first accept to end.
// - Suggestion acceptance: inserted or edited / all feedback on suggestions.
import { z } from 'zod';
import type { HandoffRecord, HubStore } from '../store/hub-store';
import { triggerSchema } from '../../shared/domain/handoff';
import type { HandoffMetrics } from '../../shared/domain/supervisor';

export type { HandoffMetrics };

export const metricsQuerySchema = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  queue: z.string().min(1).max(100).optional(),
  trigger: triggerSchema.optional(),
});
export type MetricsQuery = z.infer<typeof metricsQuerySchema>;

const seconds = (a: string, b: string): number => Math.max(0, (Date.parse(b) - Date.parse(a)) / 1000);
const avg = (xs: number[]): number | null => (xs.length ? Math.round((xs.reduce((s, x) => s + x, 0) / xs.length) * 100) / 100 : null);
const rate = (n: number, d: number): number | null => (d ? Math.round((n / d) * 10_000) / 10_000 : null);

/** The KPIs for the query plus the same KPIs per queue and per trigger within it (for the supervisor console). */
export async function computeMetricsWithBreakdown(
  store: HubStore,
  query: MetricsQuery,
  opts: { now: number; fcrWindowMs: number },
): Promise<HandoffMetrics & { byQueue: HandoffMetrics[]; byTrigger: HandoffMetrics[] }> {
  const total = await computeMetrics(store, query, opts);
  const list = (await store.listHandoffsCreatedBetween(total.from, total.to)).filter((h) => (!query.queue || h.queue === query.queue) && (!query.trigger || h.trigger === query.trigger));
  const queues = [...new Set(list.map((h) => h.queue))].sort();
  const triggers = [...new Set(list.map((h) => h.trigger))].sort();
  const window = { from: total.from, to: total.to };
  return {
    ...total,
    byQueue: await Promise.all(queues.map((queue) => computeMetrics(store, { ...query, ...window, queue }, opts))),
    byTrigger: await Promise.all(triggers.map((trigger) => computeMetrics(store, { ...query, ...window, trigger }, opts))),
  };
}

export async function computeMetrics(store: HubStore, query: MetricsQuery, opts: { now: number; fcrWindowMs: number }): Promise<HandoffMetrics> {
  const to = query.to ?? new Date(opts.now).toISOString();
  const from = query.from ?? new Date(Date.parse(to) - 30 * 24 * 3_600_000).toISOString();
  // Stored timestamps are UTC ISO strings; normalise the bounds the same way so string comparison is correct.
  const fromIso = new Date(from).toISOString();
  const toIso = new Date(to).toISOString();
  const list = (await store.listHandoffsCreatedBetween(fromIso, toIso)).filter((h) => (!query.queue || h.queue === query.queue) && (!query.trigger || h.trigger === query.trigger));

  const answered = list.filter((h) => h.firstAcceptedAt);
  const dropped = list.filter((h) => h.status === 'abandoned' && !h.firstAcceptedAt);
  const endedAnswered = answered.filter((h) => h.endedAt);
  const isFcr = async (h: HandoffRecord): Promise<boolean> => {
    if (h.status !== 'resolved' || h.resolution !== 'resolved' || h.humanContacts !== 1 || !h.endedAt) return false;
    const windowEnd = Date.parse(h.endedAt) + opts.fcrWindowMs;
    return !(await store.handoffsOfCustomerAfter(h.customerId, h.createdAt)).some((other) => other.id !== h.id && Date.parse(other.createdAt) <= windowEnd);
  };
  let fcr = 0;
  for (const h of list) if (h.endedAt && h.firstAcceptedAt && (await isFcr(h))) fcr += 1;
  const csat = list.map((h) => h.csatScore).filter((s): s is number => typeof s === 'number');
  const feedback = await store.listSuggestionFeedback(list.map((h) => h.id));
  const fb = { inserted: 0, edited: 0, dismissed: 0 };
  for (const f of feedback) fb[f.action] += 1;

  const result: HandoffMetrics = {
    from: fromIso,
    to: toIso,
    counts: {
      handoffs: list.length,
      waiting: list.filter((h) => h.status === 'queued' || h.status === 'offered').length,
      active: list.filter((h) => h.status === 'active').length,
      answered: answered.length,
      dropped: dropped.length,
      resolved: list.filter((h) => h.status === 'resolved').length,
      handedBack: list.filter((h) => h.status === 'handed_back').length,
      transferred: list.filter((h) => h.humanContacts > 1).length,
    },
    dropOffRate: rate(dropped.length, answered.length + dropped.length),
    firstContactResolutionRate: rate(fcr, endedAnswered.length),
    csat: { average: avg(csat), count: csat.length },
    averageSpeedOfAnswerSeconds: avg(answered.map((h) => seconds(h.createdAt, h.firstAcceptedAt ?? h.createdAt))),
    averageHandleSeconds: avg(endedAnswered.map((h) => seconds(h.firstAcceptedAt ?? h.createdAt, h.endedAt ?? h.createdAt))),
    suggestionAcceptanceRate: rate(fb.inserted + fb.edited, feedback.length),
    suggestionFeedback: fb,
  };
  if (query.queue) result.queue = query.queue;
  if (query.trigger) result.trigger = query.trigger;
  return result;
}
