// Tells the bot's callbackUrl what happened to a hand-off (accepted, completed, failed). Fire and forget with a
// short timeout: a slow or broken callback never delays or blocks the state change it reports.
import type { Logger } from '../../shared/log';
import type { HandoffRecord } from '../store/hub-store';
import type { HandoffOutcome } from '../routing/handoff-router';
import { handoffStatusActivity } from '../botframework/map-activity';
import { checkCallbackUrl, parseCallbackAllow, type CallbackAllowList } from './callback-guard';

export function createStatusCallback(opts: { logger: Logger; timeoutMs?: number; now?: () => number; allow?: CallbackAllowList }): {
  notify(h: HandoffRecord, status: HandoffOutcome): void;
  idle(): Promise<void>;
} {
  const inFlight = new Set<Promise<void>>();
  const timeoutMs = opts.timeoutMs ?? 3_000;
  const now = opts.now ?? Date.now;
  const allow = opts.allow ?? parseCallbackAllow();
  return {
    notify(h, status) {
      if (!h.callbackUrl) return;
      const at = new Date(now());
      const body =
        h.source === 'botframework'
          ? handoffStatusActivity({ conversationId: h.conversationId, state: status, at })
          : { type: 'handoff.status', handoffId: h.id, conversationId: h.conversationId, status, at: at.toISOString() };
      const target = h.callbackUrl;
      // Checked again at send time: the name may resolve elsewhere now, or the hand-off predates the check.
      const p = checkCallbackUrl(target, allow)
        .then((checked) => {
          if (!checked.ok) {
            opts.logger.warn('callback.refused', { handoffId: h.id, reason: 'internal_address' });
            return undefined;
          }
          return fetch(target, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
            // A bot-supplied address must not bounce the hub's request somewhere else (e.g. an internal host).
            redirect: 'manual',
            signal: AbortSignal.timeout(timeoutMs),
          }).then((res) => {
            if (!res.ok) opts.logger.warn('callback.rejected', { handoffId: h.id, status: res.status });
            return res.body?.cancel();
          });
        })
        .catch((e: unknown) => opts.logger.warn('callback.failed', { handoffId: h.id, error: e instanceof Error ? e.name : 'unknown' }))
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
    },
    async idle() {
      await Promise.allSettled([...inFlight]);
    },
  };
}
