// A small windowing list: items start at an estimated height, are measured once rendered, and only the visible
// slice plus overscan is in the DOM, so thousands of messages scroll smoothly. It follows the bottom when the
// reader is there and otherwise reports how many items arrived below.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { computeOffsets, isAtBottom, visibleRange } from './windowing';

export interface VirtualListProps<T> {
  items: readonly T[];
  getKey: (item: T) => string;
  renderItem: (item: T, index: number) => ReactNode;
  estimateHeight: number;
  overscan?: number;
  className?: string;
  /** Changes when the list shows something else entirely (another conversation): jump to the bottom. */
  resetKey?: string;
  /** Called with how many items arrived while the reader was scrolled up (0 once they are back at the bottom). */
  onUnseenChange?: (unseen: number) => void;
  /** Bump to scroll to the bottom. */
  scrollToBottomRequest?: number;
  testId?: string;
  ariaLabel?: string;
}

export function VirtualList<T>(props: VirtualListProps<T>) {
  const { items, getKey, renderItem, estimateHeight, overscan = 8, className, resetKey, onUnseenChange, scrollToBottomRequest, testId, ariaLabel } = props;
  const viewportRef = useRef<HTMLDivElement>(null);
  const heights = useRef(new Map<string, number>());
  const [measureVersion, setMeasureVersion] = useState(0);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewportHeight, setViewportHeight] = useState(600);
  const atBottom = useRef(true);
  const seenCount = useRef(items.length);
  const observer = useRef<ResizeObserver | null>(null);
  const observed = useRef(new Map<Element, string>());
  /** Height change of items above the viewport, applied to scrollTop after the next layout so the text the
   *  reader looks at does not move when items above it get measured. */
  const pendingAnchorShift = useRef(0);

  const offsets = useMemo(
    () => computeOffsets(items.length, (i) => heights.current.get(getKey(items[i]!)) ?? estimateHeight),
    // measureVersion changes when a height was measured.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [items, getKey, estimateHeight, measureVersion],
  );
  const total = offsets[offsets.length - 1] ?? 0;
  const { start, end } = visibleRange(offsets, scrollTop, viewportHeight, overscan);

  // One ResizeObserver measures every rendered item; a changed height re-lays the list out. It is created on
  // first use because item refs attach before effects run.
  const getObserver = useCallback((): ResizeObserver => {
    observer.current ??= new ResizeObserver((entries) => {
      let changed = false;
      for (const entry of entries) {
        const key = observed.current.get(entry.target);
        if (key === undefined) continue;
        const h = Math.ceil(entry.borderBoxSize[0]?.blockSize ?? (entry.target as HTMLElement).offsetHeight);
        if (h > 0 && heights.current.get(key) !== h) {
          const target = entry.target as HTMLElement;
          const laidOutTop = Number(target.dataset.vtop);
          const laidOutHeight = Number(target.dataset.vh);
          const viewport = viewportRef.current;
          if (viewport && !atBottom.current && laidOutTop + laidOutHeight <= viewport.scrollTop) {
            pendingAnchorShift.current += h - laidOutHeight;
          }
          heights.current.set(key, h);
          changed = true;
        }
      }
      if (changed) setMeasureVersion((v) => v + 1);
    });
    return observer.current;
  }, []);
  useEffect(() => () => observer.current?.disconnect(), []);

  const measureRef = useCallback(
    (el: HTMLDivElement | null) => {
      if (!el) return;
      const key = el.dataset.vkey;
      if (key === undefined) return;
      observed.current.set(el, key);
      getObserver().observe(el);
      return () => {
        observer.current?.unobserve(el);
        observed.current.delete(el);
      };
    },
    [getObserver],
  );

  useLayoutEffect(() => {
    const el = viewportRef.current;
    if (!el) return;
    setViewportHeight(el.clientHeight);
    const ro = new ResizeObserver(() => setViewportHeight(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const scrollToBottom = useCallback(() => {
    const el = viewportRef.current;
    if (!el) return;
    el.scrollTop = el.scrollHeight;
    setScrollTop(el.scrollTop);
    atBottom.current = true;
    seenCount.current = items.length;
    onUnseenChange?.(0);
  }, [items.length, onUnseenChange]);

  // Another conversation: start at the bottom, where the newest messages are.
  useLayoutEffect(() => {
    atBottom.current = true;
    const el = viewportRef.current;
    if (el) {
      el.scrollTop = el.scrollHeight;
      setScrollTop(el.scrollTop);
    }
  }, [resetKey]);

  // Keep the reader's place when items above the viewport changed height.
  useLayoutEffect(() => {
    const el = viewportRef.current;
    const shift = pendingAnchorShift.current;
    pendingAnchorShift.current = 0;
    if (!el || shift === 0 || atBottom.current) return;
    el.scrollTop += shift;
    setScrollTop(el.scrollTop);
  }, [offsets]);

  // New items or new measurements: stay pinned to the bottom when the reader was there; otherwise count.
  useLayoutEffect(() => {
    const el = viewportRef.current;
    if (!el) return;
    if (atBottom.current) {
      if (el.scrollTop + el.clientHeight < el.scrollHeight) {
        el.scrollTop = el.scrollHeight;
        setScrollTop(el.scrollTop);
      }
      seenCount.current = items.length;
    } else if (items.length > seenCount.current) {
      onUnseenChange?.(items.length - seenCount.current);
    }
  }, [items.length, total, onUnseenChange]);

  useEffect(() => {
    if (scrollToBottomRequest) scrollToBottom();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scrollToBottomRequest]);

  const onScroll = () => {
    const el = viewportRef.current;
    if (!el) return;
    setScrollTop(el.scrollTop);
    const bottom = isAtBottom(el.scrollTop, el.clientHeight, el.scrollHeight);
    if (bottom && !atBottom.current) {
      seenCount.current = items.length;
      onUnseenChange?.(0);
    }
    atBottom.current = bottom;
  };

  const slice: ReactNode[] = [];
  for (let i = start; i < end; i++) {
    const item = items[i]!;
    const key = getKey(item);
    slice.push(
      <div
        key={key}
        data-vkey={key}
        data-vtop={offsets[i]}
        data-vh={offsets[i + 1]! - offsets[i]!}
        ref={measureRef}
        className="vlist-item"
        style={{ transform: `translateY(${offsets[i]}px)` }}
      >
        {renderItem(item, i)}
      </div>,
    );
  }

  return (
    <div ref={viewportRef} className={`vlist ${className ?? ''}`} onScroll={onScroll} data-testid={testId} role="log" aria-label={ariaLabel} tabIndex={0}>
      <div className="vlist-spacer" style={{ height: total }}>
        {slice}
      </div>
    </div>
  );
}
