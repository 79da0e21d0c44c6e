// The desk's sign-in to the hub: the current link with its outbox flusher, the last queue snapshot pushed, and
// what changing hub or token means (the previous agent's conversations, offers and unsent replies are forgotten,
// so nothing of one sign-in is shown to or sent as another). Without a token the link stays absent and offline.
import type { AgentProfile, QueueSnapshot } from '../../../shared/domain/conversation';
import type { LinkState } from '../../../shared/desk-api/contract';
import type { AgentEvent } from '../../../shared/protocol/agent-socket';
import type { Result } from '../../../shared/result';
import { createHubLink, OFFLINE_ERROR, type HubLink, type HubLinkOptions } from '../link/hub-link';
import type { OutboxFlusher } from '../link/outbox-flusher';
import type { DeskCore } from './desk-parts';
import type { DeskSettings } from './desk-settings';
import type { ReplyOutbox } from './reply-outbox';

export interface HubSession {
  start(): void;
  stop(): void;
  /** The current link: undefined before start(), after stop(), and while switching sign-in. */
  link(): HubLink | undefined;
  flusher(): OutboxFlusher | undefined;
  /** A hub request, or the offline error when there is no link. */
  request<T>(name: Parameters<HubLink['request']>[0], payload: unknown): Promise<Result<T>>;
  linkState(): LinkState;
  /** The last queue snapshot the hub pushed (empty after a sign-in switch). */
  queues(): QueueSnapshot[];
  /**
   * Hub or token changed: stop the link, forget the previous sign-in's data and tell the renderer, show the
   * checked identity (if any), and link again unless the service stopped. Answers the notice for the agent.
   */
  switchSignIn(identity: AgentProfile | undefined): { notice?: string };
}

export function createHubSession(
  core: DeskCore,
  deps: {
    settings: DeskSettings;
    outbox: ReplyOutbox;
    applyEvent: (event: AgentEvent) => (() => void) | void;
    onOnline: () => void;
    abortSuggestions: (handoffId: string) => void;
    linkOptions?: Pick<HubLinkOptions, 'reconnectDelayMs' | 'reconnectDelayMaxMs' | 'requestTimeoutMs'>;
  },
): HubSession {
  const { cache, emit, logger, lifetime } = core;
  const { settings } = deps;
  let link: HubLink | undefined;
  let flusher: OutboxFlusher | undefined;
  let queues: QueueSnapshot[] = [];

  function start(): void {
    const token = settings.agentToken();
    link = createHubLink({
      hubUrl: settings.hubUrl(),
      token,
      cache,
      logger: logger.child('link'),
      applyEvent: deps.applyEvent,
      onHello: ({ agent }) => {
        cache.setAgent(agent);
        emit('onAgent', agent);
      },
      onQueues: (q) => {
        queues = q;
        emit('onQueues', q);
      },
      onState: (s) => emit('onLinkState', s),
      onOnline: deps.onOnline,
      ...deps.linkOptions,
    });
    const current = link;
    flusher = deps.outbox.flusherFor(current);
    current.start();
  }

  function stop(): void {
    flusher?.stop();
    link?.stop();
    flusher = undefined;
    link = undefined;
  }

  return {
    start,
    stop,
    link: () => link,
    flusher: () => flusher,
    request: <T>(name: Parameters<HubLink['request']>[0], payload: unknown): Promise<Result<T>> =>
      link ? link.request<T>(name, payload) : Promise.resolve({ ok: false, error: { ...OFFLINE_ERROR } }),
    linkState: () =>
      link?.state() ?? {
        state: 'offline',
        outbox: cache.outboxCount(),
        hubUrl: settings.hubUrl(),
        detail: 'No agent token: set one in Settings (or BATON_AGENT_TOKEN).',
      },
    queues: () => queues,
    switchSignIn(identity) {
      stop();
      // Another hub or token is another agent and another event stream: its sequence numbers start over, and
      // the previous agent's customers and unsent replies must neither be shown to nor sent as this one.
      const forgotten = cache.transaction(() => {
        const gone = cache.forgetAgentData();
        cache.resetLink();
        return gone;
      });
      queues = [];
      for (const handoffId of forgotten.handoffIds) {
        deps.abortSuggestions(handoffId);
        emit('onConversationRemoved', { handoffId, reason: 'signed_out' });
      }
      for (const handoffId of forgotten.offerIds) emit('onOfferRevoked', { handoffId, reason: 'signed_out' });
      // The new identity shows at once; without a checked token the previous one is not shown any longer.
      if (identity) {
        cache.setAgent(identity);
        emit('onAgent', identity);
      }
      let notice: string | undefined;
      if (forgotten.discardedReplies > 0) {
        logger.warn('link.identity_changed_outbox_discarded', { replies: forgotten.discardedReplies });
        notice = `${forgotten.discardedReplies} unsent ${forgotten.discardedReplies === 1 ? 'reply' : 'replies'} of the previous sign-in ${forgotten.discardedReplies === 1 ? 'was' : 'were'} discarded, so they are not sent under this sign-in.`;
      }
      if (!lifetime.stopped()) start();
      return notice ? { notice } : {};
    },
  };
}
