import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../../src/hub/http/rate-limit';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('createRateLimiter (token bucket per key)', () => {
  it('allows a burst, then refuses with a Retry-After until a token refills', () => {
    const c = clock();
    const limiter = createRateLimiter({ perMinute: 60, burst: 3, now: c.now });
    expect([1, 2, 3].map(() => limiter.take('bot-a').ok)).toEqual([true, true, true]);
    const refused = limiter.take('bot-a');
    expect(refused).toEqual({ ok: false, retryAfterSeconds: 1 });
    c.advance(999);
    expect(limiter.take('bot-a').ok).toBe(false);
    c.advance(1);
    expect(limiter.take('bot-a')).toEqual({ ok: true, retryAfterSeconds: 0 });
  });

  it('refills at the per-minute rate and never above the burst', () => {
    const c = clock();
    const limiter = createRateLimiter({ perMinute: 6, burst: 2, now: c.now });
    limiter.take('k');
    limiter.take('k');
    const refused = limiter.take('k');
    expect(refused.ok).toBe(false);
    expect(refused.retryAfterSeconds).toBe(10); // 6 per minute = one token every 10 s
    c.advance(60 * 60_000); // an idle hour refills only up to the burst
    expect([1, 2, 3].map(() => limiter.take('k').ok)).toEqual([true, true, false]);
  });

  it('keeps keys apart: one busy bot does not limit another', () => {
    const c = clock();
    const limiter = createRateLimiter({ perMinute: 1, burst: 1, now: c.now });
    expect(limiter.take('busy').ok).toBe(true);
    expect(limiter.take('busy').ok).toBe(false);
    expect(limiter.take('quiet').ok).toBe(true);
  });

  it('defaults the burst to one minute of requests', () => {
    const c = clock();
    const limiter = createRateLimiter({ perMinute: 5, now: c.now });
    const results = Array.from({ length: 6 }, () => limiter.take('k').ok);
    expect(results).toEqual([true, true, true, true, true, false]);
  });

  it('forgets the least recently used key when the key map is full, so memory stays bounded', () => {
    const c = clock();
    const limiter = createRateLimiter({ perMinute: 1, burst: 1, now: c.now, maxKeys: 2 });
    limiter.take('a');
    limiter.take('b');
    expect(limiter.take('a').ok).toBe(false); // 'a' is now the most recently used
    limiter.take('c'); // evicts 'b'
    expect(limiter.take('a').ok).toBe(false); // still remembered, still empty
    expect(limiter.take('b').ok).toBe(true); // forgotten, starts with a full bucket
  });

  it('does not hand out extra tokens when the clock goes backwards', () => {
    const c = clock();
    const limiter = createRateLimiter({ perMinute: 1, burst: 1, now: c.now });
    limiter.take('k');
    c.advance(-30_000);
    expect(limiter.take('k').ok).toBe(false);
  });

  it('peek reports an empty bucket without spending a token, and never adds a key it has not seen', () => {
    const c = clock();
    const limiter = createRateLimiter({ perMinute: 60, burst: 2, now: c.now, maxKeys: 1 });
    expect(limiter.peek('a')).toEqual({ ok: true, retryAfterSeconds: 0 });
    limiter.take('a');
    expect(limiter.peek('a').ok).toBe(true);
    expect(limiter.peek('b').ok).toBe(true); // unseen: must not evict 'a'
    limiter.take('a');
    expect(limiter.peek('a')).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(limiter.peek('a').ok).toBe(false);
    c.advance(1_000);
    expect(limiter.peek('a').ok).toBe(true);
    expect(limiter.take('a').ok).toBe(true);
  });

  it('rejects a nonsensical rate at construction', () => {
    expect(() => createRateLimiter({ perMinute: 0 })).toThrow(/perMinute/);
  });
});
