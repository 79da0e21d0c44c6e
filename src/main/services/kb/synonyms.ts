// The support-domain synonym table: customer phrases ("money back") mapped to the words the articles use
// ("refund"). Operators edit resources/kb/synonyms.json; a broken file means no synonyms, never a failed search.
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Logger } from '../../../shared/log';

export interface SynonymGroup {
  /** Words added to the query: the articles' vocabulary. */
  to: string[];
  /** Phrases a customer writes, one or more words each. */
  from: string[];
}

const fileSchema = z.object({
  groups: z.array(z.object({ area: z.string().optional(), to: z.array(z.string().min(1).max(60)).min(1).max(10), from: z.array(z.string().min(1).max(120)).min(1).max(100) })).max(2000),
});

export function loadSynonyms(file: string | undefined, logger?: Logger): SynonymGroup[] {
  if (!file || !existsSync(file)) return [];
  try {
    const parsed = fileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success) {
      logger?.warn('kb.synonyms_invalid', { issues: parsed.error.issues.length });
      return [];
    }
    return parsed.data.groups.map((g) => ({ to: g.to, from: g.from }));
  } catch (e) {
    logger?.warn('kb.synonyms_unreadable', { error: e instanceof Error ? e.name : 'unknown' });
    return [];
  }
}
