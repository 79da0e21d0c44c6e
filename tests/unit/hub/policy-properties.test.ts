// Properties of the hub's pure decision modules over random inputs (fast-check): bounded memory, totality on any
// text, and rate and wait arithmetic that holds for every sequence, not just the examples in the other tests.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../../src/hub/http/rate-limit';
import { createPolicyEngine } from '../../../src/hub/policy/policy-engine';
import { estimateWait } from '../../../src/hub/routing/estimate-wait';

const RUNS = { numRuns: 150 };

describe('policy engine properties', () => {
  it('never remembers more than maxConversations and always answers a sentiment in [-1, 1]', () => {
    const turn = fc.record({
      conversationId: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g'),
      role: fc.constantFrom('customer' as const, 'bot' as const),
      text: fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom('agent please', 'This is terrible!!', "Sorry, I didn't understand.", 'thanks', 'where is my order')),
      advanceMs: fc.nat({ max: 120_000 }),
    });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.array(turn, { maxLength: 60 }), (max, turns) => {
        let t = 0;
        const engine = createPolicyEngine({}, { maxConversations: max, ttlMs: 300_000, now: () => t });
        for (const x of turns) {
          t += x.advanceMs;
          const d = engine.evaluate({ conversationId: x.conversationId, customer: { id: 'u' }, turn: { role: x.role, text: x.text } });
          expect(d.sentiment).toBeGreaterThanOrEqual(-1);
          expect(d.sentiment).toBeLessThanOrEqual(1);
          expect(d.handoff).toBe(d.reason !== undefined);
          expect(engine.size()).toBeLessThanOrEqual(max);
        }
      }),
      RUNS,
    );
  });

  it('handles any unicode text without throwing', () => {
    const engine = createPolicyEngine();
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        const d = engine.evaluate({ conversationId: 'x', customer: { id: 'u' }, turn: { role: 'customer', text } });
        expect(typeof d.handoff).toBe('boolean');
      }),
      RUNS,
    );
  });
});

describe('rate limiter properties', () => {
  it('never allows more than the burst plus what the elapsed time refilled, and Retry-After is honest', () => {
    const step = fc.record({ advanceMs: fc.nat({ max: 5_000 }), key: fc.constantFrom('k1', 'k2') });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 120 }), fc.integer({ min: 1, max: 10 }), fc.array(step, { maxLength: 80 }), (perMinute, burst, steps) => {
        let t = 0;
        const limiter = createRateLimiter({ perMinute, burst, now: () => t });
        const allowed: Record<string, number> = { k1: 0, k2: 0 };
        for (const s of steps) {
          t += s.advanceMs;
          const d = limiter.take(s.key);
          if (d.ok) allowed[s.key] = (allowed[s.key] ?? 0) + 1;
          expect(d.ok ? d.retryAfterSeconds === 0 : d.retryAfterSeconds >= 1).toBe(true);
        }
        for (const n of Object.values(allowed)) expect(n).toBeLessThanOrEqual(burst + Math.floor((perMinute * t) / 60_000) + 1);
      }),
      RUNS,
    );
  });

  it('lets a request through after waiting the Retry-After it gave', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 600 }), fc.integer({ min: 1, max: 5 }), (perMinute, burst) => {
        let t = 0;
        const limiter = createRateLimiter({ perMinute, burst, now: () => t });
        let d = limiter.take('k');
        while (d.ok) d = limiter.take('k');
        t += d.retryAfterSeconds * 1_000;
        expect(limiter.take('k').ok).toBe(true);
      }),
      RUNS,
    );
  });
});

describe('estimateWait properties', () => {
  it('is a whole number of seconds, never negative, never shorter further back in line or with fewer agents', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.array(fc.double({ min: 0, max: 3_600, noNaN: true }), { maxLength: 12 }),
        fc.integer({ min: 0, max: 20 }),
        fc.option(fc.double({ min: 1, max: 3_600, noNaN: true }), { nil: undefined }),
        (position, recent, agents, handle) => {
          const base = { recentAnswerSeconds: recent, agentsAvailable: agents, ...(handle !== undefined ? { averageHandleSeconds: handle } : {}) };
          const here = estimateWait({ ...base, position });
          expect(Number.isInteger(here)).toBe(true);
          expect(here).toBeGreaterThanOrEqual(0);
          expect(estimateWait({ ...base, position: position + 1 })).toBeGreaterThanOrEqual(here);
          expect(estimateWait({ ...base, position, agentsAvailable: agents + 1 })).toBeLessThanOrEqual(here);
        },
      ),
      RUNS,
    );
  });
});
