import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src/main/services/cache/open-database';
import { boundedPlan, createKbIndex, type KbIndex } from '../../../src/main/services/kb/kb-index';
import { applySynonyms, editDistance, planQuery, buildVocabulary, nearestTerm } from '../../../src/main/services/kb/fts-query';
import { loadSynonyms } from '../../../src/main/services/kb/synonyms';
import { tempDir } from './temp-dir';

let db: Db;
let kb: KbIndex;
let cleanup: () => void;
const synonyms = loadSynonyms(resolve(import.meta.dirname, '../../../resources/kb/synonyms.json'));

const at = '2026-01-01T00:00:00.000Z';
const articles = [
  { id: 'refund-timing', title: 'When will my refund arrive?', body: 'Refunds reach the original card within 5 working days after the return is inspected.', category: 'billing' },
  { id: 'late-delivery', title: 'Late delivery', body: 'When a parcel is delayed, check the carrier tracking page and offer to wait two more days.', category: 'delivery' },
  { id: 'password-reset', title: 'Reset a password', body: 'Send the reset link from the account page. Links expire after one hour.', category: 'account' },
  { id: 'promo-codes', title: 'Promo code not working', body: 'Codes are case sensitive and expire at midnight; one code per order.', category: 'promotions' },
  { id: 'cancel-order', title: 'Cancel an order', body: 'Orders can be cancelled until they are dispatched from the warehouse.', category: 'orders' },
].map((a) => ({ ...a, language: 'en', updatedAt: at }));

beforeAll(() => {
  const t = tempDir();
  cleanup = t.cleanup;
  db = openDatabase(join(t.dir, 'desk.db'));
  kb = createKbIndex(db, { synonyms });
  kb.upsert(articles);
});
afterAll(() => {
  db.close();
  cleanup();
});
const ids = (q: string, mode?: 'typing' | 'text') => kb.search(q, { ...(mode ? { mode } : {}) }).map((h) => h.id);

describe('knowledge-base query pipeline', () => {
  it('rewrites an unknown word to the nearest indexed term, from the cached vocabulary', () => {
    expect(kb.plan('refnud', 'text').rewrites).toEqual({ refnud: 'refund' });
    expect(ids('refnud status', 'text')[0]).toBe('refund-timing');
    expect(ids('pasword reset', 'text')[0]).toBe('password-reset');
    expect(ids('delivary', 'text')[0]).toBe('late-delivery');
    // Too far from anything indexed: no rewrite, no hit.
    expect(kb.plan('zzzzqqq', 'text').match).toBeUndefined();
    expect(editDistance('refund', 'refnud', 2)).toBe(1);
    expect(editDistance('refund', 'rfund', 2)).toBe(1);
    expect(editDistance('refund', 'rafnud', 2)).toBe(2);
    expect(editDistance('refund', 'rfeund', 2)).toBe(1);
  });

  it('stems words, so plurals and tenses find the article', () => {
    expect(ids('refunds', 'text')[0]).toBe('refund-timing');
    expect(ids('cancelling orders', 'text')[0]).toBe('cancel-order');
  });

  it('applies the operator-editable synonym table: customers’ words find the articles’ words', () => {
    expect(synonyms.length).toBeGreaterThan(20);
    expect(applySynonyms(['i', 'want', 'my', 'money', 'back'], synonyms)).toContain('refund');
    expect(ids('I want my money back', 'text')[0]).toBe('refund-timing');
    expect(ids('my discount coupon gets refused', 'text')[0]).toBe('promo-codes');
    // Without the table the same words find nothing about refunds.
    const bare = createKbIndex(db);
    expect(bare.search('I want my money back', { mode: 'text' }).map((h) => h.id)).not.toContain('refund-timing');
  });

  it('drops stop words and ORs the rest, ranking the title above the body', () => {
    const plan = kb.plan('where is the tracking for my parcel', 'text');
    expect(plan.match).toBe('"tracking" OR "parcel"');
    expect(ids('where is the tracking for my parcel', 'text')[0]).toBe('late-delivery');
    // OR: one unknown-to-this-article word does not hide it.
    expect(ids('promo midnight unicorn', 'text')[0]).toBe('promo-codes');
    // Only stop words: searched as they are rather than returning nothing silently.
    expect(() => kb.search('the and of')).not.toThrow();
  });

  it('expands the word being typed as a prefix, and stops when the agent types a space', () => {
    expect(ids('passw')).toEqual(['password-reset']);
    expect(ids('promo co')[0]).toBe('promo-codes');
    expect(ids('refu')[0]).toBe('refund-timing');
    expect(kb.plan('refu').match).toContain('"refund"');
    expect(kb.plan('refu').rewrites).toEqual({});
    // In a transcript (or after a space) the last word is whole: a typo, not a prefix.
    expect(kb.plan('refu ', 'typing').match).toBeUndefined();
    expect(ids('warehous', 'text')).toEqual(['cancel-order']);
  });

  it('treats quoted input and FTS5 syntax typed by a user as plain words', () => {
    const hostile = ['"refund', 'refund"', '"late delivery"', 'NEAR(refund late)', 'title:refund', 'refund*', '-refund', 'refund AND OR NOT', '^refund', '{title body}: refund', "'; DROP TABLE kb_articles; --", '""""', '(', '*'];
    for (const q of hostile) {
      expect(() => kb.search(q)).not.toThrow();
      expect(() => kb.search(q, { mode: 'text' })).not.toThrow();
    }
    expect(ids('"late delivery"')[0]).toBe('late-delivery');
    expect(ids('title:refund')[0]).toBe('refund-timing');
    expect(ids('NEAR(refund')[0]).toBe('refund-timing');
    expect(kb.plan('refund" OR "x').match).not.toContain('OR "x"*');
    expect(kb.count()).toBe(articles.length);
  });

  it('finds the same nearest term through the deletion neighbourhood as a scan of the whole vocabulary', () => {
    const terms = ['refund', 'return', 'retur', 'deliveri', 'deliv', 'courier', 'carrier', 'password', 'passport', 'voucher', 'vouch', 'parcel', 'pared', 'warehous', 'wareh', 'dispatch', 'dispute'];
    const vocab = buildVocabulary(terms.map((term, i) => ({ term, doc: 10 + i })));
    // Reference: fewest edits (OSA), then the most documents; one edit up to 7 letters, two from 8.
    const reference = (w: string) => {
      const max = w.length < 4 ? 0 : w.length < 8 ? 1 : 2;
      let best: string | undefined;
      let bestKey = [max + 1, 0];
      for (const [i, t] of terms.entries()) {
        const d = editDistance(w, t, max);
        if (d <= max && (d < bestKey[0]! || (d === bestKey[0] && 10 + i > bestKey[1]!))) [best, bestKey] = [t, [d, 10 + i]];
      }
      return best;
    };
    const typos = ['refnud', 'rfund', 'refundd', 'reutrn', 'retrun', 'delivvery', 'dleivery', 'couier', 'carier', 'pasword', 'passwrod', 'vuocher', 'parcle', 'dispach', 'dispuet', 'xyzzyq', 'warehuose'];
    for (const w of typos) expect([w, nearestTerm(w, vocab)]).toEqual([w, reference(w)]);
  });

  it('plans against an empty vocabulary without rewriting', () => {
    const plan = planQuery('refund', { vocab: buildVocabulary([]), synonyms: [], typing: false });
    expect(plan.match).toBe('"refund"');
  });
});

