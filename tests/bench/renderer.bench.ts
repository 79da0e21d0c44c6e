// `npm run bench -- renderer`: the desk's renderer in Chromium against a baseline page of React, ReactDOM and
// react-virtuoso (minified, built here with vite into a temp dir, with the desk's stylesheet), both measured in
// this run, interleaved, on the same machine:
// - the initial agent bundle (every script and stylesheet loaded before the Accept button is enabled), gzipped;
// - cold start (cache disabled) against warm, from navigation to an enabled Accept button;
// - opening a conversation of 5,000 messages against the baseline showing the same messages with the same
//   markup (both fetch the messages from their host on click), and 5,000 against 200 messages.
// Needs the production build (`npm run build`): it measures out/renderer as shipped.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import type { Page, Response } from 'playwright-core';
import { build } from 'vite';
import { serveStatic } from '../../src/main/web/static-files';
import { precompressDir } from '../../scripts/precompress';
import { billingDispute, startDeskStack, type DeskStack } from '../e2e/harness';
import { ms, row } from './table';

const root = resolve(import.meta.dirname, '../..');
const rendererDir = join(root, 'out/renderer');
const RUNS = Number(process.env.BATON_BENCH_RUNS ?? 9);

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
const ratio = (x: number): string => `${x.toFixed(2)}×`;

/** The turns of a long bot conversation: every seventh wraps onto two lines, as real transcripts do. */
function turns(n: number, start: number) {
  return Array.from({ length: n }, (_, i) => ({
    role: i % 2 ? ('bot' as const) : ('customer' as const),
    text: `turn ${i + 1} of ${n}: ${i % 7 === 0 ? 'a longer customer message that wraps onto a second line because it keeps explaining the double charge on the card statement' : 'short reply'}`,
    at: new Date(start + i * 1_000).toISOString(),
  }));
}

// In-page code is passed as source text: this file is type-checked as Node code, without the DOM's types.
// Clicks, then resolves once a message holding `text` is in the DOM and the frame after it has been painted.
// Runs in the page, passed as a function (the desk's CSP forbids eval); typed without the DOM library.
type PageEl = { textContent: string | null; click(): void };
type PageWin = {
  document: { querySelectorAll(s: string): ArrayLike<PageEl>; querySelector(s: string): PageEl | null; body: unknown };
  requestAnimationFrame(cb: () => void): void;
  MutationObserver: new (cb: () => void) => { observe(target: unknown, options: object): void; disconnect(): void };
};
const OPEN_AND_WAIT = ([selector, text]: [string, string]): Promise<number> =>
  new Promise((resolve) => {
    // No named inner functions: the bench runs under tsx, whose keepNames would wrap them in a helper the page lacks.
    const w = globalThis as unknown as PageWin;
    const t0 = performance.now();
    const observer = new w.MutationObserver(() => {
      if (!Array.from(w.document.querySelectorAll('[data-testid=message]')).some((el) => (el.textContent ?? '').includes(text))) return;
      observer.disconnect();
      w.requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
    });
    observer.observe(w.document.body, { childList: true, subtree: true, characterData: true });
    w.document.querySelector(selector)?.click();
  });
// Milliseconds from navigation start to the first enabled Accept button.
// Runs in the page (a function, not a string: the desk's CSP forbids eval). Typed without the DOM library.
type PageDoc = { querySelector(selector: string): { disabled?: boolean } | null };
const ACCEPT_ENABLED = (): number | false => {
  const b = (globalThis as unknown as { document: PageDoc }).document.querySelector('[data-testid=accept-offer]');
  return b && !b.disabled ? performance.now() : false;
};

async function buildBaseline(outDir: string): Promise<void> {
  await build({
    configFile: false,
    logLevel: 'silent',
    root: join(root, 'tests/bench/baseline'),
    base: './',
    plugins: [react()],
    build: { outDir, emptyOutDir: true, minify: 'esbuild', cssMinify: 'esbuild', modulePreload: { polyfill: false } },
  });
  precompressDir(outDir);
}

