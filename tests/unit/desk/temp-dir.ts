// Temp folders for tests that use a real SQLite file, and a desk cache in one holding a conversation.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDeskCache, type DeskCache } from '../../../src/main/services/cache/desk-cache';
import { openDatabase } from '../../../src/main/services/cache/open-database';
import type { Message } from '../../../src/shared/domain/conversation';

export function tempDir(prefix = 'baton-desk-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A desk cache on a real SQLite file in a temp folder, holding conversation h1 with `messages`; `cleanups`
 * receives what closes and removes it.
 */
export function cacheWithConversation(cleanups: (() => void)[], messages: Message[] = []): DeskCache {
  const t = tempDir();
  const db = openDatabase(join(t.dir, 'desk.db'));
  cleanups.push(() => {
    db.close();
    t.cleanup();
  });
  const cache = createDeskCache(db);
  cache.upsertConversation({
    handoffId: 'h1', conversationId: 'c1', status: 'active', customer: { id: 'cust' }, reason: { trigger: 'other' },
    queue: 'general', skills: [], createdAt: '2026-01-01T00:00:00.000Z', priority: 0, expectations: [], messages,
  });
  return cache;
}
