// Procedures in the knowledge-base import format: validated at import, stored by the hub (migration 4), served
// with the articles, and kept by the desk's cache (migration 4) for the assist engine.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importKbArticlesSync as importKbArticles, readKbFile, type KbArticleInput } from '../../../src/hub/kb/kb-import';
import { createSqliteStoreSync } from '../../../src/hub/store/sqlite-store';
import { openDatabase } from '../../../src/main/services/cache/open-database';
import { createKbIndex } from '../../../src/main/services/kb/kb-index';

const dirs: string[] = [];
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'baton-kbproc-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const article: KbArticleInput & { steps: NonNullable<KbArticleInput['steps']> } = {
  id: 'kb-cancel',
  title: 'Cancel an order',
  body: 'Orders can be cancelled until dispatch.',
  category: 'orders',
  askedAs: ['please cancel my order'],
  steps: [
    { id: 'verify', text: 'Pull up the order.', doneWhenKnown: ['order.id'], verification: true },
    { id: 'cancel', text: 'Cancel it.', reply: 'I have cancelled order {order.id}.', when: { fact: 'order.status', notMatches: 'shipped|delivered' } },
  ],
};

describe('knowledge-base procedures', () => {
  it('are imported, stored and served with the article; a change to the steps alone is a change', () => {
    const store = createSqliteStoreSync(join(temp(), 'hub.db'));
    let t = Date.parse('2026-11-01T00:00:00.000Z');
    expect(importKbArticles(store, [article], () => t)).toBe(1);
    const [stored] = store.kbArticlesSince(undefined, 10);
    expect(stored?.steps?.map((s) => s.id)).toEqual(['verify', 'cancel']);
    expect(stored?.steps?.[1]?.when).toEqual({ fact: 'order.status', notMatches: 'shipped|delivered' });
    expect(stored?.askedAs).toEqual(['please cancel my order']);

    t += 60_000;
    expect(importKbArticles(store, [article], () => t)).toBe(0);
    const changed = { ...article, steps: [...article.steps, { id: 'confirm', text: 'Confirm the refund timing.' }] };
    expect(importKbArticles(store, [changed], () => t)).toBe(1);
    expect(store.kbArticlesSince(stored?.updatedAt, 10)[0]?.steps).toHaveLength(3);
    store.close();
  });

  it('refuses a file whose steps are malformed, naming what is wrong', () => {
    const dir = temp();
    const bad = [
      { ...article, steps: [{ id: 'a', text: 'One' }, { id: 'a', text: 'Two' }] },
      { ...article, id: 'kb-2', steps: [{ id: 'x', text: 'Do', needs: ['order.colour'] }] },
      { ...article, id: 'kb-3', steps: [{ id: 'x', text: 'Do', when: { fact: 'order.status', matches: '(' } }] },
    ];
    for (const [i, a] of bad.entries()) {
      const file = join(dir, `bad-${i}.json`);
      writeFileSync(file, JSON.stringify([a]));
      const r = readKbFile(file);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toMatch(/steps/);
    }
  });

  it('are kept by the desk cache and read back by the assist engine', () => {
    const db = openDatabase(join(temp(), 'desk.db'));
    const index = createKbIndex(db);
    expect(index.upsert([{ ...article, updatedAt: '2026-11-01T00:00:00.000Z' }, { id: 'kb-plain', title: 'Plain', body: 'No steps.', category: 'policy' }])).toBe(2);
    expect(index.get('kb-cancel')?.steps?.map((s) => s.id)).toEqual(['verify', 'cancel']);
    expect(index.get('kb-plain')?.steps).toBeUndefined();
    expect(index.list().map((a) => a.id)).toEqual(['kb-cancel', 'kb-plain']);
    const before = index.revision();
    index.upsert({ ...article, steps: article.steps.slice(0, 1), updatedAt: '2026-11-02T00:00:00.000Z' });
    expect(index.revision()).not.toBe(before);
    expect(index.get('kb-cancel')?.steps).toHaveLength(1);
    db.close();
  });
});
