// Shared text handling for the policy detectors: one normalization so every rule sees the same words.
// Customers type fast: curly apostrophes, shouting, missing apostrophes ("dont") and typos are all normal.

/** Lower-cased clauses (split at sentence and clause punctuation), each a list of word tokens. */
export function clauses(text: string): string[][] {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`\u00b4]/g, "'")
    .split(/[.!?;,:\n()"]+/)
    .map((clause) => (clause.match(/[a-z0-9']+/g) ?? []).map((t) => t.replace(/^'+|'+$/g, '')).filter((t) => t.length > 0))
    .filter((tokens) => tokens.length > 0);
}

/** All word tokens of a text, in order. */
export function words(text: string): string[] {
  return clauses(text).flat();
}

/** The text as one lower-cased line of words separated by single spaces, for phrase matching. */
export function flatText(text: string): string {
  return words(text).join(' ');
}

/**
 * Optimal string alignment distance (Levenshtein plus adjacent transpositions), stopping early above `max`.
 * Enough to catch "humna", "agnet", "representitive" without a dictionary.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const prev = rows[i - 1] ?? [];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] ?? Infinity) + 1, (row[j - 1] ?? Infinity) + 1, (prev[j - 1] ?? Infinity) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, (rows[i - 2]?.[j - 2] ?? Infinity) + 1);
      }
      row.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (i > 0 && rowMin > max) return max + 1;
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? max + 1;
}
