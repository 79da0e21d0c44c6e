import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src/main/services/cache/open-database';
import { createKbIndex, type KbIndex } from '../../../src/main/services/kb/kb-index';
import { applySynonyms, editDistance, planQuery, buildVocabulary } from '../../../src/main/services/kb/fts-query';
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

  it('plans against an empty vocabulary without rewriting', () => {
    const plan = planQuery('refund', { vocab: buildVocabulary([]), synonyms: [], typing: false });
    expect(plan.match).toBe('"refund"');
  });
});
