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
  /** Terms by length, for the edit-distance scan, each with its letter counts (a cheap filter before the
   * distance itself: every edit changes the counts by at most two). */
  byLength: Map<number, { terms: string[]; counts: Uint8Array[] }>;
  /** Every term and every term with one letter left out → the terms: the terms one edit from a word share a key
   * with it (a deletion neighbourhood), so one-edit typos need a few map lookups rather than a scan. */
  deletions: Map<string, string[]>;
  /** Unknown words already looked up, and the term each was rewritten to (or none). */
  typos: Map<string, string | undefined>;
}

const deletionsOf = (word: string): string[] => Array.from({ length: word.length }, (_, i) => word.slice(0, i) + word.slice(i + 1));

const LETTERS = 27;
/** Counts of a..z, and of every other character in the last slot. */
function letterCounts(word: string): Uint8Array {
  const c = new Uint8Array(LETTERS);
  for (let i = 0; i < word.length; i++) {
    const k = word.charCodeAt(i) - 97;
    c[k >= 0 && k < 26 ? k : 26]!++;
  }
  return c;
}

export function buildVocabulary(rows: Iterable<{ term: string; doc: number }>): Vocabulary {
  const df = new Map<string, number>();
  const byLength: Vocabulary['byLength'] = new Map();
  const deletions = new Map<string, string[]>();
  for (const { term, doc } of rows) {
    if (doc <= 0) continue;
    df.set(term, doc);
    for (const key of new Set([term, ...deletionsOf(term)])) {
      const list = deletions.get(key);
      if (list) list.push(term);
      else deletions.set(key, [term]);
    }
    let list = byLength.get(term.length);
    if (!list) byLength.set(term.length, (list = { terms: [], counts: [] }));
    list.terms.push(term);
    list.counts.push(letterCounts(term));
  }
  return { df, sorted: [...df.keys()].sort(), byLength, deletions, typos: new Map() };
}

// Three rolling rows for the distance, reused: the typo scan calls it thousands of times per unknown word.
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)] as const;

/** Optimal string alignment distance (swapped neighbours count once), giving up above max. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (b.length + 1 > rows[0].length) rows = [new Int32Array(b.length + 1), new Int32Array(b.length + 1), new Int32Array(b.length + 1)];
  let [prev2, prev, cur] = rows;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let best = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const bj = b.charCodeAt(j - 1);
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[b.length]!;
}

const allowedEdits = (len: number) => (len < 4 ? 0 : len < 8 ? 1 : 2);

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz';
/** Longer words would make hundreds of variants; the stem comparisons still apply to them. */
const MAX_VARIANT_WORD = 16;

/** Every string one edit from a word: a letter left out, swapped with the next, replaced or added (a..z). */
function editsOf(word: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i <= word.length; i++) {
    const a = word.slice(0, i);
    const b = word.slice(i);
    if (b) out.add(a + b.slice(1));
    if (b.length > 1) out.add(a + b[1] + b[0] + b.slice(2));
    for (const c of ALPHABET) {
      if (b) out.add(a + c + b.slice(1));
      out.add(a + c + b);
    }
  }
  out.delete(word);
  return out;
}

/** The indexed term nearest to an unknown word: fewest edits, then the most documents. Remembered per
 * vocabulary: while an agent types, every keystroke plans the words before the cursor again. */
export function nearestTerm(word: string, vocab: Vocabulary): string | undefined {
  if (vocab.typos.has(word)) return vocab.typos.get(word);
  const found = findNearest(word, vocab);
  if (vocab.typos.size >= TYPO_MEMORY) vocab.typos.clear();
  vocab.typos.set(word, found);
  return found;
}

const TYPO_MEMORY = 5000;

