// Splits a metrics range into hour or day buckets for the supervisor console's KPI charts. The hub answers one
// range per request, so the series is one request per bucket; the number of buckets is capped to bound that.
import { fail, ok, type Result } from '../../../shared/result';
import type { KpiBucket } from '../../../shared/domain/supervisor';

export const MAX_BUCKETS = 48;
const HOUR_MS = 3_600_000;
export const BUCKET_MS: Record<KpiBucket, number> = { hour: HOUR_MS, day: 24 * HOUR_MS };

export interface KpiRange {
  from: number;
  to: number;
  buckets: { from: number; to: number }[];
}

/**
 * Defaults: the last 24 hours by hour (from the start of the hour 23 hours ago) or the last 7 days by day (from
 * UTC midnight 6 days ago), ending now. Buckets start at `from`, step by the bucket size, and the last one ends at
 * `to`; each ends 1 ms before the next starts because the hub's range includes both ends.
 */
export function kpiRange(input: { from?: string; to?: string; bucket: KpiBucket }, now: number): Result<KpiRange> {
  const size = BUCKET_MS[input.bucket];
  const to = input.to ? Date.parse(input.to) : now;
  const from = input.from ? Date.parse(input.from) : Math.floor(to / size) * size - (input.bucket === 'hour' ? 23 : 6) * size;
  if (!(from < to)) return fail('invalid', 'The metrics range must start before it ends.');
  const count = Math.ceil((to - from) / size);
  if (count > MAX_BUCKETS) {
    return fail('invalid', `That range is ${count} ${input.bucket}s; the console charts at most ${MAX_BUCKETS}. Choose a shorter range or bucket by day.`);
  }
  const buckets: KpiRange['buckets'] = [];
  for (let start = from; start < to; start += size) buckets.push({ from: start, to: Math.min(start + size - 1, to) });
  return ok({ from, to, buckets });
}

/** Runs `task` over `items` with at most `limit` running at once, answers in input order. */
export async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await task(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
