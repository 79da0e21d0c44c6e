// Knowledge-base import: validates a JSON array of `{ id, title, body, category, language?, steps?, askedAs? }` and stores the
// articles; only articles whose content changed get a new updatedAt, so desks sync only what changed.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { KbArticle } from '../../shared/domain/assist';
import { askedAsSchema, procedureStepsSchema } from '../../shared/domain/procedure';
import { fail, ok, type Result } from '../../shared/result';
import { parseWith } from '../../shared/validation';
import type { HubStore, SyncHubStore } from '../store/hub-store';

export const kbArticleInputSchema = z.object({
  id: z.string().min(1).max(200),
  title: z.string().min(1).max(500),
  body: z.string().min(1).max(100_000),
  category: z.string().min(1).max(100),
  language: z.string().min(1).max(20).optional(),
  /** The operator's procedure: ordered steps, each with the facts it needs. */
  steps: procedureStepsSchema.optional(),
  /** How customers ask for it, in their words. */
  askedAs: askedAsSchema.optional(),
});
export const kbImportSchema = z.array(kbArticleInputSchema).max(50_000);
export type KbArticleInput = z.infer<typeof kbArticleInputSchema>;

const kbRows = (articles: KbArticleInput[], now: () => number): KbArticle[] => {
  const at = new Date(now()).toISOString();
  return articles.map((a) => ({
    id: a.id,
    title: a.title,
    body: a.body,
    category: a.category,
    language: a.language ?? 'en',
    updatedAt: at,
    ...(a.steps?.length ? { steps: a.steps } : {}),
    ...(a.askedAs?.length ? { askedAs: a.askedAs } : {}),
  }));
};

/** Stores the articles; answers how many were new or changed. */
export function importKbArticles(store: HubStore, articles: KbArticleInput[], now: () => number = Date.now): Promise<number> {
  return store.upsertKbArticles(kbRows(articles, now));
}

/** importKbArticles on the embedded store, answered at once (RunningHub.importKb on SQLite). */
export function importKbArticlesSync(store: SyncHubStore, articles: KbArticleInput[], now: () => number = Date.now): number {
  return store.upsertKbArticles(kbRows(articles, now));
}

/** Reads and validates a knowledge-base file; the error says which file and which fields are wrong. */
export function readKbFile(file: string): Result<KbArticleInput[]> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const why = e instanceof SyntaxError ? 'it is not valid JSON' : 'it could not be read';
    return fail('invalid', `Cannot import ${file}: ${why}. Give a JSON file holding an array of { id, title, body, category }.`);
  }
  const parsed = parseWith(kbImportSchema, raw, `The knowledge base in ${file}`);
  return parsed.ok ? ok(parsed.value) : parsed;
}
