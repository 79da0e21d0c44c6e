// The desk's knowledge-base index: articles in SQLite, searched with FTS5 (porter stems, bm25 with the title
// above the body, prefixes while typing, typos rewritten from the cached vocabulary, support-domain synonyms) and
// a trigram index on titles for partial words. Works offline from the cache; implements the assist engine's
// KbLookup, and the desk's transcript suggestions go through the same search.
import { z } from 'zod';
import type { KbArticle, KbHit, KbLookup } from '../../../shared/domain/assist';
import { askedAsSchema, procedureStepsSchema } from '../../../shared/domain/procedure';
import type { Db } from '../cache/open-database';
import { buildVocabulary, planQuery, queryTokens, trigramQuery, type QueryGroup, type Vocabulary } from './fts-query';
import type { SynonymGroup } from './synonyms';
import { HIT_END, HIT_START, stripMarkers, toSegments } from './snippet-segments';

/** Articles as the hub or a seed file sends them; language and updatedAt may be missing in a seed. */
export const kbArticleInputSchema = z.object({
  id: z.string().min(1).max(200),
  title: z.string().min(1).max(500),
  body: z.string().max(100_000),
  category: z.string().max(100).default('general'),
  language: z.string().max(20).default('en'),
  updatedAt: z.string().max(40).default('1970-01-01T00:00:00.000Z'),
  steps: procedureStepsSchema.optional(),
  askedAs: askedAsSchema.optional(),
});

export interface KbSearchOptions {
  limit?: number;
  category?: string;
  language?: string;
  /** 'typing' (default): the last word is a prefix being typed. 'text': whole words, as in a transcript. */
  mode?: 'typing' | 'text';
}

export interface KbIndexOptions {
  /** Customer phrases → the articles' words, applied at query time (resources/kb/synonyms.json). */
  synonyms?: SynonymGroup[];
  /** Up to this many matching documents (summed over the query's phrases) a query is ranked exactly, by bm25
   * over every match; above it the bounded plan runs. For tests; the default suits the desk. */
  exactBudget?: number;
}

/** FTS5 ranks every match of an OR (bm25 reads each row's sizes and hits): a few microseconds a row, so a query
 * over common words at 50,000 articles costs 100 ms and more. Below this many matches that is still cheap. */
const EXACT_BUDGET = 4000;
/** The last, any-word title query of the bounded plan takes phrases up to this many times the budget in
 * documents: a title holds about a tenth of a common word's hits. */
const TITLE_SHARE = 4;
/** Batches from this size up are indexed by rebuilding the full-text indexes rather than row by row. */
const BULK_MIN = 1000;

interface HitRow {
  rowid: number;
  id: string;
  title: string;
  category: string;
  language: string;
  snip: string;
  rank: number;
}

interface ArticleRow {
  id: string;
  title: string;
  body: string;
  category: string;
  language: string;
  updated_at: string;
  steps: string;
  asked_as: string;
}

