// Bucketing a metrics range for the KPI charts: defaults, boundaries without overlap, and the cap on buckets.
import { describe, expect, it } from 'vitest';
import { kpiRange, mapWithConcurrency, MAX_BUCKETS } from '../../../src/main/services/supervisor/kpi-buckets';

const now = Date.parse('2026-11-24T10:20:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

describe('kpiRange', () => {
  it('defaults to 24 hour buckets ending now, each ending 1 ms before the next begins', () => {
    const r = kpiRange({ bucket: 'hour' }, now);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.buckets).toHaveLength(24);
    expect(iso(r.value.from)).toBe('2026-11-23T11:00:00.000Z');
    expect(iso(r.value.buckets[0]?.to ?? 0)).toBe('2026-11-23T11:59:59.999Z');
    expect(iso(r.value.buckets.at(-1)?.to ?? 0)).toBe('2026-11-24T10:20:00.000Z');
    for (let i = 1; i < r.value.buckets.length; i++) expect(r.value.buckets[i]?.from).toBe((r.value.buckets[i - 1]?.to ?? 0) + 1);
  });

  it('defaults to 7 day buckets from UTC midnight 6 days ago', () => {
    const r = kpiRange({ bucket: 'day' }, now);
    expect(r.ok && r.value.buckets.length).toBe(7);
    expect(r.ok && iso(r.value.from)).toBe('2026-11-18T00:00:00.000Z');
  });

  it('refuses more than the chartable number of buckets and an empty range', () => {
    const long = kpiRange({ from: iso(now - (MAX_BUCKETS + 1) * 3_600_000), bucket: 'hour' }, now);
    expect(long.ok ? 'ok' : long.error.code).toBe('invalid');
    const exactly = kpiRange({ from: iso(now - MAX_BUCKETS * 3_600_000), bucket: 'hour' }, now);
    expect(exactly.ok && exactly.value.buckets.length).toBe(MAX_BUCKETS);
    const backwards = kpiRange({ from: iso(now), to: iso(now - 1), bucket: 'hour' }, now);
    expect(backwards.ok ? 'ok' : backwards.error.message).toMatch(/start before it ends/);
  });
});

describe('mapWithConcurrency', () => {
  it('never runs more than the limit at once and answers in input order', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapWithConcurrency([5, 1, 4, 2, 3, 0], 2, async (n) => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, n));
      running -= 1;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30, 0]);
    expect(peak).toBe(2);
  });
});
