// Windowing math for long lists: item offsets from measured (or estimated) heights, and which slice is visible.

/** offsets[i] is the top of item i; offsets[n] is the total height. */
export function computeOffsets(count: number, heightAt: (index: number) => number): number[] {
  const offsets = new Array<number>(count + 1);
  offsets[0] = 0;
  for (let i = 0; i < count; i++) offsets[i + 1] = offsets[i]! + heightAt(i);
  return offsets;
}

/** First index whose bottom is below `y` (binary search over offsets). */
function indexAt(offsets: readonly number[], y: number): number {
  let lo = 0;
  let hi = offsets.length - 2;
  if (hi < 0) return 0;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (offsets[mid + 1]! <= y) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The [start, end) index range to render for a viewport, with `overscan` extra items each side. */
export function visibleRange(
  offsets: readonly number[],
  scrollTop: number,
  viewportHeight: number,
  overscan: number,
): { start: number; end: number } {
  const count = offsets.length - 1;
  if (count <= 0) return { start: 0, end: 0 };
  const first = indexAt(offsets, scrollTop);
  const last = indexAt(offsets, scrollTop + Math.max(viewportHeight, 1) - 1);
  return { start: Math.max(0, first - overscan), end: Math.min(count, last + 1 + overscan) };
}

/** Within this many pixels of the bottom the list counts as "at the bottom" and follows new items. */
export const BOTTOM_SLACK_PX = 48;

export const isAtBottom = (scrollTop: number, viewportHeight: number, scrollHeight: number): boolean =>
  scrollHeight - (scrollTop + viewportHeight) <= BOTTOM_SLACK_PX;
