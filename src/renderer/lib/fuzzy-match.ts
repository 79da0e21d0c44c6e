// A small fuzzy matcher for the command palette: letters of the query in order, rewarding word starts and runs.

/** A score above zero when every query letter appears in order in the text; undefined otherwise. */
export function fuzzyScore(query: string, text: string): number | undefined {
  const q = query.trim().toLowerCase();
  if (!q) return 1;
  const t = text.toLowerCase();
  let score = 0;
  let ti = 0;
  let run = 0;
  for (const ch of q) {
    if (ch === ' ') continue;
    const found = t.indexOf(ch, ti);
    if (found === -1) return undefined;
    const wordStart = found === 0 || /[\s\-_/]/.test(t[found - 1] ?? '');
    run = found === ti ? run + 1 : 0;
    score += 1 + (wordStart ? 3 : 0) + run * 2 - Math.min(found - ti, 5) * 0.2;
    ti = found + 1;
  }
  if (t.startsWith(q)) score += 10;
  return score;
}

export function fuzzyFilter<T>(items: readonly T[], query: string, textOf: (item: T) => string): T[] {
  return items
    .map((item, index) => ({ item, index, score: fuzzyScore(query, textOf(item)) }))
    .filter((x): x is { item: T; index: number; score: number } => x.score !== undefined)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map((x) => x.item);
}
