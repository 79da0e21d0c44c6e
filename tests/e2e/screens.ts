// Screenshots at the three sizes the desk is checked at (a 13" laptop, a 14"/15" laptop, a desktop monitor).
// BATON_SCREENSHOTS_DIR=docs/screenshots refreshes the ones the README shows; by default they go to test-results/.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';

export const VIEWPORTS = [
  { width: 1366, height: 768 },
  { width: 1440, height: 900 },
  { width: 1920, height: 1080 },
] as const;

export type Viewport = (typeof VIEWPORTS)[number];

export const shotsDir = resolve(process.env.BATON_SCREENSHOTS_DIR ?? 'test-results/screenshots');

/** `name.png` at 1440×900 (the README's), `name-1366x768.png` and `name-1920x1080.png` beside it. */
export function shotPath(name: string, size: Viewport): string {
  mkdirSync(shotsDir, { recursive: true });
  const suffix = size.width === 1440 ? '' : `-${size.width}x${size.height}`;
  return join(shotsDir, `${name}${suffix}.png`);
}

/** Runs `check` at each size (after the layout settles), then takes that size's screenshot; restores 1440×900. */
export async function atEachSize(page: Page, name: string, check?: (size: Viewport) => Promise<void>): Promise<void> {
  for (const size of VIEWPORTS) {
    await page.setViewportSize(size);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.screenshot({ path: shotPath(name, size) });
    await check?.(size);
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

/**
 * Scrolls `selector`'s n-th match into view and answers what still hides any part of it: an ancestor that clips
 * it (overflow hidden, or a scroller that cannot bring it fully in), or the viewport's edge. Empty when the
 * whole element can be seen, which is what "reachable by scrolling" means.
 */
export async function hiddenParts(page: Page, selector: string, index = 0): Promise<string[]> {
  return page.evaluate(
    ({ selector, index }) => {
      const el = document.querySelectorAll(selector)[index];
      if (!(el instanceof HTMLElement) && !(el instanceof SVGElement)) return [`${selector}[${index}] is not on the page`];
      el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      const r = el.getBoundingClientRect();
      const problems: string[] = [];
      if (r.width === 0 || r.height === 0) problems.push(`${selector} is ${Math.round(r.width)}×${Math.round(r.height)} px`);
      const tolerance = 1;
      for (let a = el.parentElement; a; a = a.parentElement) {
        const style = getComputedStyle(a);
        if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
        const b = a.getBoundingClientRect();
        const name = `${a.tagName.toLowerCase()}.${[...a.classList].join('.')}`;
        if (r.left < b.left - tolerance || r.right > b.left + a.clientWidth + tolerance) problems.push(`cut sideways by ${name}`);
        if (r.top < b.top - tolerance || r.bottom > b.top + a.clientHeight + tolerance) problems.push(`cut vertically by ${name}`);
      }
      if (r.right > innerWidth + tolerance || r.bottom > innerHeight + tolerance || r.left < -tolerance || r.top < -tolerance) problems.push('outside the window');
      return problems;
    },
    { selector, index },
  );
}

/** Whether an element scrolls sideways (its content is wider than its box). */
export async function scrollsSideways(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((s) => {
    const el = document.querySelector(s);
    return el ? el.scrollWidth > el.clientWidth + 1 : false;
  }, selector);
}
