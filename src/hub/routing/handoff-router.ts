// HandoffRouter: the hub's state machine for hand-offs, as a thin orchestrator. It takes hand-offs in, offers each
// to one eligible agent at a time (with a timeout), relays messages, and ends them (resolve, hand back, customer
// left). Its parts each have one job: the in-memory QueueIndex (priority order, offers and loads, O(log n) per
// change), the AgentRoster (who is known and connected), pickAgent (pure), the wait estimator, the timers, the
// reconnect grace of agents who dropped off, the expectations told to waiting customers, the locks and outbox
// (router-locks), the operations that route nothing (conversation-relay: messages, ratings), the read side
// (queue-reports), the conversation views and the customer-facing texts. Every change is written with the events
// that announce it in one store transaction (HubStore.changeHandoff, claimOfferAndTell, recordMessage), and
// listeners hear of events only once the store says they are durable. It owns no sockets: the socket and HTTP
// layers call it, which is what lets the property tests drive it directly and fast.
// Locks (router-locks): an operation confined to one queue that frees no agent (an intake, an accept, the queue's
// expectations sweep) holds the routing lock shared plus that queue's lock, so unrelated queues never wait for
// each other; two dispatches in different queues reserve an agent's slot before offering, so neither fills them
// twice. Operations that free or take agents' slots or span queues (declines, timeouts, ends, transfers, agents
// coming and going) hold the routing lock exclusive. Each is O(log n) in the queue's length, and the locks are
// released before the commit is awaited, so concurrent operations share one commit. Messages take only their
// hand-off's lock (their store call checks ownership atomically), so message traffic never waits for routing.
import { timeOrderedId } from '../store/time-ordered-id';
import type { AgentEvent, AgentEventBody } from '../../shared/protocol/agent-socket';
import type { WaitingEntry } from '../../shared/domain/supervisor';
import type { CustomerEvent, CustomerEventBody } from '../../shared/protocol/customer-events';
import type { AgentStatus, ConversationView, WrapUp } from '../../shared/domain/conversation';
import type { HandoffAccepted, HandoffRequest, HandoffStatus } from '../../shared/domain/handoff';
import { fail, ok, type Result } from '../../shared/result';
import { silentLogger, type Logger } from '../../shared/log';
import type { AgentRecord, HandoffPatch, HandoffRecord, HubStore, NewMessage, Tell, Told } from '../store/hub-store';
import { agentServes, comparePriority, DEFAULT_PRIORITY_ORDER, type PriorityRule } from './priority';
import { QueueIndex, type IndexSnapshot } from './queue-index';
import { pickAgent } from './agent-picking';
import { EarliestTimer, KeyedTimers, realTimers, type RouterTimers } from './offer-timers';
import { createExpectations } from './expectations';
import { createConversationViews } from './conversation-views';
import { AgentRoster } from './agent-roster';
import { createWaitEstimator } from './wait-estimator';
import { createRouterLocks, type RoutingScope } from './router-locks';
import { createConversationRelay } from './conversation-relay';
import { createQueueReports } from './queue-reports';
import { createReconnectGrace } from './reconnect-grace';
import {
  CONNECTING_KEY,
  connectingText,
  CSAT_TEXT,
  HANDED_BACK_ENDED_TEXT,
  HANDED_BACK_TEXT,
  joinedText,
  LEFT_TEXT,
  RESOLVED_TEXT,
  transferText,
} from './customer-texts';

export { realTimers, type RouterTimers };

export type HandoffOutcome = 'accepted' | 'completed' | 'failed';

export interface RouterListener {
  agentEvent?(agentId: string, event: AgentEvent): void;
  customerEvent?(conversationId: string, event: CustomerEvent): void;
  queuesChanged?(): void;
  handoffStatus?(handoff: HandoffRecord, status: HandoffOutcome): void;
  /** Called just before an offer is persisted; tests use it to check precedence at the moment of choice. */
  beforeOffer?(handoff: HandoffRecord, agentId: string): void | Promise<void>;
}

export interface HandoffRouterOptions {
  store: HubStore;
  offerTimeoutMs?: number;
  /** How long an agent who declined or missed an offer is passed over when nobody else can take it. */
  reofferAfterMs?: number;
  reconnectGraceMs?: number;
  priorityOrder?: PriorityRule[];
  /** Customer tiers that count as VIP (case-insensitive). */
  vipTiers?: string[];
  /** Sentiment at or under this counts as frustrated. */
  frustrationThreshold?: number;
  defaultQueue?: string;
  /** Seconds within which an answer counts toward the service level. */
  serviceLevelSeconds?: number;
  /** A waiting customer is re-told their place at most this often (30 s). */
  retellMs?: number;
  now?: () => number;
  timers?: RouterTimers;
  listener?: RouterListener;
  logger?: Logger;
}

