import { describe, expect, it } from 'vitest';
import { timeOrderedId } from '../../../src/hub/store/time-ordered-id';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const msOf = (id: string): number => parseInt(id.replace(/-/g, '').slice(0, 12), 16);

describe('time-ordered ids (UUIDv7)', () => {
  it('is a version 7 UUID whose first 48 bits are the time in milliseconds', () => {
    const now = Date.parse('2030-01-01T00:00:00.000Z');
    const id = timeOrderedId(now);
    expect(id).toMatch(V7);
    expect(msOf(id)).toBe(now);
  });

  it('sorts in the order made: within one millisecond, past the counter, and when the clock steps back', () => {
    const at = Date.parse('2030-01-02T00:00:00.000Z');
    const ids = [
      ...Array.from({ length: 5_000 }, () => timeOrderedId(at)), // more than the 12-bit counter holds
      timeOrderedId(at - 60_000), // the clock went back a minute
      ...Array.from({ length: 10 }, (_, i) => timeOrderedId(at + 2 + i)),
    ];
    for (const id of ids) expect(id).toMatch(V7);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    // Running out of counter borrows the next milliseconds, no more than it needs.
    expect(msOf(ids.at(-1)!)).toBe(at + 11);
  });

  it('keeps 62 random bits: ids made in the same millisecond differ past their time and counter', () => {
    const at = Date.parse('2030-01-03T00:00:00.000Z');
    const tails = new Set(Array.from({ length: 1_000 }, () => timeOrderedId(at).slice(19)));
    expect(tails.size).toBe(1_000);
  });
});
