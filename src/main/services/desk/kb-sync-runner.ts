// Pulls knowledge-base changes from the hub into the desk's index, one sync at a time: a caller arriving during
// one shares its result. Runs when the link comes online and when asked (DeskService.syncKnowledgeBase).
import type { Logger } from '../../../shared/log';
import { fail, type Result } from '../../../shared/result';
import type { KbIndex } from '../kb/kb-index';
import { syncKb } from '../kb/kb-sync';
import type { DeskLifetime } from './desk-parts';

export interface KbSyncRunner {
  /** Articles changed, or why not (no token, the hub refused or was unreachable). */
  sync(): Promise<Result<number>>;
  /** The sync in flight, for stop() to wait on. */
  running(): Promise<unknown> | undefined;
}

export function createKbSyncRunner(deps: {
  kb: KbIndex;
  hubUrl: () => string;
  token: () => string | undefined;
  logger: Logger;
  lifetime: DeskLifetime;
}): KbSyncRunner {
  let kbSync: Promise<Result<number>> | undefined;
  return {
    sync() {
      const token = deps.token();
      if (!token) return Promise.resolve(fail('no_token', 'No agent token: set one in Settings to sync the knowledge base.'));
      kbSync ??= syncKb(deps.kb, deps.hubUrl(), token, { logger: deps.logger, signal: deps.lifetime.signal() })
        .then((r) => {
          if (!r.ok) deps.logger.warn('kb.sync_failed', { code: r.error.code });
          return r;
        })
        .finally(() => {
          kbSync = undefined;
        });
      return kbSync;
    },
    running: () => kbSync,
  };
}
