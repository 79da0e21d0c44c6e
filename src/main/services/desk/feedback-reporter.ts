// Sends the agent's suggestion feedback (inserted, edited, dismissed...) recorded in the cache to the hub, oldest
// first, marking each row reported once the hub answered for good. Offline or a timeout leaves the rest for the
// next run (the link coming online starts one).
import type { HubLink } from '../link/hub-link';
import type { DeskCore } from './desk-parts';

export interface FeedbackReporter {
  report(): Promise<void>;
  /** The run in flight, for stop() to wait on. */
  running(): Promise<void> | undefined;
}

export function createFeedbackReporter(core: Pick<DeskCore, 'cache' | 'logger' | 'lifetime'>, link: () => HubLink | undefined): FeedbackReporter {
  const { cache, logger, lifetime } = core;
  // One report run at a time: a second caller (a new rating while going online) would otherwise send the same
  // unreported rows twice. A call during a run asks for one more pass, so nothing recorded meanwhile waits.
  let reporting: Promise<void> | undefined;
  let reportAgain = false;

  async function reportOnce(): Promise<void> {
    for (const f of cache.unreportedFeedback()) {
      const current = link();
      if (!current?.isOnline()) return;
      const r = await current.request<null>('suggestion.feedback', { handoffId: f.handoffId, suggestionId: f.suggestionId, action: f.action, ...(f.provider ? { provider: f.provider } : {}) });
      // Stopped meanwhile: the database is closing; the row stays unreported and goes out next time.
      if (lifetime.stopped()) return;
      // Anything but offline/timeout is final (e.g. the hub does not know the conversation any more).
      if (r.ok || (r.error.code !== 'offline' && r.error.code !== 'timeout')) cache.markFeedbackReported(f.id);
      else return;
    }
  }

  return {
    report() {
      if (reporting) {
        reportAgain = true;
        return reporting;
      }
      reporting = (async () => {
        do {
          reportAgain = false;
          await reportOnce();
        } while (reportAgain && !lifetime.stopped());
      })()
        .catch((e: unknown) => logger.warn('feedback.report_failed', { error: e instanceof Error ? e.name : 'unknown' }))
        .finally(() => {
          reporting = undefined;
        });
      return reporting;
    },
    running: () => reporting,
  };
}