const OPEN: HandoffStatus[] = ['queued', 'offered', 'active'];

export type { WaitingEntry };

export interface SubmitResult {
  created: boolean;
  answer: HandoffAccepted;
  handoff: HandoffRecord;
}

export type HandoffRouter = ReturnType<typeof createHandoffRouter>;

export function createHandoffRouter(opts: HandoffRouterOptions) {
  const store = opts.store;
  const offerTimeoutMs = opts.offerTimeoutMs ?? 30_000;
  const reconnectGraceMs = opts.reconnectGraceMs ?? 60_000;
  const reofferAfterMs = opts.reofferAfterMs ?? 30_000;
  const retellMs = opts.retellMs ?? 30_000;
  const order = comparePriority(opts.priorityOrder ?? DEFAULT_PRIORITY_ORDER);
  const vipTiers = (opts.vipTiers ?? ['vip']).map((t) => t.toLowerCase());
  const frustration = opts.frustrationThreshold ?? -0.5;
  const defaultQueue = opts.defaultQueue ?? 'general';
  const serviceLevelSeconds = opts.serviceLevelSeconds ?? 60;
  const now = opts.now ?? Date.now;
  const timers = opts.timers ?? realTimers;
  const listener: RouterListener = opts.listener ?? {};
  const log = opts.logger ?? silentLogger;

  let index = new QueueIndex(order);
  // Slots being offered right now, not yet in the index: two queues dispatching at once never fill one agent twice.
  const reserved = new Map<string, number>();
  const load = (id: string): number => index.load(id) + (reserved.get(id) ?? 0);
  const roster = new AgentRoster(load);
  const isConnected = (agentId: string): boolean => roster.isConnected(agentId);
  const waits = createWaitEstimator(store, (queue) => roster.servingCount(queue));
  const lastOfferAt = new Map<string, number>();
  const declines = new Map<string, Map<string, number>>();
  const offerTimers = new KeyedTimers(timers);

  let stopped = false;
  const iso = (): string => new Date(now()).toISOString();

  const { exclusive, inQueues, onHandoff, later } = createRouterLocks(store.durable ? () => store.durable!() : undefined);
  /** The routing lock an operation on this hand-off needs when it frees no agent: its queue's, if it waits in one. */
  const queueOf = (handoffId: string) => (): RoutingScope => {
    const h = index.get(handoffId);
    return h && h.status !== 'active' ? { queues: [h.queue] } : 'all';
  };

  // Timer callbacks run outside any request: a failure is logged, never thrown into the event loop, and nothing
  // runs once the router is stopped (the store may already be closed). With a queue, only that queue is locked.
  const guarded = (what: string, fn: () => Promise<void>, queue?: string) => (): void => {
    if (stopped) return;
    const body = async (): Promise<void> => {
      if (!stopped) await fn();
    };
    (queue === undefined ? exclusive(body) : inQueues([queue], body)).catch((e: unknown) =>
      log.error('router.timer_failed', { what, error: e instanceof Error ? e.name : 'unknown' }),
    );
  };

  const announce = (conversationId: string, t: Told): void => {
    for (const e of t.customer) later(() => listener.customerEvent?.(conversationId, e));
    for (const a of t.agents) later(() => listener.agentEvent?.(a.agentId, a.event));
  };

  /** A change and its events in one transaction; the index follows only once it committed. */
  async function change(h: HandoffRecord, from: HandoffStatus[], patch: HandoffPatch, tell: Tell, where?: { offeredTo?: string; agentId?: string }): Promise<Told | undefined> {
    const told = await store.changeHandoff(h.id, from, patch, tell, iso(), where);
    if (!told) return undefined;
    const before = index.get(h.id);
    const queue = before?.queue ?? h.queue;
    const wasAt = before ? index.position(before) : 0;
    if (before) index.update(h.id, patch);
    else Object.assign(h, patch);
    const after = index.get(h.id) ?? h;
    const isAt = index.position(after);
    if (tell.decline) rememberDecline(h.id, tell.decline.agentId);
    announce(h.conversationId, told);
    // Who else moved: everyone behind the place it left and the place it took, or nobody if it kept its place.
    const kept = after.queue === queue && isAt === wasAt;
    const movedFrom = (at: number): number => (at && !kept ? at : Number.POSITIVE_INFINITY);
    expectations.changed(queue, movedFrom(wasAt));
    if (after.queue !== queue || isAt) expectations.changed(after.queue, movedFrom(isAt));
    expectations.track(after);
    return told;
  }

  // ---- what the router knows of agents and queues ------------------------------------------------------
  const agentName = async (id: string): Promise<string | undefined> => roster.get(id)?.name ?? (await store.getAgent(id))?.name;
  const views = createConversationViews(store, agentName);
  const refreshAgent = (id: string): Promise<AgentRecord | undefined> => roster.refresh(store, id);
  const canTakeOffers = (a: AgentRecord): boolean => roster.canTakeOffers(a);

  const expectations = createExpectations({
    store,
    get index() {
      return index;
    },
    now,
    timers,
    retellMs,
    sweepGapMs: Math.min(retellMs, 1_000),
    estimator: (queue) => waits.forQueue(queue),
    guarded,
    told: (conversationId, event) => later(() => listener.customerEvent?.(conversationId, event)),
  });

  /** Who serves the queues changed: the waits told may change, though nobody's place did. */
  const estimatesMayChange = (): void => {
    for (const q of index.queues()) expectations.changed(q, Number.POSITIVE_INFINITY);
  };

  async function declinesOf(handoffId: string): Promise<Map<string, number>> {
    let d = declines.get(handoffId);
    if (!d) {
      d = new Map((await store.declinesOf(handoffId)).map((x) => [x.agentId, Date.parse(x.at)]));
      declines.set(handoffId, d);
    }
    return d;
  }
  function rememberDecline(handoffId: string, agentId: string): void {
    declines.get(handoffId)?.set(agentId, now());
  }
  const forget = (h: HandoffRecord): void => {
    declines.delete(h.id);
    waits.forget(h.queue);
  };

  // ---- offering -----------------------------------------------------------------------------------------
  const retry = new EarliestTimer(timers, now, guarded('reoffer', () => dispatch()));

  /** The offer of `handoffId` to `agentId` times out in `ms`; by then it may be someone else's offer, which it leaves. */
  const timeOffer = (handoffId: string, agentId: string, ms: number): void =>
    offerTimers.set(handoffId, guarded('offer_timeout', () => offerTimedOut(handoffId, agentId)), ms);

  async function offer(h: HandoffRecord, agent: AgentRecord): Promise<boolean> {
    await listener.beforeOffer?.(h, agent.id);
    const expiresAt = new Date(now() + offerTimeoutMs).toISOString();
    const notice: CustomerEventBody = { type: 'expectation', text: connectingText(h.queue), position: 0, estimatedWaitSeconds: 0 };
    const base = await views.view(h);
    const conversation: ConversationView = {
      ...base,
      status: 'offered',
      expectations: [...base.expectations, { text: notice.text, at: iso(), position: 0, estimatedWaitSeconds: 0 }],
    };
    // The offer, the customer's "you're being connected" and the agent's offer event commit together.
    const told = await change(
      h,
      ['queued'],
      { status: 'offered', offeredTo: agent.id, offerExpiresAt: expiresAt, lastToldText: CONNECTING_KEY, lastToldAt: iso() },
      { customer: [notice], agents: [{ agentId: agent.id, body: { type: 'offer', conversation, expiresAt } }] },
    );
    if (!told) return false;
    timeOffer(h.id, agent.id, offerTimeoutMs);
    lastOfferAt.set(agent.id, now());
    log.info('handoff.offered', { handoffId: h.id, agentId: agent.id });
    return true;
  }

  /** Takes an offer back and puts the hand-off in the queue again; `remember` keeps that agent from being asked again. */
  async function revokeOffer(h: HandoffRecord, reason: 'timeout' | 'declined' | 'taken' | 'ended', remember: boolean): Promise<boolean> {
    const agentId = h.offeredTo;
    if (h.status !== 'offered' || !agentId) return false;
    const told = await change(
      h,
      ['offered'],
      { status: 'queued', offeredTo: undefined, offerExpiresAt: undefined },
      { agents: [{ agentId, body: { type: 'offer.revoked', handoffId: h.id, reason } }], ...(remember ? { decline: { agentId } } : {}) },
      { offeredTo: agentId },
    );
    if (!told) return false;
    offerTimers.clear(h.id);
    log.info('handoff.offer_revoked', { handoffId: h.id, agentId, reason });
    return true;
  }

  /**
   * Matches queued hand-offs to free agents in priority order across queues (only `within` them, for an operation
   * that holds just those queues' locks and freed nobody). With nobody free (the usual state of a backlog) it
   * costs nothing; otherwise it walks each queue from its head and stops once nobody is free.
   */
  async function dispatch(within?: string[]): Promise<void> {
    let free = roster.free();
    if (free.length) {
      // Per queue: the set to walk (all queued when a free agent has the queue's skill, else only the special
      // ones: those with skills of their own or a preferred agent) and how far the walk has got.
      const cursors = (within ?? index.queues())
        .map((queue) => {
          const byName = free.some((a) => agentServes(a.skills, { queue, skills: [] }));
          return { set: byName ? index.queued(queue) : index.special(queue), k: 0 };
        })
        .filter((c) => c.set && c.set.size > 0);
      while (free.length) {
        let best: { c: (typeof cursors)[number]; h: HandoffRecord } | undefined;
        for (const c of cursors) {
          const h = c.set?.at(c.k);
          if (h && (!best || order(h, best.h) < 0)) best = { c, h };
        }
        if (!best) break;
        const { c, h } = best;
        const declined = await declinesOf(h.id);
        // Another queue's dispatch may have filled someone while this one waited.
        free = free.filter(canTakeOffers);
        const pick = pickAgent({ handoff: h, free, load, declines: declined, lastOfferAt: (id) => lastOfferAt.get(id) ?? 0, now: now(), reofferAfterMs });
        let offered = false;
        if ('agent' in pick) {
          const agentId = pick.agent.id;
          reserved.set(agentId, (reserved.get(agentId) ?? 0) + 1);
          try {
            offered = await offer(h, pick.agent);
          } catch (e) {
            // Nothing of the offer was written (it commits with its events); try again shortly.
            log.error('router.offer_failed', { handoffId: h.id, error: e instanceof Error ? e.name : 'unknown' });
            retry.request(now() + 1_000);
            break;
          } finally {
            const left = (reserved.get(agentId) ?? 1) - 1;
            if (left > 0) reserved.set(agentId, left);
            else reserved.delete(agentId);
          }
        }
        if (offered) {
          // Offered: it left the queued set, so the same cursor now points at the next one.
          free = free.filter(canTakeOffers);
          continue;
        }
        if ('retryAt' in pick) retry.request(pick.retryAt);
        c.k++;
      }
    }
    later(() => listener.queuesChanged?.());
  }

  async function offerTimedOut(handoffId: string, agentId: string): Promise<void> {
    const h = index.get(handoffId);
    if (!h || h.status !== 'offered' || h.offeredTo !== agentId) return;
    await revokeOffer(h, 'timeout', true);
    await dispatch();
  }

  // ---- ownership ----------------------------------------------------------------------------------------
  async function held(agentId: string, handoffId: string): Promise<Result<HandoffRecord>> {
    const h = index.get(handoffId) ?? (await store.getHandoff(handoffId));
    if (!h) return fail('not_found', `No hand-off ${handoffId}. Refresh your inbox.`);
    if (h.status !== 'active' || h.agentId !== agentId) {
      return fail('forbidden', 'This conversation is not assigned to you (it may have been transferred, reassigned or ended).');
    }
    return ok(h);
  }

  async function requeueHeld(h: HandoffRecord, removal: 'requeued' | 'transferred', patch: HandoffPatch = {}, tell: Tell = {}): Promise<boolean> {
    const previous = h.agentId;
    const told = await change(
      h,
      ['active'],
      { status: 'queued', agentId: undefined, acceptedAt: undefined, queuedAt: iso(), lastToldPosition: undefined, lastToldText: undefined, lastToldAt: undefined, ...patch },
      { ...tell, agents: [...(previous ? [{ agentId: previous, body: { type: 'conversation.removed' as const, handoffId: h.id, reason: removal } }] : []), ...(tell.agents ?? [])] },
      previous ? { agentId: previous } : undefined,
    );
    return told !== undefined;
  }

  /** Ends a hand-off with its customer and agent events, all in one transaction. */
  async function end(h: HandoffRecord, status: HandoffStatus, reason: string, tell: Tell, extra: HandoffPatch = {}): Promise<HandoffRecord | undefined> {
    const from = h.status;
    const told = await change(h, [from], { status, endedAt: iso(), endReason: reason, offeredTo: undefined, offerExpiresAt: undefined, ...extra }, tell);
    if (!told) return undefined;
    offerTimers.clear(h.id);
    forget(h);
    return (await store.getHandoff(h.id)) ?? h;
  }

  const grace = createReconnectGrace({
    store,
    roster,
    timers,
    now,
    graceMs: reconnectGraceMs,
    log,
    guarded,
    requeueHeld: async (agentId) => {
      for (const h of index.heldBy(agentId)) await requeueHeld(h, 'requeued');
    },
    dispatch,
  });

  // ---- the public operations ------------------------------------------------------------------------------
  const relay = createConversationRelay({ store, locks: { exclusive, inQueues, onHandoff, later }, index: () => index, announce, agentName, iso });
  const reports = createQueueReports({ store, index: () => index, roster, waits, now, serviceLevelSeconds });

  const router = {
    ...relay,
    ...reports,

    /**
     * Loads the index from the store and restores its stored deadlines (after a restart, or on the node that takes
     * the routing over): an offer to an agent who is connected keeps the rest of its time, one that ran out is a
     * miss, and one to an agent who is not here goes back to the queue; an absent agent's conversations go back to
     * the queue at their stored grace deadline (or a full grace period from now, if none was stored).
     */
    start: (): Promise<void> =>
      exclusive(async () => {
        index = QueueIndex.build(await store.listHandoffsByStatus(OPEN), order);
        for (const a of await store.listAgents()) roster.set(a);
        for (const h of index.all()) {
          if (h.status !== 'offered' || !h.offeredTo) continue;
          const left = h.offerExpiresAt ? Date.parse(h.offerExpiresAt) - now() : Number.NaN;
          if (!isConnected(h.offeredTo)) await revokeOffer(h, 'timeout', false);
          else if (!(left > 0)) await revokeOffer(h, 'timeout', true);
          else timeOffer(h.id, h.offeredTo, left);
        }
        for (const agentId of index.holders()) if (!isConnected(agentId)) await grace.start(agentId, true);
        for (const a of roster.all()) if (a.graceUntil && isConnected(a.id)) await grace.end(a.id);
        for (const h of index.all()) expectations.track(h);
        for (const q of index.queues()) expectations.changed(q);
        await dispatch();
      }),

    stop(): void {
      stopped = true;
      offerTimers.clearAll();
      grace.stop();
      retry.clear();
      expectations.stop();
    },

    /** Settles once every operation started so far has finished. */
    idle: (): Promise<void> => exclusive(async () => {}),

    /** Runs `fn` with no routing operation in between (the socket layer replays and joins under it). */
    withLock: <T>(fn: () => Promise<T>): Promise<T> => exclusive(fn),

    /** For the property tests: per queue, who a full walk would tell something new now, and the next sweep. */
    async staleTellings(): Promise<Record<string, { ids: string[]; sweepAt: number | undefined }>> {
      const out: Record<string, { ids: string[]; sweepAt: number | undefined }> = {};
      for (const q of index.queues()) out[q] = await expectations.stale(q);
      return out;
    },

    /** The index as it stands (the property tests compare it with one rebuilt from the store). */
    indexSnapshot: (): IndexSnapshot => index.snapshot(),

    /**
     * For a desk starting fresh (no history to resume from): appends and answers an `offer` event for each hand-off
     * offered to this agent now and a `conversation.assigned` for each they hold, so the desk learns the current
     * state from a few events with real seqs instead of a replay of everything the agent ever did. Call it only
     * inside `withLock` (it does not take the lock itself).
     */
    async currentStateEvents(agentId: string): Promise<AgentEvent[]> {
      const out: AgentEvent[] = [];
      const mine = [...index.heldBy(agentId), ...index.offersTo(agentId)].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
      for (const h of mine) {
        const expiresAt = h.offerExpiresAt ?? new Date(now() + offerTimeoutMs).toISOString();
        const body: AgentEventBody =
          h.status === 'active' ? { type: 'conversation.assigned', conversation: await views.view(h) } : { type: 'offer', conversation: await views.view(h), expiresAt };
        const event = await store.appendAgentEvent(agentId, body, iso());
        // At once, not after the operation: the other desks of this agent hear of it before this one joins their room.
        listener.agentEvent?.(agentId, event);
        out.push(event);
      }
      return out;
    },

    // An intake locks only its queue (and its conversation, so two intakes of one conversation make one hand-off).
    submit: (req: HandoffRequest, source: 'api' | 'botframework' = 'api', callbackUrl?: string): Promise<SubmitResult> =>
      inQueues([req.queue ?? req.skills?.[0] ?? defaultQueue], async () => {
        const existing = await store.latestHandoffForConversation(req.conversationId);
        if (existing && OPEN.includes(existing.status)) return { created: false, answer: await views.answerFor(existing), handoff: existing };
        const at = iso();
        const { transcript, ...context } = req;
        const tier = (req.customer.tier ?? '').toLowerCase();
        const url = callbackUrl ?? req.callbackUrl;
        const h: HandoffRecord = {
          id: timeOrderedId(),
          conversationId: req.conversationId,
          customerId: req.customer.id,
          source,
          context,
          trigger: req.reason.trigger,
          queue: req.queue ?? req.skills?.[0] ?? defaultQueue,
          skills: req.skills ?? [],
          vip: vipTiers.includes(tier) || req.reason.trigger === 'vip',
          frustrated: req.sentiment !== undefined && req.sentiment <= frustration,
          status: 'queued',
          createdAt: at,
          queuedAt: at,
          humanContacts: 0,
          ...(url ? { callbackUrl: url } : {}),
        };
        const turns: NewMessage[] = (transcript ?? []).map((t) => ({ handoffId: h.id, role: t.role, text: t.text, at: t.at ?? at, beforeHandoff: true }));
        // Its place is known once it is in the index; the hand-off and the first telling commit together.
        index.add(h);
        let told: Told;
        let first: CustomerEventBody & { type: 'expectation' };
        const place = index.position(h);
        try {
          const intake = await expectations.intake(h);
          first = intake.body;
          Object.assign(h, intake.patch);
          told = await store.createHandoffAndTell(h, turns, [intake.body]);
        } catch (e) {
          index.update(h.id, { status: 'abandoned' });
          expectations.changed(h.queue, place);
          throw e;
        }
        announce(h.conversationId, told);
        // Nobody has turned a new hand-off down yet: its first dispatch needs no read for that.
        declines.set(h.id, new Map());
        // Only those behind its place moved (nobody, for an arrival at the back of the line).
        expectations.changed(h.queue, place);
        expectations.track(h);
        log.info('handoff.created', { handoffId: h.id, queue: h.queue, trigger: h.trigger, vip: h.vip });
        // A new arrival frees nobody: only its own queue can have changed.
        await dispatch([h.queue]);
        const event = told.customer[0];
        const answer = event ? views.answerFrom(h, event) : await views.answerFor(h);
        if (!event) answer.customerMessage = first.text;
        return { created: true, answer, handoff: index.get(h.id) ?? h };
      }, `c:${req.conversationId}`),

    connect: (agentId: string): Promise<void> =>
      exclusive(async () => {
        if (stopped) return;
        await refreshAgent(agentId);
        roster.connect(agentId);
        await grace.end(agentId);
        estimatesMayChange();
        await dispatch();
      }),

    disconnect: (agentId: string): Promise<void> =>
      exclusive(async () => {
        if (stopped) return;
        if (roster.disconnect(agentId) > 0) return;
        estimatesMayChange();
        // An offer to someone who is gone would only make the customer wait out the timeout.
        for (const h of index.offersTo(agentId)) await revokeOffer(h, 'timeout', false);
        if (index.heldBy(agentId).length) await grace.start(agentId);
        await dispatch();
      }),

    isConnected,

    setStatus: (agentId: string, status: AgentStatus): Promise<Result<AgentStatus>> =>
      exclusive(async () => {
        const agent = await store.getAgent(agentId);
        if (!agent) return fail('not_found', 'Unknown agent.');
        await store.setAgentStatus(agentId, status);
        roster.set({ ...agent, status });
        if (status !== 'available') for (const h of index.offersTo(agentId)) await revokeOffer(h, 'declined', false);
        estimatesMayChange();
        await dispatch();
        return ok(status);
      }),

    // An accept frees nobody (the offer's slot becomes the conversation's): it locks only the hand-off's queue.
    accept: (agentId: string, handoffId: string): Promise<Result<ConversationView>> =>
      onHandoff(handoffId, async () => {
        const h = index.get(handoffId) ?? (await store.getHandoff(handoffId));
        if (!h) return fail('not_found', `No hand-off ${handoffId}. Refresh your inbox.`);
        // A retry after a lost acknowledgement finds the conversation already theirs.
        if (h.status === 'active' && h.agentId === agentId) return ok(await views.view(h));
        if (h.status !== 'offered' || h.offeredTo !== agentId) {
          return fail('conflict', 'This offer is no longer yours: it timed out, was declined or went to someone else. Wait for the next offer.');
        }
        const name = (await agentName(agentId)) ?? 'An agent';
        const at = iso();
        const base = await views.view(h);
        const joined: CustomerEventBody = { type: 'agent.joined', agentName: name, text: joinedText(name) };
        const v: ConversationView = { ...base, status: 'active', acceptedAt: at, agentId, agentName: name, expectations: [...base.expectations] };
        // The claim, the customer's "X has joined" and the agent's assignment commit together.
        const told = await store.claimOfferAndTell(handoffId, agentId, at, { customer: [joined], agents: [{ agentId, body: { type: 'conversation.assigned', conversation: v } }] });
        if (!told) return fail('conflict', 'Someone else took this conversation first.');
        const place = index.position(index.get(handoffId) ?? h);
        index.update(handoffId, {
          status: 'active',
          agentId,
          offeredTo: undefined,
          offerExpiresAt: undefined,
          preferredAgentId: undefined,
          acceptedAt: at,
          firstAcceptedAt: h.firstAcceptedAt ?? at,
          humanContacts: h.humanContacts + 1,
          lastToldPosition: undefined,
          lastToldText: undefined,
          lastToldAt: undefined,
        });
        offerTimers.clear(handoffId);
        waits.forget(h.queue);
        announce(h.conversationId, told);
        expectations.changed(h.queue, place || 1);
        const accepted = index.get(handoffId) ?? h;
        later(() => listener.handoffStatus?.(accepted, 'accepted'));
        log.info('handoff.accepted', { handoffId, agentId });
        await dispatch([h.queue]);
        return ok(v);
      }, queueOf(handoffId)),

    decline: (agentId: string, handoffId: string): Promise<Result<null>> =>
      onHandoff(handoffId, async () => {
        const h = index.get(handoffId) ?? (await store.getHandoff(handoffId));
        if (!h) return fail('not_found', `No hand-off ${handoffId}.`);
        if (h.status !== 'offered' || h.offeredTo !== agentId) return fail('conflict', 'This offer is no longer yours to decline.');
        await revokeOffer(h, 'declined', true);
        await dispatch();
        return ok(null);
      }),

    resolve: (agentId: string, handoffId: string, wrapUp: WrapUp): Promise<Result<null>> =>
      onHandoff(handoffId, async () => {
        const owned = await held(agentId, handoffId);
        if (!owned.ok) return owned;
        const ended = await end(
          owned.value,
          'resolved',
          'resolved',
          {
            customer: [...(wrapUp.requestCsat ? [{ type: 'csat.requested' as const, text: CSAT_TEXT }] : []), { type: 'conversation.ended', reason: 'resolved', text: RESOLVED_TEXT }],
            agents: [{ agentId, body: { type: 'conversation.removed', handoffId, reason: 'resolved' } }],
          },
          { resolution: wrapUp.resolution, disposition: wrapUp.disposition, notes: wrapUp.notes },
        );
        if (!ended) return fail('conflict', 'The conversation changed while resolving; refresh and try again.');
        later(() => listener.handoffStatus?.(ended, 'completed'));
        log.info('handoff.resolved', { handoffId, agentId, resolution: wrapUp.resolution });
        await dispatch();
        return ok(null);
      }),

    transfer: (agentId: string, req: { handoffId: string; queue?: string; agentId?: string; note?: string }): Promise<Result<null>> =>
      onHandoff(req.handoffId, async () => {
        const owned = await held(agentId, req.handoffId);
        if (!owned.ok) return owned;
        const h = owned.value;
        if (req.agentId) {
          if (req.agentId === agentId) return fail('invalid', 'You already hold this conversation; pick another agent or a queue.');
          if (!(await store.getAgent(req.agentId))) return fail('not_found', `No agent ${req.agentId}.`);
        }
        const patch: HandoffPatch = req.queue ? { queue: req.queue, skills: [], preferredAgentId: undefined } : { preferredAgentId: req.agentId };
        const tell: Tell = {
          // The transferring agent is not offered it back.
          decline: { agentId },
          ...(req.note ? { messages: [{ handoffId: h.id, role: 'system' as const, text: `Transfer note: ${req.note}`, at: iso(), beforeHandoff: false }] } : {}),
          customer: [{ type: 'transferred', text: transferText(req.queue) }],
        };
        if (!(await requeueHeld(h, 'transferred', patch, tell))) return fail('conflict', 'The conversation changed while transferring; refresh and try again.');
        log.info('handoff.transferred', { handoffId: h.id, agentId, queue: req.queue ?? h.queue });
        await dispatch();
        return ok(null);
      }),

    handBack: (agentId: string, handoffId: string): Promise<Result<null>> =>
      onHandoff(handoffId, async () => {
        const owned = await held(agentId, handoffId);
        if (!owned.ok) return owned;
        const ended = await end(owned.value, 'handed_back', 'handed_back', {
          customer: [
            { type: 'handed_back', text: HANDED_BACK_TEXT },
            { type: 'conversation.ended', reason: 'handed_back', text: HANDED_BACK_ENDED_TEXT },
          ],
          agents: [{ agentId, body: { type: 'conversation.removed', handoffId, reason: 'handed_back' } }],
        });
        if (!ended) return fail('conflict', 'The conversation changed; refresh and try again.');
        later(() => listener.handoffStatus?.(ended, 'completed'));
        await dispatch();
        return ok(null);
      }),

    reassign: (handoffId: string, targetId: string): Promise<Result<null>> =>
      onHandoff(handoffId, async () => {
        const h = index.get(handoffId) ?? (await store.getHandoff(handoffId));
        if (!h) return fail('not_found', `No hand-off ${handoffId}.`);
        const target = await refreshAgent(targetId);
        if (!target) return fail('not_found', `No agent ${targetId}.`);
        if (!OPEN.includes(h.status)) return fail('conflict', `The hand-off has ended (${h.status}).`);
        const load = index.load(targetId);
        if (h.status === 'active') {
          if (h.agentId === targetId) return ok(null);
          if (load >= target.capacity) return fail('capacity', `${target.name} is at capacity (${target.capacity}); free a slot or pick someone else.`);
          // A live conversation handed to someone who is not there would leave the customer with nobody.
          if (!isConnected(targetId)) return fail('unavailable', `${target.name} is not connected; pick an agent who is online.`);
          const previous = h.agentId;
          const at = iso();
          const base = await views.view(h);
          const v: ConversationView = { ...base, agentId: targetId, agentName: target.name, acceptedAt: at };
          const told = await change(
            h,
            ['active'],
            { agentId: targetId, acceptedAt: at, humanContacts: h.humanContacts + 1 },
            {
              customer: [{ type: 'agent.joined', agentName: target.name, text: joinedText(target.name) }],
              agents: [
                ...(previous ? [{ agentId: previous, body: { type: 'conversation.removed' as const, handoffId, reason: 'transferred' as const } }] : []),
                { agentId: targetId, body: { type: 'conversation.assigned', conversation: v } },
              ],
            },
            previous ? { agentId: previous } : undefined,
          );
          if (!told) return fail('conflict', 'The conversation changed; refresh and try again.');
          await dispatch();
          return ok(null);
        }
        if (h.status === 'offered') await revokeOffer(h, 'taken', false);
        await change(h, ['queued'], { preferredAgentId: targetId }, {});
        await dispatch();
        return ok(null);
      }),

    customerEnd: async (conversationId: string): Promise<Result<{ status: HandoffStatus }>> => {
      const latest = await store.latestHandoffForConversation(conversationId);
      if (!latest) return fail('not_found', `No hand-off for conversation ${conversationId}.`);
      return onHandoff(latest.id, async () => {
        const h = index.get(latest.id) ?? (await store.getHandoff(latest.id)) ?? latest;
        if (!OPEN.includes(h.status)) return ok({ status: h.status });
        const answered = h.status === 'active';
        const offeredTo = h.status === 'offered' ? h.offeredTo : undefined;
        const holder = answered ? h.agentId : undefined;
        const agentsTold: Tell['agents'] = [
          ...(offeredTo ? [{ agentId: offeredTo, body: { type: 'offer.revoked' as const, handoffId: h.id, reason: 'ended' as const } }] : []),
          ...(holder ? [{ agentId: holder, body: { type: 'conversation.removed' as const, handoffId: h.id, reason: 'abandoned' as const } }] : []),
        ];
        const ended = await end(h, 'abandoned', answered ? 'customer_left_after_answer' : 'customer_left', {
          customer: [{ type: 'conversation.ended', reason: 'abandoned', text: LEFT_TEXT }],
          agents: agentsTold,
        });
        if (!ended) return fail('conflict', 'The conversation changed; try again.');
        later(() => listener.handoffStatus?.(ended, answered ? 'completed' : 'failed'));
        log.info('handoff.customer_left', { handoffId: h.id, answered });
        await dispatch();
        return ok({ status: ended.status });
      });
    },

    async view(handoffId: string): Promise<ConversationView | undefined> {
      const h = await store.getHandoff(handoffId);
      return h ? views.view(h) : undefined;
    },

    answerFor: (h: HandoffRecord): Promise<HandoffAccepted> => views.answerFor(h),

    /** For tests and the grace timer: re-queues what a disconnected agent still holds. */
    graceExpired: (agentId: string): Promise<void> => exclusive(() => grace.expire(agentId)),

    /** For tests: fires the offer timeout of a hand-off now. */
    expireOffer: (handoffId: string): Promise<void> =>
      exclusive(async () => {
        const h = index.get(handoffId);
        if (h?.status === 'offered' && h.offeredTo) {
          offerTimers.clear(handoffId);
          await offerTimedOut(handoffId, h.offeredTo);
        }
      }),
  };

  return router;
}