function toArticle(r: ArticleRow): KbArticle {
  const steps = procedureStepsSchema.safeParse(parseJson(r.steps));
  const askedAs = askedAsSchema.safeParse(parseJson(r.asked_as));
  return {
    id: r.id,
    title: r.title,
    body: r.body,
    category: r.category,
    language: r.language,
    updatedAt: r.updated_at,
    ...(steps.success && steps.data.length > 0 ? { steps: steps.data } : {}),
    ...(askedAs.success && askedAs.data.length > 0 ? { askedAs: askedAs.data } : {}),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const TITLE_WEIGHT = 10;
const BODY_WEIGHT = 1;
const SNIPPET_TOKENS = 24;

export function createKbIndex(db: Db, options: KbIndexOptions = {}) {
  const synonyms = options.synonyms ?? [];
  const exactBudget = options.exactBudget ?? EXACT_BUDGET;
  const filter = 'AND (@category IS NULL OR a.category = @category) AND (@language IS NULL OR a.language = @language)';
  const s = {
    upsert: db.prepare(
      `INSERT INTO kb_articles (id, title, body, category, language, updated_at, steps, asked_as)
       VALUES (@id, @title, @body, @category, @language, @updatedAt, @steps, @askedAs)
       ON CONFLICT(id) DO UPDATE SET title = excluded.title, body = excluded.body, category = excluded.category,
         language = excluded.language, updated_at = excluded.updated_at, steps = excluded.steps, asked_as = excluded.asked_as`,
    ),
    get: db.prepare<[string], ArticleRow>('SELECT id, title, body, category, language, updated_at, steps, asked_as FROM kb_articles WHERE id = ?'),
    all: db.prepare<[], ArticleRow>('SELECT id, title, body, category, language, updated_at, steps, asked_as FROM kb_articles ORDER BY id'),
    count: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM kb_articles'),
    newest: db.prepare<[], { u: string | null }>('SELECT MAX(updated_at) AS u FROM kb_articles'),
    word: db.prepare<{ q: string; category: string | null; language: string | null; limit: number }, HitRow>(
      `SELECT a.rowid, a.id, a.title, a.category, a.language,
              snippet(kb_fts, -1, '${HIT_START}', '${HIT_END}', '…', ${SNIPPET_TOKENS}) AS snip,
              kb_fts.rank AS rank
       FROM kb_fts JOIN kb_articles a ON a.rowid = kb_fts.rowid
       WHERE kb_fts MATCH @q AND kb_fts.rank MATCH 'bm25(${TITLE_WEIGHT}.0, ${BODY_WEIGHT}.0)' ${filter}
       ORDER BY kb_fts.rank LIMIT @limit`,
    ),
    title: db.prepare<{ q: string; category: string | null; language: string | null; limit: number }, HitRow>(
      `SELECT a.rowid, a.id, a.title, a.category, a.language, '' AS snip, kb_title_fts.rank AS rank
       FROM kb_title_fts JOIN kb_articles a ON a.rowid = kb_title_fts.rowid
       WHERE kb_title_fts MATCH @q ${filter}
       ORDER BY kb_title_fts.rank LIMIT @limit`,
    ),
    // The body snippet of one article found through its title: no bm25 here, so FTS5 only seeks to the row.
    snippet: db.prepare<{ q: string; rowid: number }, { snip: string }>(
      `SELECT snippet(kb_fts, -1, '${HIT_START}', '${HIT_END}', '…', ${SNIPPET_TOKENS}) AS snip FROM kb_fts WHERE kb_fts MATCH @q AND rowid = @rowid`,
    ),
    trigram: db.prepare<{ q: string; category: string | null; language: string | null; limit: number }, HitRow>(
      `SELECT a.rowid, a.id, a.title, a.category, a.language,
              substr(a.body, 1, 200) AS snip, bm25(kb_title_trigram) AS rank
       FROM kb_title_trigram JOIN kb_articles a ON a.rowid = kb_title_trigram.rowid
       WHERE kb_title_trigram MATCH @q ${filter}
       ORDER BY rank LIMIT @limit`,
    ),
    vocab: db.prepare<[], { term: string; doc: number }>('SELECT term, doc FROM kb_vocab'),
    browse: db.prepare<{ category: string | null; language: string | null; limit: number }, HitRow>(
      `SELECT a.rowid, a.id, a.title, a.category, a.language, substr(a.body, 1, 200) AS snip, 0 AS rank
       FROM kb_articles a WHERE 1 = 1 ${filter} ORDER BY a.updated_at DESC, a.title LIMIT @limit`,
    ),
  };

  const toHit = (row: HitRow, scale = 1): KbHit => ({
    id: row.id,
    title: row.title,
    category: row.category,
    language: row.language,
    snippet: toSegments(row.snip),
    // bm25() is lower-is-better and negative; the desk shows higher-is-better.
    score: Math.round(-row.rank * scale * 1000) / 1000,
  });

  // The triggers that keep the three full-text indexes in step (migration 6); any other trigger stays in place.
  const triggers = db.prepare<[], { name: string; sql: string }>(
    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'kb_articles' AND name IN ('kb_articles_ai', 'kb_articles_ad', 'kb_articles_au')",
  );
  const upsertMany = db.transaction((articles: KbArticle[]) => {
    // A big batch (a first sync, a seed, a page that is a good part of the table): the rows go in without the
    // full-text triggers, and each index is rebuilt from the table in one pass, which costs about a third of the
    // CPU of indexing row by row (50,000 articles: 4.5 s instead of 13 s here). The triggers are put back as they
    // were, in the same transaction, so a failure leaves everything as it was.
    const bulk = articles.length >= BULK_MIN && articles.length * 4 >= (s.count.get()?.n ?? 0);
    const saved = bulk ? triggers.all() : [];
    for (const t of saved) db.exec(`DROP TRIGGER ${t.name}`);
    for (const a of articles)
      s.upsert.run({ ...a, title: stripMarkers(a.title), body: stripMarkers(a.body), steps: JSON.stringify(a.steps ?? []), askedAs: JSON.stringify(a.askedAs ?? []) });
    if (!bulk) return;
    for (const t of ['kb_fts', 'kb_title_fts', 'kb_title_trigram']) db.exec(`INSERT INTO ${t}(${t}) VALUES ('rebuild')`);
    for (const t of saved) db.exec(t.sql);
  });

  // The vocabulary (and its typo lookup) is built at most once per change, on the first query after it, never per
  // query: a sync of many pages, or many single upserts in a row, build it once (about 200 ms at 50,000 articles).
  let vocab: Vocabulary = buildVocabulary([]);
  let stale = true;
  const current = (): Vocabulary => {
    if (stale) {
      vocab = buildVocabulary(s.vocab.iterate());
      stale = false;
    }
    return vocab;
  };
  const refresh = () => {
    stale = true;
    current();
  };

  const index = {
    /** Inserts or replaces one article or a list, by id, in one transaction; answers how many were valid and stored. */
    upsert(input: unknown): number {
      const valid: KbArticle[] = [];
      for (const raw of Array.isArray(input) ? input : [input]) {
        const parsed = kbArticleInputSchema.safeParse(raw);
        if (parsed.success) valid.push(parsed.data);
      }
      upsertMany(valid);
      if (valid.length > 0) stale = true;
      return valid.length;
    },
    count(): number {
      return s.count.get()?.n ?? 0;
    },
    /** The newest updatedAt seen: the `since` of the next incremental sync. */
    newestUpdatedAt(): string | undefined {
      return s.newest.get()?.u ?? undefined;
    },
    get(id: string): KbArticle | undefined {
      const r = s.get.get(id);
      return r ? toArticle(r) : undefined;
    },
    list(): KbArticle[] {
      return s.all.all().map(toArticle);
    },
    /** Re-reads the vocabulary of indexed terms now, e.g. after changes made outside upsert(). */
    refresh,
    /** How a query is rewritten before it reaches FTS5: for tests and diagnostics. */
    plan(query: string, mode: 'typing' | 'text' = 'typing') {
      return planQuery(query, { vocab: current(), synonyms, typing: mode !== 'text' });
    },
    revision(): string {
      return `${s.count.get()?.n ?? 0}@${s.newest.get()?.u ?? ''}`;
    },
    search(query: string, opts: KbSearchOptions = {}): KbHit[] {
      const limit = Math.min(Math.max(opts.limit ?? 10, 1), 50);
      const params = { category: opts.category ?? null, language: opts.language ?? null, limit };
      const tokens = queryTokens(query);
      if (tokens.length === 0) return s.browse.all(params).map((r) => toHit(r));
      const plan = planQuery(query, { vocab: current(), synonyms, typing: opts.mode !== 'text' });

      const hits: KbHit[] = [];
      const seen = new Set<string>();
      const add = (rows: HitRow[], scale: number) => {
        for (const r of rows) {
          if (hits.length >= limit || seen.has(r.id)) continue;
          seen.add(r.id);
          const hit = toHit(r, scale);
          // A later query's hits rank below the earlier ones', whatever their own bm25.
          const last = hits[hits.length - 1];
          hits.push(last && hit.score > last.score ? { ...hit, score: last.score } : hit);
        }
      };
      if (plan.match) {
        const cost = plan.groups.reduce((n, g) => n + g.phrases.reduce((m, p) => m + p.df, 0), 0);
        // Any word (stems, synonyms, rewritten typos, prefixes), bm25 title above body, over every match.
        if (cost <= exactBudget) add(s.word.all({ ...params, q: plan.match }), 1);
        else
          for (const step of boundedPlan(plan.groups, exactBudget)) {
            if (hits.length >= limit) break;
            if (step.in === 'body') add(s.word.all({ ...params, q: step.q }), 1);
            else add(s.title.all({ ...params, q: step.q }).map((r) => ({ ...r, snip: s.snippet.get({ q: plan.match!, rowid: r.rowid })?.snip ?? '' })), 1);
          }
      }
      // Then partial words inside titles, ranked below.
      const tri = hits.length < limit ? trigramQuery(tokens) : undefined;
      if (tri) add(s.trigram.all({ ...params, q: tri }), 0.1);
      return hits;
    },
  };
  return index satisfies KbLookup & Record<string, unknown>;
}

export type KbIndex = ReturnType<typeof createKbIndex>;

const groupExpr = (g: QueryGroup) => (g.phrases.length === 1 ? g.phrases[0]!.q : `(${g.phrases.map((p) => p.q).join(' OR ')})`);

/**
 * The queries run, in order until enough hits, when ranking every match would be too slow. Each one matches
 * few documents, so FTS5 ranks a bounded set:
 * 1. every typed word in the title (the articles that bm25 with the title weighted 10:1 puts first), in the
 *    title index, whose doclists are a few per cent of the word index's;
 * 2. every typed word anywhere, when one of them is rare enough to bound the matches;
 * 3. with three typed words or more, any two of them in the title;
 * 4. the query's rarer phrases, anywhere (the words that tell articles apart; common ones add little to bm25);
 * 5. any of the rarer phrases in the title.
 */
export function boundedPlan(groups: QueryGroup[], budget: number): { q: string; in: 'title' | 'body' }[] {
  const typed = groups.filter((g) => !g.optional);
  // A word typed twice is one condition.
  const required = [...new Map((typed.length > 0 ? typed : groups).map((g) => [groupExpr(g), g])).values()];
  const and = required.map(groupExpr).join(' AND ');
  const out: { q: string; in: 'title' | 'body' }[] = [{ q: and, in: 'title' }];
  const groupDf = (g: QueryGroup) => g.phrases.reduce((m, p) => m + p.df, 0);
  if (required.length > 1 && Math.min(...required.map(groupDf)) <= budget) out.push({ q: and, in: 'body' });
  // Three typed words or more: any two of them in the title (a few hundred articles where any one is thousands).
  if (required.length > 2 && required.length <= 6) {
    const pairs: string[] = [];
    for (let i = 0; i < required.length; i++) for (let j = i + 1; j < required.length; j++) pairs.push(`(${groupExpr(required[i]!)} AND ${groupExpr(required[j]!)})`);
    out.push({ q: pairs.join(' OR '), in: 'title' });
  }
  const phrases = [...new Map(groups.flatMap((g) => g.phrases).map((p) => [p.q, p])).values()].sort((a, b) => a.df - b.df);
  const rare: string[] = [];
  let spent = 0;
  for (const p of phrases) {
    if (spent + p.df > budget) break;
    spent += p.df;
    rare.push(p.q);
  }
  if (rare.length > 0) out.push({ q: rare.join(' OR '), in: 'body' });
  // The rarest phrases only, so this last query stays bounded too (titles hold a small share of a word's hits).
  const anyTitle: string[] = [];
  spent = 0;
  for (const p of phrases) {
    if (anyTitle.length > 0 && spent + p.df > TITLE_SHARE * budget) break;
    spent += p.df;
    anyTitle.push(p.q);
  }
  if (groups.length > 1) out.push({ q: anyTitle.join(' OR '), in: 'title' });
  return out;
}
