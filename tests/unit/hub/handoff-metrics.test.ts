import { describe, expect, it } from 'vitest';
import { computeMetrics } from '../../../src/hub/metrics/handoff-metrics';
import { asyncHubStore, type HandoffRecord } from '../../../src/hub/store/hub-store';
import { createSqliteStoreSync } from '../../../src/hub/store/sqlite-store';

const base = (id: string, customerId: string, createdAt: string): HandoffRecord => ({
  id,
  conversationId: `conv-${id}`,
  customerId,
  source: 'api',
  context: { conversationId: `conv-${id}`, customer: { id: customerId }, reason: { trigger: 'complexity' } },
  trigger: 'complexity',
  queue: 'billing',
  skills: [],
  vip: false,
  frustrated: false,
  status: 'queued',
  createdAt,
  queuedAt: createdAt,
  humanContacts: 0,
});

function seed() {
  const sync = createSqliteStoreSync(':memory:');
  const answered = (id: string, customer: string, created: string, accepted: string, ended: string, extra: Partial<HandoffRecord> = {}) => {
    sync.createHandoff(base(id, customer, created), []);
    sync.updateHandoff(id, ['queued'], { status: 'resolved', resolution: 'resolved', firstAcceptedAt: accepted, acceptedAt: accepted, endedAt: ended, humanContacts: 1, ...extra });
  };
  // Resolved on first contact; the same customer comes back 2 days later.
  answered('a', 'c1', '2026-11-01T10:00:00.000Z', '2026-11-01T10:01:00.000Z', '2026-11-01T10:11:00.000Z');
  sync.createHandoff(base('a-again', 'c1', '2026-11-03T10:00:00.000Z'), []);
  // Resolved, but only after a transfer (two human contacts).
  answered('b', 'c2', '2026-11-01T11:00:00.000Z', '2026-11-01T11:03:00.000Z', '2026-11-01T11:23:00.000Z', { humanContacts: 2 });
  return { sync, store: asyncHubStore(sync) };
}

describe('hand-off metrics', () => {
  it('counts a return visit inside the first-contact window against first-contact resolution, and not one outside it', async () => {
    const { sync, store } = seed();
    const window72h = await computeMetrics(store, { from: '2026-11-01T00:00:00Z', to: '2026-11-01T23:59:59Z' }, { now: Date.parse('2026-11-10T00:00:00Z'), fcrWindowMs: 72 * 3_600_000 });
    expect(window72h.firstContactResolutionRate).toBe(0);
    const window24h = await computeMetrics(store, { from: '2026-11-01T00:00:00Z', to: '2026-11-01T23:59:59Z' }, { now: Date.parse('2026-11-10T00:00:00Z'), fcrWindowMs: 24 * 3_600_000 });
    expect(window24h.firstContactResolutionRate).toBe(0.5);
    // Speed of answer (60 s and 180 s) and handle time (600 s and 1200 s) are averaged over answered hand-offs.
    expect(window24h.averageSpeedOfAnswerSeconds).toBe(120);
    expect(window24h.averageHandleSeconds).toBe(900);
    expect(window24h.counts).toMatchObject({ handoffs: 2, answered: 2, transferred: 1 });
    sync.close();
  });
});
