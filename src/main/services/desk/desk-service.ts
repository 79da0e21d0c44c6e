// Baton Desk's services behind the DeskApi contract: the SQLite cache, the hub link with its outbox, the
// knowledge base and the assist engine. Electron-free: the Electron host and the browser host both run this and
// only carry its requests and events. This file wires the parts and owns start and stop; each concern is its own
// module: hub-event-reducer (hub events into the cache), reply-outbox (replies on their way), hub-session (the
// sign-in and its link), kb-sync-runner, feedback-reporter, assist-coordinator, desk-handlers (the DeskApi).
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AssistEngine, KbLookup } from '../../../shared/domain/assist';
import type { DeskApiHandlers, DeskEventSink } from '../../../shared/desk-api/contract';
import { createLogger, type Logger } from '../../../shared/log';
import type { Result } from '../../../shared/result';
import { createDeskCache } from '../cache/desk-cache';
import { openDatabase } from '../cache/open-database';
import { createKbIndex } from '../kb/kb-index';
import { loadSynonyms } from '../kb/synonyms';
import { loadSeedKb } from '../kb/kb-sync';
import type { HubLink } from '../link/hub-link';
import { createSupervisorQueries } from '../supervisor/supervisor-queries';
import { createAssistCoordinator } from './assist-coordinator';
import { createDeskHandlers } from './desk-handlers';
import type { DeskCore, DeskLifetime } from './desk-parts';
import { createDeskSettings, type AssistConfig } from './desk-settings';
import { createFeedbackReporter } from './feedback-reporter';
import { createHubEventReducer } from './hub-event-reducer';
import { createHubSession } from './hub-session';
import { createKbSyncRunner } from './kb-sync-runner';
import { createReplyOutbox } from './reply-outbox';
import type { SecretStore } from './secret-store';

/** Builds the assist engine once; it reads the live assist settings on every call, so a change needs no rebuild. */
export type AssistEngineFactory = (deps: { kb: KbLookup; settings: () => AssistConfig; logger: Logger }) => AssistEngine;

export interface DeskServiceOptions {
  dataDir: string;
  host: 'electron' | 'browser';
  events: DeskEventSink;
  secrets: SecretStore;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  assist?: AssistEngine | AssistEngineFactory;
  /** Loaded into an empty knowledge base; defaults to resources/seed/kb.json under the working directory. */
  seedKbFile?: string;
  /** The operator-editable synonym table for KB search; defaults to resources/kb/synonyms.json. */
  synonymsFile?: string;
  /** Link timings; tests shorten them. */
  link?: { reconnectDelayMs?: number; reconnectDelayMaxMs?: number; requestTimeoutMs?: number };
}

export interface DeskService {
  handlers: DeskApiHandlers;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The knowledge base, for the assist engine and the quick-search window. */
  kb: KbLookup;
  /** The current hub link: undefined before start() and after stop(); without a token it exists and stays offline. */
  readonly link: HubLink | undefined;
  /** Pulls knowledge-base changes from the hub now (it also happens each time the link comes online). */
  syncKnowledgeBase(): Promise<Result<number>>;
}

export function createDeskService(opts: DeskServiceOptions): DeskService {
  const logger = (opts.logger ?? createLogger('desk')).child('service');
  const env = opts.env ?? process.env;
  mkdirSync(opts.dataDir, { recursive: true });
  const db = openDatabase(join(opts.dataDir, 'desk.db'), { logger });
  const cache = createDeskCache(db);
  const kb = createKbIndex(db, { synonyms: loadSynonyms(opts.synonymsFile ?? resolve(process.cwd(), 'resources/kb/synonyms.json'), logger.child('kb')) });
  const settings = createDeskSettings(cache, opts.secrets, env, opts.host);

  let stopped = false;
  let controller = new AbortController();
  const lifetime: DeskLifetime = { stopped: () => stopped, signal: () => controller.signal };
  const core: DeskCore = { cache, emit: opts.events, logger, lifetime };

  const buildAssist = (): AssistEngine | undefined => {
    if (!opts.assist) return undefined;
    if (typeof opts.assist !== 'function') return opts.assist;
    try {
      return opts.assist({ kb, settings: () => settings.assist(), logger: logger.child('assist') });
    } catch (e) {
      logger.error('assist.create_failed', { error: e instanceof Error ? e.name : 'unknown' });
      return undefined;
    }
  };
  const assist = createAssistCoordinator(core, { assist: buildAssist(), kb });
  const supervisorQueries = createSupervisorQueries({
    hubUrl: () => settings.hubUrl(),
    token: () => settings.agentToken(),
    signal: lifetime.signal,
    logger: logger.child('supervisor'),
  });
  const kbSync = createKbSyncRunner({ kb, hubUrl: () => settings.hubUrl(), token: () => settings.agentToken(), logger: logger.child('kb'), lifetime });
  // The parts below reach the session through closures: they run only after it exists.
  const feedback = createFeedbackReporter(core, () => session.link());
  const outbox = createReplyOutbox(core, {
    linkState: () => session.linkState(),
    flusher: () => session.flusher(),
    refreshSuggestions: assist.refreshSuggestions,
  });
  const applyEvent = createHubEventReducer(core, {
    refreshSuggestions: assist.refreshSuggestions,
    abortSuggestions: assist.abort,
    publishLink: () => session.link()?.publish(),
  });
  const session = createHubSession(core, {
    settings,
    outbox,
    applyEvent,
    onOnline: () => {
      session.flusher()?.kick();
      void feedback.report();
      void kbSync.sync();
    },
    abortSuggestions: assist.abort,
    ...(opts.link ? { linkOptions: opts.link } : {}),
  });
  const handlers = createDeskHandlers(core, { kb, settings, session, outbox, assist, feedback, supervisorQueries });

  return {
    handlers,
    kb,
    syncKnowledgeBase: kbSync.sync,
    get link() {
      return session.link();
    },
    async start() {
      stopped = false;
      controller = new AbortController();
      loadSeedKb(kb, opts.seedKbFile ?? resolve(process.cwd(), 'resources/seed/kb.json'), logger.child('kb'));
      session.start();
    },
    async stop() {
      stopped = true;
      controller.abort();
      assist.abortAll();
      session.stop();
      // Everything that may still write to the cache finishes before it closes.
      await Promise.allSettled([...assist.running(), kbSync.running(), feedback.running()]);
      db.close();
    },
  };
}
