// Ids for rows the hub writes at intake rate (hand-offs and messages): UUID version 7 (RFC 9562), whose first
// 48 bits are the Unix time in milliseconds. Each new id sorts after the last, so its primary-key entry lands on
// the rightmost page of the index instead of a random one: a hand-off with an 8-turn transcript dirties one
// index page for its messages, not eight, and every page a commit dirties is one more page for the WAL and fsync.
// They are still UUIDs: after the time, a 12-bit counter that starts at a random value each millisecond, then 62
// random bits. Nothing that reads an id as a UUID changes.
import { randomFillSync } from 'node:crypto';

/** Random bytes drawn in bulk: one call to the system's generator per 409 ids. */
const pool = Buffer.alloc(4096);
let used = pool.length;
const take = (n: number): number => {
  if (used + n > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const at = used;
  used += n;
  return at;
};

let lastMs = 0;
/** The 12-bit rand_a field, counted up within one millisecond so ids made in it stay in order (RFC 9562 §6.2, method 1). */
let counter = 0;

const hex = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** A new UUIDv7; `now` is for tests. Monotonic within the process, even if the clock steps back. */
export function timeOrderedId(now: number = Date.now()): string {
  const r = take(10);
  if (now > lastMs) {
    lastMs = now;
    // Start each millisecond's counter low, with room to count up before it runs out.
    counter = ((pool[r]! << 8) | pool[r + 1]!) & 0x3ff;
  } else if (++counter > 0xfff) {
    // More than the counter holds in one millisecond (or the clock went back): borrow the next millisecond.
    lastMs += 1;
    counter = 0;
  }
  const ms = lastMs.toString(16).padStart(12, '0');
  const h = (i: number): string => hex[pool[r + i]!]!;
  return (
    `${ms.slice(0, 8)}-${ms.slice(8)}-${hex[0x70 | (counter >> 8)]}${hex[counter & 0xff]}-` +
    `${hex[0x80 | (pool[r + 2]! & 0x3f)]}${h(3)}-${h(4)}${h(5)}${h(6)}${h(7)}${h(8)}${h(9)}`
  );
}
