// A tiny KbLookup for assist tests: term-overlap scoring over the seed knowledge base (resources/seed/kb.json),
// or a few inline articles when the seed file is not there. The real index lives in the desk services.
import fs from 'node:fs';
import path from 'node:path';
import type { KbArticle, KbHit, KbLookup } from '../../../src/shared/domain/assist';

export const INLINE_ARTICLES: KbArticle[] = [
  {
    id: 'kb-returns',
    title: 'Returns and refunds policy',
    body: 'Customers can return items within the 30-day return window after delivery. Send a prepaid return label; the refund goes to the original payment method once the return is scanned.',
    category: 'returns',
    language: 'en',
    updatedAt: '2026-10-01T00:00:00Z',
  },
  {
    id: 'kb-late-delivery',
    title: 'Late or delayed delivery',
    body: 'Check the tracking with the carrier. Apologise for the delay and offer a refund of the shipping cost when the delivery is late.',
    category: 'shipping',
    language: 'en',
    updatedAt: '2026-10-01T00:00:00Z',
  },
  {
    id: 'kb-duplicate-charge',
    title: 'Duplicate charge on a card',
    body: 'When a customer was charged twice, confirm the duplicate charge in billing and refund it. Pending authorisations drop off after a few days.',
    category: 'billing',
    language: 'en',
    updatedAt: '2026-10-01T00:00:00Z',
  },
  {
    id: 'kb-password-reset',
    title: 'Password reset and two-factor',
    body: 'Send a password reset link to the email on file. If the customer lost their two-factor device, start 2FA recovery.',
    category: 'account',
    language: 'en',
    updatedAt: '2026-10-01T00:00:00Z',
  },
];

export function seedArticles(): KbArticle[] {
  const file = path.resolve(import.meta.dirname, '../../../resources/seed/kb.json');
  if (!fs.existsSync(file)) return INLINE_ARTICLES;
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  const list = Array.isArray(parsed) ? parsed : (parsed as { articles?: unknown }).articles;
  return Array.isArray(list) && list.length > 0 ? (list as KbArticle[]) : INLINE_ARTICLES;
}

const STOP = new Set(['the', 'and', 'for', 'you', 'your', 'with', 'this', 'that', 'was', 'are', 'has', 'have', 'not', 'can', 'but', 'after', 'when', 'from', 'they', 'their', 'what', 'want', 'please', 'still']);
const terms = (text: string) => new Set((text.toLowerCase().match(/[a-z0-9]{3,}/g) ?? []).filter((t) => !STOP.has(t)));

export function createInMemoryKb(articles: KbArticle[] = INLINE_ARTICLES): KbLookup & { searches: string[] } {
  const searches: string[] = [];
  return {
    searches,
    search(query, opts = {}) {
      searches.push(query);
      const wanted = terms(query);
      const hits: KbHit[] = [];
      for (const article of articles) {
        if (opts.category && article.category !== opts.category) continue;
        if (opts.language && article.language !== opts.language) continue;
        const titleTerms = terms(article.title);
        const bodyTerms = terms(article.body);
        let score = 0;
        for (const t of wanted) score += (titleTerms.has(t) ? 2 : 0) + (bodyTerms.has(t) ? 1 : 0);
        if (score === 0) continue;
        const words = article.body.split(/(\s+)/);
        hits.push({
          id: article.id,
          title: article.title,
          category: article.category,
          language: article.language,
          snippet: words.slice(0, 30).map((w) => ({ text: w, hit: wanted.has(w.toLowerCase().replace(/[^a-z0-9]/g, '')) })),
          score,
        });
      }
      return hits.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id)).slice(0, opts.limit ?? 5);
    },
    get: (id) => articles.find((a) => a.id === id),
  };
}
