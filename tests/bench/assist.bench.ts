// `npm run bench -- assist`: the offline assistant measured on the labelled evaluation set that ships with the
// bench (tests/bench/assist-eval), against a plain keyword search of the same knowledge base in the same run.
// Each conversation is handed off after the customer's 2nd turn and again after the 4th (or last). The held-out
// set was written last and the engine was not tuned on it: its figures are reported beside, not mixed in.
import { performance } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { KbArticle, KbLookup, Suggestion, SummaryView } from '../../src/shared/domain/assist';
import type { ConversationView } from '../../src/shared/domain/conversation';
import { analyseOffline } from '../../src/main/services/assist/offline-provider';
import { formatDay } from '../../src/main/services/assist/conversation-facts';
import { createKbIndex } from '../../src/main/services/kb/kb-index';
import { openDatabase } from '../../src/main/services/cache/open-database';
import { EVAL_SET } from './assist-eval/conversations';
import { HOLDOUT_SET } from './assist-eval/holdout';
import type { EvalConversation } from './assist-eval/eval-types';
import { customerTurnCount, viewAt } from './assist-eval/eval-types';
import { ms, pct, row } from './table';

const root = resolve(import.meta.dirname, '../..');

interface Prediction {
  /** Ranked article ids. */
  ranked: string[];
  /** The request: an article id, or null for unclear. */
  request: string | null;
  /** The step the top suggestion carries out, 'ask' for the open question, undefined otherwise. */
  nextStep: string | undefined;
  suggestions: Suggestion[];
  summary?: SummaryView;
}

export interface SetFigures {
  n: number;
  intentAccuracy: number;
  coverage: number;
  recall1: { t2: number; t4: number };
  recall3: { t2: number; t4: number };
  nextStep: number;
  invented: number;
  inventedExamples: string[];
  summariesWithRequest: number;
  misses: string[];
}

/** The engine: the offline provider as the desk runs it. */
function engine(kb: KbLookup) {
  return (view: ConversationView): Prediction => {
    const a = analyseOffline(view, kb);
    const first = a.suggestions[0];
    return {
      ranked: a.articles.map((h) => h.id),
      request: a.request.unclear ? null : (a.request.articleId ?? null),
      nextStep: first?.stepId ?? (a.request.unclear && first?.title === 'Ask what the customer needs' ? 'ask' : undefined),
      suggestions: a.suggestions,
      summary: a.summary,
    };
  };
}

/** The baseline: a plain keyword search of the knowledge base with the customer's words; its first step. */
function keywordBaseline(kb: KbLookup) {
  return (view: ConversationView): Prediction => {
    const text = view.messages.filter((m) => m.role === 'customer').map((m) => m.text).join(' ');
    const hits = kb.search(text, { limit: 3 });
    const top = hits[0] ? kb.get(hits[0].id) : undefined;
    return { ranked: hits.map((h) => h.id), request: top?.id ?? null, nextStep: top?.steps?.[0]?.id ?? (top ? undefined : 'ask'), suggestions: [] };
  };
}

export function evaluate(set: EvalConversation[], predict: (v: ConversationView) => Prediction, kbText: string): SetFigures {
  let intentRight = 0;
  let covered = 0;
  let nextRight = 0;
  let invented = 0;
  let withRequest = 0;
  let clear = 0;
  const r1 = { t2: 0, t4: 0 };
  const r3 = { t2: 0, t4: 0 };
  const inventedExamples: string[] = [];
  const misses: string[] = [];
  for (const c of set) {
    const last = Math.min(4, customerTurnCount(c));
    const at2 = predict(viewAt(c, 2));
    const view4 = viewAt(c, last);
    const at4 = predict(view4);
    if (at4.request !== null) covered++;
    if (at4.request === c.article) intentRight++;
    else misses.push(`${c.id}: request ${at4.request ?? 'unclear'} (want ${c.article ?? 'unclear'})`);
    if (at4.nextStep === c.nextStep && at4.request === c.article) nextRight++;
    else if (at4.request === c.article) misses.push(`${c.id}: next ${at4.nextStep ?? '-'} (want ${c.nextStep})`);
    if (c.article) {
      clear++;
      if (at2.ranked[0] === c.article) r1.t2++;
      if (at4.ranked[0] === c.article) r1.t4++;
      if (at2.ranked.slice(0, 3).includes(c.article)) r3.t2++;
      if (at4.ranked.slice(0, 3).includes(c.article)) r3.t4++;
    }
    const found = inventedFacts(at4, view4, kbText);
    invented += found.length;
    for (const f of found) if (inventedExamples.length < 5) inventedExamples.push(`${c.id}: ${f}`);
    if (at4.summary && c.article && summaryQuotesCustomer(at4.summary, view4)) withRequest++;
  }
  const share = (x: number, of: number) => (of ? x / of : 0);
  return {
    n: set.length,
    intentAccuracy: share(intentRight, set.length),
    coverage: share(covered, set.length),
    recall1: { t2: share(r1.t2, clear), t4: share(r1.t4, clear) },
    recall3: { t2: share(r3.t2, clear), t4: share(r3.t4, clear) },
    nextStep: share(nextRight, set.length),
    invented,
    inventedExamples,
    summariesWithRequest: share(withRequest, clear),
    misses,
  };
}

