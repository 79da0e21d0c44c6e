// Incremental knowledge-base sync: asks the hub for articles changed since the newest one cached, and loads the
// seed file into an empty cache so search works before the first sync (and offline).
import { existsSync, readFileSync } from 'node:fs';
import { fail, ok, type Result } from '../../../shared/result';
import type { Logger } from '../../../shared/log';
import type { KbIndex } from './kb-index';

export function loadSeedKb(index: KbIndex, seedFile: string | undefined, logger?: Logger): number {
  if (!seedFile || index.count() > 0 || !existsSync(seedFile)) return 0;
  try {
    const raw = JSON.parse(readFileSync(seedFile, 'utf8')) as unknown;
    const list = Array.isArray(raw) ? raw : Array.isArray((raw as { articles?: unknown }).articles) ? (raw as { articles: unknown[] }).articles : [];
    const n = index.upsert(list);
    logger?.info('kb.seeded', { articles: n });
    return n;
  } catch (e) {
    logger?.warn('kb.seed_failed', { error: e instanceof Error ? e.name : 'unknown' });
    return 0;
  }
}

const PAGE = 5_000;
const MAX_PAGES = 20;

/** Pulls articles changed since the newest cached one, page by page; answers how many were stored. */
export async function syncKb(index: KbIndex, hubUrl: string, token: string, opts: { signal?: AbortSignal; logger?: Logger } = {}): Promise<Result<number>> {
  let total = 0;
  try {
    for (let page = 0; page < MAX_PAGES; page++) {
      const since = index.newestUpdatedAt();
      const url = new URL('/v1/kb/articles', hubUrl);
      if (since) url.searchParams.set('since', since);
      url.searchParams.set('limit', String(PAGE));
      const res = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: opts.signal ? AbortSignal.any([opts.signal, AbortSignal.timeout(15_000)]) : AbortSignal.timeout(15_000) });
      if (!res.ok) return fail('kb_sync', `The hub answered ${res.status} to the knowledge-base sync; search uses the cached articles.`);
      const body = (await res.json()) as unknown;
      // The hub answers { articles: [...] }; anything else stores nothing.
      const articles = (body as { articles?: unknown } | null)?.articles;
      const list = Array.isArray(articles) ? (articles as unknown[]) : [];
      total += index.upsert(list);
      if (list.length < PAGE) break;
    }
    opts.logger?.info('kb.synced', { articles: total });
    return ok(total);
  } catch (e) {
    return fail('kb_sync', `The knowledge base could not be synced (${e instanceof Error ? e.name : 'error'}); search uses the cached articles.`);
  }
}