describe('the bounded plan, for queries whose words match too many articles to rank every match', () => {
  // Budget 1: any word found in more than one article counts as common, as most words do at 50,000 articles.
  let bounded: KbIndex;
  beforeAll(() => {
    bounded = createKbIndex(db, { synonyms, exactBudget: 1 });
  });
  const bids = (q: string, mode?: 'typing' | 'text') => bounded.search(q, { ...(mode ? { mode } : {}) }).map((h) => h.id);

  it('asks for every typed word in the title, every word anywhere when one is rare, two of three in the title, the rarer words anywhere, then in a title', () => {
    const groups = [
      { phrases: [{ q: '"rare"', df: 10 }], optional: false },
      { phrases: [{ q: '"common"', df: 30_000 }, { q: '"commoner"', df: 40_000 }], optional: false },
      { phrases: [{ q: '"synonym"', df: 20 }], optional: true },
    ];
    expect(boundedPlan(groups, 100)).toEqual([
      { q: '"rare" AND ("common" OR "commoner")', in: 'title' },
      { q: '"rare" AND ("common" OR "commoner")', in: 'body' },
      { q: '"rare" OR "synonym"', in: 'body' },
      // The last query takes the rarer phrases only, so it is bounded too.
      { q: '"rare" OR "synonym"', in: 'title' },
    ]);
    // Only common words: no query over the body at all.
    expect(boundedPlan([groups[1]!], 100)).toEqual([{ q: '("common" OR "commoner")', in: 'title' }]);
    // Three typed words: any two of them in the title, before the any-word query.
    const three = ['"a"', '"b"', '"c"'].map((q) => ({ phrases: [{ q, df: 50_000 }], optional: false }));
    expect(boundedPlan(three, 100)).toEqual([
      { q: '"a" AND "b" AND "c"', in: 'title' },
      { q: '("a" AND "b") OR ("a" AND "c") OR ("b" AND "c")', in: 'title' },
      { q: '"a"', in: 'title' },
    ]);
  });

  it('finds the same first article as the exact ranking, with the body snippet marked', () => {
    for (const [q, id] of [['late delivery', 'late-delivery'], ['refund', 'refund-timing'], ['carrier tracking', 'late-delivery'], ['promo midnight unicorn', 'promo-codes']] as const) {
      expect(bids(q, 'text')[0]).toBe(id);
      expect(ids(q, 'text')[0]).toBe(id);
    }
    // Found through the title index, the snippet is the word index's, the same as the exact ranking's, word marked.
    const [hit] = bounded.search('carrier', { mode: 'text' });
    expect(hit!.snippet.filter((seg) => seg.hit).map((seg) => seg.text.toLowerCase())).toEqual(['carrier']);
    const [viaTitle] = bounded.search('refund', { mode: 'text' });
    expect(viaTitle!.snippet).toEqual(kb.search('refund', { mode: 'text' })[0]!.snippet);
    expect(viaTitle!.snippet.some((seg) => seg.hit)).toBe(true);
    const scores = bounded.search('refund card delivery', { mode: 'text' }).map((h) => h.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('keeps prefixes, typos, synonyms and FTS5 syntax typed by a user working', () => {
    expect(bids('passw')).toEqual(['password-reset']);
    expect(bids('promo co')[0]).toBe('promo-codes');
    expect(bids('pasword reset', 'text')[0]).toBe('password-reset');
    expect(bids('I want my money back', 'text')[0]).toBe('refund-timing');
    for (const q of ['"refund', '"late delivery"', 'NEAR(refund late)', 'title:refund', 'refund*', '-refund', 'refund AND OR NOT', '{title body}: refund', '(', '*'])
      expect(() => bounded.search(q)).not.toThrow();
    expect(bids('"late delivery"')[0]).toBe('late-delivery');
    expect(bids('NEAR(refund')[0]).toBe('refund-timing');
    expect(bids('title:refund')[0]).toBe('refund-timing');
  });

  it('keeps the title index in step with updates and deletions', () => {
    bounded.upsert({ ...articles[4]!, title: 'Stop an order before dispatch' });
    expect(bids('stop order', 'text')[0]).toBe('cancel-order');
    expect(db.prepare("SELECT count(*) AS n FROM kb_title_fts WHERE kb_title_fts MATCH 'cancel'").get()).toEqual({ n: 0 });
    bounded.upsert(articles[4]!);
    expect(db.prepare("SELECT count(*) AS n FROM kb_title_fts WHERE kb_title_fts MATCH 'cancel'").get()).toEqual({ n: 1 });
    db.prepare("DELETE FROM kb_articles WHERE id = 'cancel-order'").run();
    expect(db.prepare("SELECT count(*) AS n FROM kb_title_fts WHERE kb_title_fts MATCH 'cancel'").get()).toEqual({ n: 0 });
    bounded.upsert(articles[4]!);
    kb.refresh();
  });
});

describe('bulk indexing of a big batch', () => {
  it('rebuilds the full-text indexes from the table, then puts the triggers back as they were', () => {
    const t = tempDir();
    const bulkDb = openDatabase(join(t.dir, 'bulk.db'));
    try {
      const index = createKbIndex(bulkDb);
      const triggerSql = () => bulkDb.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'kb_articles' ORDER BY name").all();
      const before = triggerSql();
      const many = Array.from({ length: 1200 }, (_, i) => ({ id: `bulk-${i}`, title: `Article ${i} about lockers`, body: `Body ${i} mentions parcels and ${i % 2 ? 'couriers' : 'vouchers'}.`, category: 'delivery', language: 'en', updatedAt: at }));
      expect(index.upsert(many)).toBe(1200);
      expect(triggerSql()).toEqual(before);
      expect(index.count()).toBe(1200);
      expect(index.search('vouchers', { mode: 'text', limit: 50 })).toHaveLength(50);
      // Replaced in a second big batch: the old words are gone from every index, the new ones found.
      expect(index.upsert(many.map((a) => ({ ...a, title: `Renamed ${a.id}`, body: 'Nothing about the old words.' })))).toBe(1200);
      expect(index.search('vouchers', { mode: 'text' })).toEqual([]);
      expect(index.search('lockers', { mode: 'text' })).toEqual([]);
      expect(index.search('renamed', { mode: 'text' })).toHaveLength(10);
      const count = (table: string, q: string) => (bulkDb.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${table} MATCH ?`).get(q) as { n: number }).n;
      expect([count('kb_fts', 'lockers'), count('kb_title_fts', 'lockers'), count('kb_title_trigram', 'lockers')]).toEqual([0, 0, 0]);
      // The triggers work again for small changes afterwards.
      index.upsert({ id: 'one', title: 'Customs forms', body: 'Declare the value.', category: 'delivery' });
      expect(index.search('customs', { mode: 'text' }).map((h) => h.id)).toEqual(['one']);
      bulkDb.prepare("DELETE FROM kb_articles WHERE id = 'one'").run();
      expect(count('kb_fts', 'customs')).toBe(0);
    } finally {
      bulkDb.close();
      t.cleanup();
    }
  });
});