/** The summary quotes a sentence the customer wrote. */
function summaryQuotesCustomer(summary: SummaryView, view: ConversationView): boolean {
  const customer = view.messages.filter((m) => m.role === 'customer').map((m) => m.text).join('\n');
  return [...summary.summary.matchAll(/"([^"]{8,})"/g)].some((m) => customer.includes((m[1] ?? '').replace(/\.\.\.$/, '')));
}

/**
 * Facts in the suggestions and summary that the context does not hold: order-like numbers, amounts, dates and
 * quoted statuses must each appear in the transcript, the CRM data (dates as the desk formats them) or the
 * knowledge base. A status or date for a record whose field is missing is exactly what this catches.
 */
export function inventedFacts(p: Prediction, view: ConversationView, kbText: string): string[] {
  const crm = view.crm ?? {};
  const now = new Date(view.messages.at(-1)?.at ?? view.createdAt);
  const dates = (crm.orders ?? []).flatMap((o) => [o.placedAt, o.deliveredAt].filter((d): d is string => Boolean(d)).map((d) => formatDay(d, now)));
  const context = [view.messages.map((m) => m.text).join('\n'), JSON.stringify(crm), dates.join(' '), kbText].join('\n').toLowerCase();
  const numbers = new Set((context.match(/\d+(?:[.,]\d+)?/g) ?? []).map((n) => Number(n.replace(',', '.'))));
  const out: string[] = [];
  const texts = [...p.suggestions.flatMap((s) => [s.title, s.reason, s.reply ?? '']), p.summary?.summary ?? ''];
  for (const text of texts) {
    for (const m of text.matchAll(/\b\d{5,}\b/g)) if (!context.includes(m[0])) out.push(`number ${m[0]}`);
    for (const m of text.matchAll(/[€$£]\s?(\d+(?:\.\d{1,2})?)|(\d+(?:\.\d{1,2})?)\s?(?:EUR|USD|GBP|euros?)\b/g)) {
      const value = Number(m[1] ?? m[2]);
      if (!numbers.has(value)) out.push(`amount ${m[0]}`);
    }
    for (const m of text.matchAll(/\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b/g)) if (!context.includes(m[0].toLowerCase())) out.push(`date ${m[0]}`);
    for (const m of text.matchAll(/(?:is|as|shows) "([^"]{3,40})"/g)) if (!context.includes((m[1] ?? '').toLowerCase())) out.push(`status "${m[1]}"`);
  }
  return out;
}

const p = (x: number) => `${Math.round(x * 100)}%`;

