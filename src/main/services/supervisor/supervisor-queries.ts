// The supervisor console's reads that the hub serves over HTTP rather than the agent socket: the waiting list
// (GET /v1/queues) and the KPIs over time (GET /v1/metrics, one request per hour or day bucket, a few at a time).
// Every hub answer is validated; every failure comes back as a Result that says what to do.
import { z } from 'zod';
import { triggerSchema, type Trigger } from '../../../shared/domain/handoff';
import {
  kpiSnapshotSchema,
  metricsAnswerSchema,
  queuesAnswerSchema,
  type HandoffMetrics,
  type KpiSnapshot,
  type MetricsAnswer,
  type MetricsRequest,
  type SupervisorMetrics,
  type WaitingConversation,
} from '../../../shared/domain/supervisor';
import type { Logger } from '../../../shared/log';
import { fail, ok, type Result } from '../../../shared/result';
import { kpiRange, mapWithConcurrency } from './kpi-buckets';

export const SUPERVISOR_TOKEN_NEEDED = 'The supervisor console needs a supervisor token: ask your admin or paste one in Settings.';
const CONCURRENCY = 4;

export interface SupervisorQueriesOptions {
  hubUrl: () => string;
  token: () => string | undefined;
  /** Aborts every request in flight (the desk stopping). */
  signal?: () => AbortSignal | undefined;
  timeoutMs?: number;
  now?: () => number;
  logger?: Logger;
}

export interface SupervisorQueries {
  waitingList(): Promise<Result<WaitingConversation[]>>;
  metrics(request: MetricsRequest): Promise<Result<SupervisorMetrics>>;
}

const errorBodySchema = z.object({ error: z.object({ message: z.string() }) });

/** The KPI fields of one answer, by the shared schema: a KPI added there reaches the console without a copy here. */
const snapshot = (m: MetricsAnswer | HandoffMetrics): KpiSnapshot => kpiSnapshotSchema.parse(m);

export function createSupervisorQueries(opts: SupervisorQueriesOptions): SupervisorQueries {
  const now = opts.now ?? Date.now;
  const timeoutMs = opts.timeoutMs ?? 10_000;

  async function getJson<T>(path: string, params: Record<string, string | undefined>, schema: z.ZodType<T>, what: string): Promise<Result<T>> {
    const token = opts.token();
    if (!token) return fail('no_token', `No agent token: paste a supervisor token in Settings to see ${what}.`);
    let url: URL;
    try {
      url = new URL(path, opts.hubUrl());
    } catch {
      return fail('invalid', `The hub URL in Settings is not a valid address; fix it to see ${what}.`);
    }
    for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
    const outer = opts.signal?.();
    const timeout = AbortSignal.timeout(timeoutMs);
    let res: Response;
    try {
      res = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: outer ? AbortSignal.any([outer, timeout]) : timeout });
    } catch (e) {
      if (timeout.aborted) return fail('timeout', `The hub did not answer within ${Math.round(timeoutMs / 1000)} s for ${what}; it refreshes again shortly.`);
      if (outer?.aborted) return fail('stopped', 'The desk is shutting down.');
      opts.logger?.warn('supervisor.fetch_failed', { path, error: e instanceof Error ? e.name : 'unknown' });
      return fail('offline', `The hub at ${url.origin} could not be reached for ${what}; check the hub URL in Settings and that the hub runs.`);
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      body = undefined;
    }
    if (res.status === 401) return fail('unauthorized', 'The hub did not accept the desk\'s token: paste a valid supervisor token in Settings.');
    if (res.status === 403) return fail('forbidden', SUPERVISOR_TOKEN_NEEDED);
    if (!res.ok) {
      const hubSays = errorBodySchema.safeParse(body);
      opts.logger?.warn('supervisor.hub_refused', { path, status: res.status });
      return fail(res.status === 400 ? 'invalid' : 'hub_error', hubSays.success ? hubSays.data.error.message : `The hub answered ${res.status} for ${what}; try again.`);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      opts.logger?.warn('supervisor.bad_answer', { path });
      return fail('bad_answer', `The hub sent ${what} in a shape this desk does not understand; update the desk or the hub.`);
    }
    return ok(parsed.data);
  }

  return {
    async waitingList() {
      const r = await getJson('/v1/queues', {}, queuesAnswerSchema, 'the waiting list');
      if (!r.ok) return r;
      const at = now();
      return ok(
        r.value.waiting.map((w): WaitingConversation => {
          const customerId = w.customer?.id;
          const tier = w.customer?.tier;
          const detail = w.detail;
          return {
            handoffId: w.handoffId,
            conversationId: w.conversationId,
            customerName: w.customer?.name ?? customerId ?? w.conversationId,
            ...(customerId ? { customerId } : {}),
            ...(tier ? { tier } : {}),
            queue: w.queue,
            trigger: w.trigger,
            ...(detail ? { detail } : {}),
            vip: w.vip,
            frustrated: w.frustrated,
            status: w.status === 'offered' ? 'offered' : 'queued',
            position: w.position,
            estimatedWaitSeconds: w.estimatedWaitSeconds,
            waitedSeconds: w.waitedSeconds,
            waitingSince: new Date(at - w.waitedSeconds * 1000).toISOString(),
          };
        }),
      );
    },

    async metrics(request) {
      const bucket = request.bucket ?? 'hour';
      const range = kpiRange({ ...(request.from ? { from: request.from } : {}), ...(request.to ? { to: request.to } : {}), bucket }, now());
      if (!range.ok) return range;
      const filter = { queue: request.queue, trigger: request.trigger };
      const iso = (ms: number) => new Date(ms).toISOString();
      const what = 'the KPIs';
      const ask = (b: { from: number; to: number }) => getJson('/v1/metrics', { from: iso(b.from), to: iso(b.to), ...filter }, metricsAnswerSchema, what);
      // The whole range first: a refused token or an unreachable hub fails once instead of once per bucket.
      const total = await ask(range.value);
      if (!total.ok) return total;
      const series = await mapWithConcurrency(range.value.buckets, CONCURRENCY, ask);
      const failed = series.find((s) => !s.ok);
      if (failed && !failed.ok) return failed;
      return ok({
        bucket,
        ...(request.queue ? { queue: request.queue } : {}),
        ...(request.trigger ? { trigger: request.trigger } : {}),
        total: snapshot(total.value),
        series: series.flatMap((s) => (s.ok ? [snapshot(s.value)] : [])),
        queues: total.value.byQueue.flatMap((m) => (m.queue ? [m.queue] : [])),
        triggers: total.value.byTrigger.flatMap((m) => {
          const t = triggerSchema.safeParse(m.trigger);
          return t.success ? [t.data as Trigger] : [];
        }),
      });
    },
  };
}
