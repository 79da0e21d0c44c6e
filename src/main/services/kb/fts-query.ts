// Turns what the agent typed (or what the customer wrote) into a safe FTS5 query. User text never reaches MATCH
// as syntax: every token is extracted as letters/digits and double-quoted, so `"foo OR bar*`, NEAR(...), column
// filters and stray quotes are just words.
//
// The pipeline: words → synonyms (customer phrases add the articles' words) → stop words dropped → each word
// checked against the cached vocabulary of indexed (porter-stemmed) terms: known words stay, unknown words are
// rewritten to the nearest indexed term by edit distance, the word still being typed is expanded as a prefix
// from the vocabulary → all terms ORed, ranked by bm25 with the title above the body.
import { stemmer } from 'stemmer';
import type { SynonymGroup } from './synonyms';

const WORD = /[\p{L}\p{N}]+/gu;
const MAX_TOKENS = 16;

export function queryTokens(query: string): string[] {
  return (query.normalize('NFKC').toLowerCase().match(WORD) ?? []).slice(0, MAX_TOKENS);
}

export const STOP_WORDS = new Set(
  ('a about above after again am an and any are as at be been before being below between both but by can cannot could did do does doing down during each few for from further ' +
    'had has have having he her here hers him his how i if im in into is it its itself just me more most my myself no nor not now of off on once only or other our ours out over own ' +
    'same she should so some such than that the their theirs them then there these they this those through to too under until up very was we were what when where which while who ' +
    'whom why will with would you your yours yourself hi hello hey please thanks thank ok okay want wanted need needs get got still yet also really ive id dont cant wont isnt ' +
    'wasnt doesnt didnt u ur pls plz')
    .split(' '),
);

const quote = (token: string) => `"${token.replace(/"/g, '""')}"`;
/** An indexed term (a stem) as a query: FTS5 stems query words again, and porter is not idempotent
 * ("warehous" → "wareh"), so a term that would change is asked as a prefix, which matches it. */
const termQuery = (term: string) => (stemmer(term) === term ? quote(term) : `${quote(term)}*`);

/** Indexed terms (porter stems) with their document counts, cached in memory after each sync. */
export interface Vocabulary {
  df: Map<string, number>;
  /** Terms sorted, for prefix expansion by binary search. */
  sorted: string[];
  /** Terms by length, for the edit-distance scan. */
  byLength: Map<number, string[]>;
}

export function buildVocabulary(rows: Iterable<{ term: string; doc: number }>): Vocabulary {
  const df = new Map<string, number>();
  const byLength = new Map<number, string[]>();
  for (const { term, doc } of rows) {
    if (doc <= 0) continue;
    df.set(term, doc);
    const list = byLength.get(term.length) ?? [];
    list.push(term);
    byLength.set(term.length, list);
  }
  return { df, sorted: [...df.keys()].sort(), byLength };
}

/** Optimal string alignment distance (swapped neighbours count once), giving up above max. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur.push(v);
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length]!;
}

const allowedEdits = (len: number) => (len < 4 ? 0 : len < 8 ? 1 : 2);

/** The indexed term nearest to an unknown word: fewest edits, then the most documents. */
export function nearestTerm(word: string, vocab: Vocabulary): string | undefined {
  const max = allowedEdits(word.length);
  if (max === 0) return undefined;
  const forms = [...new Set([word, stemmer(word)])];
  let best: string | undefined;
  let bestD = max + 1;
  let bestDf = 0;
  for (let len = word.length - max - 1; len <= word.length + max; len++) {
    for (const term of vocab.byLength.get(len) ?? []) {
      let d = max + 1;
      for (const f of forms) d = Math.min(d, editDistance(f, term, Math.min(max, bestD)));
      const n = vocab.df.get(term) ?? 0;
      if (d < bestD || (d === bestD && d <= max && n > bestDf)) {
        best = term;
        bestD = d;
        bestDf = n;
      }
    }
  }
  return bestD <= max ? best : undefined;
}

/** Up to `max` indexed terms starting with the prefix, the most common first. */
export function prefixTerms(prefix: string, vocab: Vocabulary, max = 6): string[] {
  let lo = 0;
  let hi = vocab.sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (vocab.sorted[mid]! < prefix) lo = mid + 1;
    else hi = mid;
  }
  const found: string[] = [];
  for (let i = lo; i < vocab.sorted.length && vocab.sorted[i]!.startsWith(prefix); i++) found.push(vocab.sorted[i]!);
  return found.sort((a, b) => (vocab.df.get(b) ?? 0) - (vocab.df.get(a) ?? 0)).slice(0, max);
}

/** Adds the articles' words for every customer phrase found in the tokens (whole words, in order). */
export function applySynonyms(tokens: string[], groups: SynonymGroup[]): string[] {
  const out = [...tokens];
  const text = ` ${tokens.join(' ')} `;
  for (const g of groups)
    if (g.from.some((phrase) => text.includes(` ${queryTokens(phrase).join(' ')} `)))
      for (const t of g.to.flatMap(queryTokens)) if (!out.includes(t)) out.push(t);
  return out;
}

export interface PlannedQuery {
  /** The FTS5 MATCH expression for the word index, or undefined when nothing is left to search. */
  match: string | undefined;
  /** The words as the agent meant them after rewriting, for the title trigram fallback. */
  words: string[];
  /** Unknown words and what they were rewritten to, for tests and diagnostics. */
  rewrites: Record<string, string>;
}

export interface PlanOptions {
  vocab: Vocabulary;
  synonyms: SynonymGroup[];
  /** The last word is still being typed (search box), unless the text ends with a space. Off for transcripts. */
  typing: boolean;
}

export function planQuery(query: string, opts: PlanOptions): PlannedQuery {
  const raw = queryTokens(query);
  const typingLast = opts.typing && raw.length > 0 && !/[\s\p{P}]$/u.test(query);
  // Entries: [word, still being typed]; synonym additions come after the customer's own words.
  const expanded = applySynonyms(raw, opts.synonyms).map((t, i): [string, boolean] => [t, typingLast && i === raw.length - 1]);
  const kept = expanded.filter(([t, typing]) => typing || !STOP_WORDS.has(t));
  const words = kept.length > 0 ? kept : expanded;
  const terms = new Set<string>();
  const rewrites: Record<string, string> = {};
  const { vocab } = opts;
  for (const [w, typing] of words) {
    // Known: its stem is indexed (FTS5 stems the word the same way), or it is itself an indexed stem.
    const known = vocab.df.has(stemmer(w)) ? quote(w) : vocab.df.has(w) ? termQuery(w) : undefined;
    if (typing) {
      // Still typing: the word itself if indexed, and the commonest indexed terms it starts.
      const more = w.length >= 2 ? prefixTerms(w, vocab) : [];
      if (known) terms.add(known);
      for (const t of more) terms.add(termQuery(t));
      if (known || more.length > 0) continue;
    } else if (known) {
      terms.add(known);
      continue;
    }
    const near = nearestTerm(w, vocab);
    if (near) {
      rewrites[w] = near;
      terms.add(termQuery(near));
    } else if (vocab.df.size === 0) terms.add(quote(w));
  }
  return { match: terms.size > 0 ? [...terms].join(' OR ') : undefined, words: raw, rewrites };
}

/** Title trigram query: substrings of at least three characters, any of them. */
export function trigramQuery(tokens: string[]): string | undefined {
  const long = tokens.filter((t) => [...t].length >= 3);
  if (long.length === 0) return undefined;
  return long.map(quote).join(' OR ');
}