export async function benchAssistQuality(): Promise<void> {
  const db = openDatabase(':memory:');
  const kb = createKbIndex(db);
  const seed = JSON.parse(readFileSync(join(root, 'resources/seed/kb.json'), 'utf8')) as KbArticle[];
  kb.upsert(seed.map((a) => ({ ...a, updatedAt: '2026-11-01T00:00:00.000Z' })));
  const kbText = seed.map((a) => `${a.title} ${a.body} ${(a.steps ?? []).map((s) => `${s.text} ${s.reply ?? ''}`).join(' ')}`).join('\n');
  const ours = engine(kb);
  const base = keywordBaseline(kb);
  const families = new Set(EVAL_SET.map((c) => c.family));

  const e = evaluate(EVAL_SET, ours, kbText);
  const b = evaluate(EVAL_SET, base, kbText);
  const h = evaluate(HOLDOUT_SET, ours, kbText);
  const hb = evaluate(HOLDOUT_SET, base, kbText);
  const label = `(${e.n} conversations, ${families.size} families; held-out ${h.n})`;

  row(`Assist intent accuracy at turn 4 ${label}`, `${p(e.intentAccuracy)} vs keyword ${p(b.intentAccuracy)}; held-out ${p(h.intentAccuracy)} vs ${p(hb.intentAccuracy)}`, '>= 80%, +25 pts', e.intentAccuracy >= 0.8 && e.intentAccuracy - b.intentAccuracy >= 0.25);
  row('Assist intent coverage (a request named)', `${p(e.coverage)} vs keyword ${p(b.coverage)}; held-out ${p(h.coverage)}`, 'reported', true);
  row('Assist article recall@1 turn 2 / turn 4', `${p(e.recall1.t2)} / ${p(e.recall1.t4)} vs keyword ${p(b.recall1.t2)} / ${p(b.recall1.t4)}; held-out ${p(h.recall1.t2)} / ${p(h.recall1.t4)}`, 'reported', true);
  row(
    'Assist article recall@3 turn 2 / turn 4',
    `${p(e.recall3.t2)} / ${p(e.recall3.t4)} vs keyword ${p(b.recall3.t2)} / ${p(b.recall3.t4)}; held-out ${p(h.recall3.t2)} / ${p(h.recall3.t4)}`,
    '>= 85%, t4 >= t2',
    e.recall3.t2 >= 0.85 && e.recall3.t4 >= 0.85 && e.recall3.t4 >= e.recall3.t2,
  );
  row('Assist next-step accuracy at turn 4', `${p(e.nextStep)} vs keyword first step ${p(b.nextStep)}; held-out ${p(h.nextStep)}`, '>= 70%', e.nextStep >= 0.7);
  row('Assist invented facts (suggestions + summaries)', `${e.invented}; held-out ${h.invented}${e.inventedExamples.length ? ` (${e.inventedExamples.join('; ')})` : ''}`, '0', e.invented === 0 && h.invented === 0);
  // The same targets on the held-out set, which the engine was not tuned on: a miss here is overfitting showing.
  row(`Held-out (${h.n}, not tuned on): intent accuracy`, `${p(h.intentAccuracy)} vs keyword ${p(hb.intentAccuracy)}`, '>= 80%, +25 pts', h.intentAccuracy >= 0.8 && h.intentAccuracy - hb.intentAccuracy >= 0.25);
  row(`Held-out (${h.n}, not tuned on): recall@3 turn 2 / turn 4`, `${p(h.recall3.t2)} / ${p(h.recall3.t4)} vs keyword ${p(hb.recall3.t2)} / ${p(hb.recall3.t4)}`, '>= 85%, t4 >= t2', h.recall3.t2 >= 0.85 && h.recall3.t4 >= h.recall3.t2);
  row(`Held-out (${h.n}, not tuned on): next-step accuracy`, p(h.nextStep), '>= 70%', h.nextStep >= 0.7);
  row('Assist summaries quoting the customer (clear requests)', `${p(e.summariesWithRequest)}; held-out ${p(h.summariesWithRequest)}`, 'reported', true);

  const times: number[] = [];
  for (let i = 0; i < 3; i++)
    for (const c of EVAL_SET) {
      const v = viewAt(c, 4);
      const s = performance.now();
      analyseOffline(v, kb);
      times.push(performance.now() - s);
    }
  row('Assist analysis per hand-off p95 (32-article KB)', ms(pct(times, 95)), 'reported', true);
  if (process.env.BATON_BENCH_VERBOSE) {
    process.stderr.write(`\nmisses (eval):\n  ${e.misses.join('\n  ')}\nmisses (held-out):\n  ${h.misses.join('\n  ')}\n`);
    if (h.inventedExamples.length) process.stderr.write(`held-out invented: ${h.inventedExamples.join('; ')}\n`);
  }
  db.close();
}
