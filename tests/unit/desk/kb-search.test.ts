import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src/main/services/cache/open-database';
import { createKbIndex, type KbIndex } from '../../../src/main/services/kb/kb-index';
import { tempDir } from './temp-dir';

let db: Db;
let kb: KbIndex;
let cleanup: () => void;

const articles = [
  { id: 'refund-policy', title: 'Refund policy', body: 'Customers can ask for a refund within 30 days of delivery. Issue the refund to the original card.', category: 'billing', language: 'en', updatedAt: '2026-01-01T00:00:00.000Z' },
  { id: 'late-delivery', title: 'Late delivery', body: 'When a parcel is late, check the carrier tracking and offer a refund of the shipping fee.', category: 'orders', language: 'en', updatedAt: '2026-01-02T00:00:00.000Z' },
  { id: 'password-reset', title: 'Password reset', body: 'Send the reset link from the account page. Links expire after one hour.', category: 'account', language: 'en', updatedAt: '2026-01-03T00:00:00.000Z' },
  { id: 'remboursement', title: 'Politique de remboursement', body: 'Le client peut demander un remboursement sous 30 jours.', category: 'billing', language: 'fr', updatedAt: '2026-01-04T00:00:00.000Z' },
  { id: 'marker', title: 'Odd \u0002text\u0003', body: 'Body with \u0002markers\u0003 that must not leak.', category: 'misc', language: 'en', updatedAt: '2026-01-05T00:00:00.000Z' },
];

beforeAll(() => {
  const t = tempDir();
  cleanup = t.cleanup;
  db = openDatabase(join(t.dir, 'desk.db'));
  kb = createKbIndex(db);
  expect(kb.upsert([...articles, { id: '', title: 'invalid' }])).toBe(articles.length);
});
afterAll(() => {
  db.close();
  cleanup();
});

const text = (segments: { text: string }[]) => segments.map((s) => s.text).join('');

describe('knowledge-base search', () => {
  it('ranks a title match above a body-only match', () => {
    const hits = kb.search('refund');
    expect(hits.map((h) => h.id).slice(0, 2)).toEqual(['refund-policy', 'late-delivery']);
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
  });

  it('matches the last word as a prefix while the agent types', () => {
    expect(kb.search('passw').map((h) => h.id)).toEqual(['password-reset']);
    expect(kb.search('reset li').map((h) => h.id)).toEqual(['password-reset']);
  });

  it('finds partial words inside words through the trigram index', () => {
    expect(kb.search('fund').map((h) => h.id)).toContain('refund-policy');
    expect(kb.search('boursem').map((h) => h.id)).toEqual(['remboursement']);
  });

  it('returns snippets as segments with the matched words marked, never HTML or markers', () => {
    const [hit] = kb.search('carrier');
    expect(hit?.id).toBe('late-delivery');
    expect(hit!.snippet.filter((s) => s.hit).map((s) => s.text.toLowerCase())).toEqual(['carrier']);
    expect(text(hit!.snippet)).toContain('check the carrier tracking');
    const odd = kb.search('markers')[0]!;
    expect(text(odd.snippet)).not.toContain('\u0002');
    expect(text(odd.snippet)).not.toContain('\u0003');
    expect(kb.get('marker')!.title).toBe('Odd text');
  });

  it('filters by category and language', () => {
    expect(kb.search('refund', { category: 'orders' }).map((h) => h.id)).toEqual(['late-delivery']);
    expect(kb.search('30', { language: 'fr' }).map((h) => h.id)).toEqual(['remboursement']);
    expect(kb.search('', { category: 'account' }).map((h) => h.id)).toEqual(['password-reset']);
  });

  it('treats hostile query strings as words instead of FTS syntax', () => {
    for (const q of ['"foo OR bar*', 'NEAR(refund', 'title:refund', '*', '"', 'refund" OR "x', ')(', '-refund', 'AND', '^refund', "'; DROP TABLE kb_articles; --"]) {
      expect(() => kb.search(q)).not.toThrow();
    }
    expect(kb.search('title:refund').map((h) => h.id)).toContain('refund-policy');
    expect(kb.count()).toBe(articles.length);
  });

  it('updates an article in place and reports the newest updatedAt for the next sync', () => {
    kb.upsert([{ ...articles[2]!, title: 'Passcode reset', updatedAt: '2026-02-01T00:00:00.000Z' }]);
    expect(kb.search('passcode').map((h) => h.id)).toEqual(['password-reset']);
    // The old title's word left the index (and the cached vocabulary): it is now only a typo of 'passcode'.
    expect(kb.plan('password').rewrites).toEqual({ password: 'passcod' });
    expect(kb.newestUpdatedAt()).toBe('2026-02-01T00:00:00.000Z');
  });
});
