// Turns what the agent typed into safe FTS5 queries. User text never reaches MATCH as syntax: every token is
// extracted as letters/digits and double-quoted, so `"foo OR bar*`, NEAR(...), column filters and stray quotes
// are just words.
const WORD = /[\p{L}\p{N}]+/gu;

export function queryTokens(query: string): string[] {
  return (query.normalize('NFKC').match(WORD) ?? []).slice(0, 12);
}

const quote = (token: string) => `"${token.replace(/"/g, '""')}"`;

/** Word-index query: every token must match; the last one as a prefix, since the agent is still typing it. */
export function wordQuery(tokens: string[], mode: 'all' | 'any' = 'all'): string | undefined {
  if (tokens.length === 0) return undefined;
  const parts = tokens.map((t, i) => (i === tokens.length - 1 ? `${quote(t)}*` : quote(t)));
  return parts.join(mode === 'all' ? ' AND ' : ' OR ');
}

/** Trigram-index query: substrings of at least three characters, any of them. */
export function trigramQuery(tokens: string[]): string | undefined {
  const long = tokens.filter((t) => [...t].length >= 3);
  if (long.length === 0) return undefined;
  return long.map(quote).join(' OR ');
}
