// Suggestion ids derived from content, so the same advice keeps the same id across refreshes (the UI keys on it
// and feedback refers to it) and identical input always produces identical output.

/** FNV-1a, 32 bit, as 8 hex digits: no crypto needed, only stability. */
export function stableId(prefix: string, ...parts: (string | undefined)[]): string {
  let hash = 0x811c9dc5;
  for (const ch of parts.map((p) => p ?? '').join('\u0000')) {
    hash ^= ch.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${prefix}-${hash.toString(16).padStart(8, '0')}`;
}