async function serve(dir: string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => serveStatic(dir, req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

/** Loads `url` and returns the gzipped size of every script and stylesheet it fetched before `ready` resolved. */
async function initialBundle(page: Page, url: string, dir: string, ready: () => Promise<unknown>): Promise<{ bytes: number; files: number }> {
  const paths = new Set<string>();
  const onResponse = (r: Response) => {
    const type = r.request().resourceType();
    if (type === 'script' || type === 'stylesheet') paths.add(new URL(r.url()).pathname);
  };
  page.on('response', onResponse);
  await page.goto('about:blank');
  await page.goto(url);
  await ready();
  page.off('response', onResponse);
  let bytes = 0;
  for (const p of paths) bytes += gzipSync(readFileSync(join(dir, decodeURIComponent(p))), { level: 9 }).length;
  return { bytes, files: paths.size };
}

async function acceptEnabledAt(page: Page, url: string): Promise<number> {
  await page.goto('about:blank');
  await page.goto(url);
  const handle = await page.waitForFunction(ACCEPT_ENABLED, undefined, { polling: 'raf', timeout: 30_000 });
  return (await handle.jsonValue()) as number;
}

async function openDesk(page: Page, deskUrl: string, handoffId: string, lastText: string): Promise<number> {
  await page.goto('about:blank');
  await page.goto(deskUrl);
  const item = `[data-testid=conversation-item][data-handoff-id="${handoffId}"]`;
  await page.locator(item).waitFor();
  await page.getByTestId('status-bar').getByText('Online').waitFor();
  return page.evaluate(OPEN_AND_WAIT, [item, lastText] as [string, string]);
}

async function openBaseline(page: Page, url: string, n: number, lastText: string): Promise<number> {
  await page.goto('about:blank');
  await page.goto(url);
  await page.getByTestId(`open-${n}`).waitFor();
  return page.evaluate(OPEN_AND_WAIT, [`[data-testid=open-${n}]`, lastText] as [string, string]);
}

async function acceptOffer(stack: DeskStack, customerName: string): Promise<void> {
  const offer = stack.page.getByTestId('offer-card').filter({ hasText: customerName });
  await offer.getByTestId('accept-offer').click({ timeout: 60_000 });
  await offer.waitFor({ state: 'detached', timeout: 60_000 });
}

export async function benchRenderer(): Promise<void> {
  if (!existsSync(join(rendererDir, 'index.html'))) throw new Error('renderer bench: run `npm run build` first (it measures out/renderer).');
  const tmp = mkdtempSync(join(tmpdir(), 'baton-bench-renderer-'));
  const baselineDir = join(tmp, 'baseline');
  await buildBaseline(baselineDir);
  const baseline = await serve(baselineDir);
  const stack = await startDeskStack();
  const { page } = stack;
  try {
    // Two conversations the agent holds (5,000 and 200 messages) and one offer left waiting for the Accept button.
    const start = Date.now() - 6 * 3_600_000;
    const sizes = [5_000, 200] as const;
    const held = new Map<number, string>();
    for (const n of sizes) {
      const request = billingDispute(`bench-${n}-${Date.now()}`);
      request.customer = { ...request.customer, id: `c-bench-${n}`, name: `Bench ${n}` };
      request.transcript = turns(n, start);
      const posted = await stack.postHandoff(request);
      held.set(n, posted.handoffId);
      await acceptOffer(stack, `Bench ${n}`);
      // The baseline shows the same messages, as the desk's conversation carries them.
      const messages = request.transcript.map((t, i) => ({ id: `${posted.handoffId}-${i}`, handoffId: posted.handoffId, role: t.role, text: t.text, at: t.at, beforeHandoff: true }));
      writeFileSync(join(baselineDir, `messages-${n}.json`), JSON.stringify(messages));
    }
    const waiting = billingDispute(`bench-offer-${Date.now()}`);
    waiting.customer = { ...waiting.customer, id: 'c-bench-offer', name: 'Bench Offer' };
    await stack.postHandoff(waiting);
    await page.getByTestId('offer-card').filter({ hasText: 'Bench Offer' }).waitFor();

    // The transcript's box in the desk, so the baseline lays out the same number of rows.
    await page.locator(`[data-testid=conversation-item][data-handoff-id="${held.get(200)}"]`).click();
    await page.getByTestId('transcript').waitFor();
    const box = (await page.getByTestId('transcript').boundingBox()) ?? { width: 800, height: 600 };
    const baselineUrl = `${baseline.url}?w=${Math.round(box.width)}&h=${Math.round(box.height)}`;

    const cdp = await stack.context.newCDPSession(page);
    await cdp.send('Network.enable');
    const cache = (disabled: boolean) => cdp.send('Network.setCacheDisabled', { cacheDisabled: disabled });

    // Initial bundle: what the agent's page fetches before it can accept, against the baseline page.
    await cache(true);
    const desk = await initialBundle(page, stack.deskUrl, rendererDir, () => page.waitForFunction(ACCEPT_ENABLED, undefined, { polling: 'raf' }));
    const base = await initialBundle(page, baselineUrl, baselineDir, () => page.getByTestId('open-200').waitFor());
    await cache(false);
    const bundleRatio = desk.bytes / base.bytes;
    row(
      `Renderer: initial agent bundle, gzipped (${desk.files} files) vs baseline page (${base.files})`,
      `${kib(desk.bytes)} / ${kib(base.bytes)} = ${ratio(bundleRatio)}`,
      '≤ 1.3× baseline',
      bundleRatio <= 1.3,
    );

    // Cold (cache disabled) against warm, interleaved; warm-up loads first so the warm runs have the code cache.
    for (let i = 0; i < 3; i++) await acceptEnabledAt(page, stack.deskUrl);
    const cold: number[] = [];
    const warm: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await cache(true);
      cold.push(await acceptEnabledAt(page, stack.deskUrl));
      await cache(false);
      warm.push(await acceptEnabledAt(page, stack.deskUrl));
    }
    const coldRatio = median(cold) / median(warm);
    row('Renderer: cold start, cache disabled vs warm (to an enabled Accept)', `${ms(median(cold))} / ${ms(median(warm))} = ${ratio(coldRatio)}`, '≤ 1.15× warm', coldRatio <= 1.15);

    // Opening conversations, desk and baseline interleaved, each on a freshly loaded page (warm cache).
    const opened: Record<string, number[]> = { desk5000: [], desk200: [], base5000: [], base200: [] };
    for (let i = -1; i < RUNS; i++) {
      const runs = {
        desk5000: () => openDesk(page, stack.deskUrl, held.get(5_000)!, 'turn 5000 of 5000:'),
        base5000: () => openBaseline(page, baselineUrl, 5_000, 'turn 5000 of 5000:'),
        desk200: () => openDesk(page, stack.deskUrl, held.get(200)!, 'turn 200 of 200:'),
        base200: () => openBaseline(page, baselineUrl, 200, 'turn 200 of 200:'),
      };
      for (const [name, run] of Object.entries(runs)) {
        const t = await run();
        if (i >= 0) opened[name]!.push(t); // the first round warms caches and is not counted
      }
    }
    const d5 = median(opened.desk5000!);
    const b5 = median(opened.base5000!);
    const d2 = median(opened.desk200!);
    const b2 = median(opened.base200!);
    row('Renderer: open a 5,000-message conversation vs baseline', `${ms(d5)} / ${ms(b5)} = ${ratio(d5 / b5)}`, '≤ 1.0× baseline', d5 / b5 <= 1.0);
    row('Renderer: open 5,000 vs 200 messages (desk; baseline for reference)', `${ms(d5)} / ${ms(d2)} = ${ratio(d5 / d2)} (baseline ${ratio(b5 / b2)})`, '≤ 1.5×', d5 / d2 <= 1.5);
  } finally {
    await stack.close();
    await new Promise<void>((r) => baseline.server.close(() => r()));
    rmSync(tmp, { recursive: true, force: true });
  }
}