function findNearest(word: string, vocab: Vocabulary): string | undefined {
  const max = allowedEdits(word.length);
  if (max === 0) return undefined;
  const forms = [...new Set([word, stemmer(word)])].map((f) => ({ f, counts: letterCounts(f) }));
  // One edit away (most typos): the deletion neighbourhood, the commonest such term.
  let near: string | undefined;
  let nearDf = 0;
  for (const { f } of forms)
    for (const key of [f, ...deletionsOf(f)])
      for (const term of vocab.deletions.get(key) ?? []) {
        const n = vocab.df.get(term) ?? 0;
        if (n > nearDf && editDistance(f, term, 1) <= 1) {
          near = term;
          nearDf = n;
        }
      }
  if (near) return near;
  // The vocabulary holds stems, so a typo in a word's ending ("sceurity" for "security", stem "secur") is
  // nowhere near one: the word's own one-edit variants are stemmed and looked up too.
  if (word.length <= MAX_VARIANT_WORD)
    for (const v of editsOf(word)) {
      const stem = stemmer(v);
      const n = vocab.df.get(stem) ?? 0;
      if (n > nearDf) {
        near = stem;
        nearDf = n;
      }
    }
  if (near || max < 2) return near;
  // Two edits: a scan of the terms of about the same length.
  let best: string | undefined;
  let bestD = max + 1;
  let bestDf = 0;
  for (let len = word.length - max - 1; len <= word.length + max; len++) {
    const list = vocab.byLength.get(len);
    if (!list) continue;
    for (let t = 0; t < list.terms.length; t++) {
      const term = list.terms[t]!;
      const tc = list.counts[t]!;
      let d = max + 1;
      for (const { f, counts } of forms) {
        const limit = Math.min(max, bestD);
        // Each edit moves at most two letter counts: a bigger difference cannot be within the limit.
        let diff = 0;
        for (let k = 0; k < LETTERS && diff <= 2 * limit; k++) diff += Math.abs(counts[k]! - tc[k]!);
        if (diff > 2 * limit) continue;
        d = Math.min(d, editDistance(f, term, limit));
      }
      if (d > max) continue;
      const n = vocab.df.get(term) ?? 0;
      if (d < bestD || (d === bestD && n > bestDf)) {
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
  /** One group per searched word: its phrases (the word, its prefix expansions or its typo rewrite), each with
   * the number of documents it can match. Synonym additions are optional: the customer did not type them. */
  groups: QueryGroup[];
}

export interface QueryPhrase {
  q: string;
  df: number;
}

export interface QueryGroup {
  phrases: QueryPhrase[];
  optional: boolean;
}

/** Documents a phrase can match: the term's count, or for a prefix the sum over the terms it starts (at most N). */
function phraseDf(vocab: Vocabulary, term: string, prefix: boolean): number {
  if (!prefix) return vocab.df.get(term) ?? 0;
  let lo = 0;
  let hi = vocab.sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (vocab.sorted[mid]! < term) lo = mid + 1;
    else hi = mid;
  }
  let n = 0;
  for (let i = lo; i < vocab.sorted.length && vocab.sorted[i]!.startsWith(term); i++) n += vocab.df.get(vocab.sorted[i]!) ?? 0;
  return n;
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
  const groups: QueryGroup[] = [];
  const { vocab } = opts;
  for (const [i, [w, typing]] of words.entries()) {
    const phrases: QueryPhrase[] = [];
    const push = (q: string, df: number) => {
      terms.add(q);
      if (!phrases.some((p) => p.q === q)) phrases.push({ q, df });
    };
    const asTerm = (t: string) => push(termQuery(t), phraseDf(vocab, t, stemmer(t) !== t));
    // Known: its stem is indexed (FTS5 stems the word the same way), or it is itself an indexed stem.
    const stem = stemmer(w);
    const known = vocab.df.has(stem) ? () => push(quote(w), vocab.df.get(stem)!) : vocab.df.has(w) ? () => asTerm(w) : undefined;
    const done = () => groups.push({ phrases, optional: expanded.indexOf(words[i]!) >= raw.length });
    if (typing) {
      // Still typing: the word itself if indexed, and the commonest indexed terms it starts (three after two
      // letters, where every completion is common and the list is about to change anyway).
      const more = w.length >= 2 ? prefixTerms(w, vocab, w.length === 2 ? 3 : 6) : [];
      known?.();
      for (const t of more) asTerm(t);
      if (known || more.length > 0) {
        done();
        continue;
      }
    } else if (known) {
      known();
      done();
      continue;
    }
    const near = nearestTerm(w, vocab);
    if (near) {
      rewrites[w] = near;
      asTerm(near);
    } else if (vocab.df.size === 0) push(quote(w), 0);
    if (phrases.length > 0) done();
  }
  return { match: terms.size > 0 ? [...terms].join(' OR ') : undefined, words: raw, rewrites, groups };
}

/** Title trigram query: substrings of at least three characters, any of them. */
export function trigramQuery(tokens: string[]): string | undefined {
  const long = tokens.filter((t) => [...t].length >= 3);
  if (long.length === 0) return undefined;
  return long.map(quote).join(' OR ');
}
