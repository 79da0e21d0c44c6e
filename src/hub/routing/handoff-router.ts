// HandoffRouter: the hub's state machine for hand-offs. It takes hand-offs in, keeps them in priority order per
// queue, offers each to one eligible agent at a time (with a timeout), relays messages, and ends them (resolve,
// hand back, customer left). It persists every change through the HubStore before it tells anyone (agent events
// and customer events are appended to their logs, then handed to the listener), and it owns no sockets: the
// socket and HTTP layers call it, which is what lets the property tests drive it directly and fast.
// The store is asynchronous (a network database may sit behind it), so every operation runs under one lock:
// operations never interleave inside this process, and across processes the store's conditional updates decide.
import { randomUUID } from 'node:crypto';
import type { AgentEvent, AgentEventBody } from '../../shared/protocol/agent-socket';
import type { WaitingEntry } from '../../shared/domain/supervisor';
import type { CustomerEvent, CustomerEventBody } from '../../shared/protocol/customer-events';
import type { AgentPresence } from '../../shared/protocol/agent-socket';
import type { AgentStatus, ConversationView, Expectation, Message, QueueSnapshot, WrapUp } from '../../shared/domain/conversation';
import type { HandoffAccepted, HandoffRequest, HandoffStatus } from '../../shared/domain/handoff';
import { fail, ok, type Result } from '../../shared/result';
import { silentLogger, type Logger } from '../../shared/log';
import type { AgentRecord, ExpectationUpdate, HandoffRecord, HubStore, NewMessage } from '../store/hub-store';
import { agentServes, comparePriority, DEFAULT_PRIORITY_ORDER, priorityScore, type PriorityRule } from './priority';
import { csatRefusal } from '../http/csat-rules';
import { estimateWait, expectationText, formatWait, joinedText, ordinal, specialistFor } from './estimate-wait';

export interface RouterTimers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realTimers: RouterTimers = {
  set: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

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
  now?: () => number;
  timers?: RouterTimers;
  listener?: RouterListener;
  logger?: Logger;
}

const OPEN: HandoffStatus[] = ['queued', 'offered', 'active'];
const WAITING: HandoffStatus[] = ['queued', 'offered'];

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
  const order = comparePriority(opts.priorityOrder ?? DEFAULT_PRIORITY_ORDER);
  const vipTiers = (opts.vipTiers ?? ['vip']).map((t) => t.toLowerCase());
  const frustration = opts.frustrationThreshold ?? -0.5;
  const defaultQueue = opts.defaultQueue ?? 'general';
  const serviceLevelSeconds = opts.serviceLevelSeconds ?? 60;
  const now = opts.now ?? Date.now;
  const timers = opts.timers ?? realTimers;
  const listener: RouterListener = opts.listener ?? {};
  const log = opts.logger ?? silentLogger;

  const connections = new Map<string, number>();
  const offerTimers = new Map<string, unknown>();
  const graceTimers = new Map<string, unknown>();
  const lastOfferAt = new Map<string, number>();
  // One timer for the earliest moment a passed-over agent may be asked again (see pickAgent).
  let retryTimer: unknown;
  let retryAt = Number.POSITIVE_INFINITY;

  let stopped = false;
  const iso = (): string => new Date(now()).toISOString();
  const isConnected = (agentId: string): boolean => (connections.get(agentId) ?? 0) > 0;

  // One operation at a time: each waits for the previous one to settle, whatever its outcome.
  let tail: Promise<unknown> = Promise.resolve();
  function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  }

  // Timer callbacks run outside any request: a failure is logged, never thrown into the event loop, and nothing
  // runs once the router is stopped (the store may already be closed).
  const guarded = (what: string, fn: () => Promise<void>) => (): void => {
    if (stopped) return;
    exclusive(async () => {
      if (!stopped) await fn();
    }).catch((e: unknown) => log.error('router.timer_failed', { what, error: e instanceof Error ? e.name : 'unknown' }));
  };

  // ---- events -------------------------------------------------------------------------------------------
  async function toAgent(agentId: string, body: AgentEventBody): Promise<AgentEvent> {
    const event = await store.appendAgentEvent(agentId, body, iso());
    listener.agentEvent?.(agentId, event);
    return event;
  }
  async function toCustomer(h: HandoffRecord, body: CustomerEventBody): Promise<CustomerEvent> {
    const event = await store.appendCustomerEvent(h.conversationId, h.id, body, iso());
    listener.customerEvent?.(h.conversationId, event);
    return event;
  }

  // ---- views --------------------------------------------------------------------------------------------
  async function expectationsOf(handoffId: string): Promise<Expectation[]> {
    return (await store.customerEventsOfHandoff(handoffId, 'expectation')).map((e) => {
      const x: Expectation = { text: 'text' in e ? e.text : '', at: e.at };
      if (e.type === 'expectation') {
        x.position = e.position;
        x.estimatedWaitSeconds = e.estimatedWaitSeconds;
      }
      return x;
    });
  }

  async function view(h: HandoffRecord): Promise<ConversationView> {
    const c = h.context;
    const v: ConversationView = {
      handoffId: h.id,
      conversationId: h.conversationId,
      status: h.status,
      customer: c.customer,
      reason: c.reason,
      queue: h.queue,
      skills: h.skills,
      createdAt: h.createdAt,
      priority: priorityScore(h),
      expectations: await expectationsOf(h.id),
      messages: await store.listMessages(h.id),
    };
    if (c.intent) v.intent = c.intent;
    if (c.sentiment !== undefined) v.sentiment = c.sentiment;
    if (c.summary) v.summary = c.summary;
    if (c.recommendedAction) v.recommendedAction = c.recommendedAction;
    if (c.crm) v.crm = c.crm;
    if (h.acceptedAt) v.acceptedAt = h.acceptedAt;
    if (h.endedAt) v.endedAt = h.endedAt;
    if (h.agentId) {
      v.agentId = h.agentId;
      const a = await store.getAgent(h.agentId);
      if (a) v.agentName = a.name;
    }
    return v;
  }

  async function reload(id: string): Promise<HandoffRecord> {
    const h = await store.getHandoff(id);
    if (!h) throw new Error(`hand-off ${id} vanished from the store`);
    return h;
  }

  // ---- queue math ---------------------------------------------------------------------------------------
  async function waitingByQueue(open?: HandoffRecord[]): Promise<Map<string, HandoffRecord[]>> {
    const byQueue = new Map<string, HandoffRecord[]>();
    for (const h of open ?? (await store.listHandoffsByStatus(WAITING))) {
      if (h.status !== 'queued' && h.status !== 'offered') continue;
      const list = byQueue.get(h.queue) ?? [];
      list.push(h);
      byQueue.set(h.queue, list);
    }
    for (const list of byQueue.values()) list.sort(order);
    return byQueue;
  }

  const servingCount = (agents: AgentRecord[], queue: string): number =>
    agents.filter((a) => isConnected(a.id) && a.status !== 'offline' && a.capacity > 0 && agentServes(a.skills, { queue, skills: [] })).length;

  async function estimator(queue: string, agents?: AgentRecord[]): Promise<(position: number) => number> {
    const recent = await store.recentAnswerSeconds(queue, 20);
    const handle = await store.averageHandleSeconds(queue, 50);
    const serving = servingCount(agents ?? (await store.listAgents()), queue);
    return (position) =>
      estimateWait({ position, recentAnswerSeconds: recent, agentsAvailable: serving, ...(handle !== undefined ? { averageHandleSeconds: handle } : {}) });
  }

  /** Tells each waiting customer their position and wait, but only when what they would be told changed. */
  async function announceExpectations(byQueue: Map<string, HandoffRecord[]>, agents: AgentRecord[]): Promise<void> {
    const updates: ExpectationUpdate[] = [];
    const at = iso();
    for (const [queue, list] of byQueue) {
      const estimate = await estimator(queue, agents);
      for (const [i, h] of list.entries()) {
        const position = i + 1;
        const seconds = estimate(position);
        // The key is what the customer can perceive: their place and the rounded wait phrase.
        const key = `${position}|${formatWait(seconds)}`;
        if (h.lastToldText === key) continue;
        const first = h.lastToldText === undefined;
        const text = first
          ? expectationText({
              queue: h.queue,
              trigger: h.trigger,
              ...(h.context.reason.detail ? { detail: h.context.reason.detail } : {}),
              ...(h.context.intent ? { intentName: h.context.intent.name } : {}),
              position,
              estimatedWaitSeconds: seconds,
            })
          : `${position === 1 ? "You're next in line" : `You're now ${ordinal(position)} in line`}; the wait is ${formatWait(seconds)}.`;
        updates.push({
          handoffId: h.id,
          conversationId: h.conversationId,
          patch: { lastToldPosition: position, lastToldText: key },
          body: { type: 'expectation', text, position, estimatedWaitSeconds: seconds },
          at,
        });
      }
    }
    if (!updates.length) return;
    for (const { conversationId, event } of await store.recordExpectations(updates, WAITING)) listener.customerEvent?.(conversationId, event);
  }

  // ---- offering -----------------------------------------------------------------------------------------
  function loads(open: HandoffRecord[]): Map<string, number> {
    const m = new Map<string, number>();
    for (const h of open) {
      if (h.status !== 'offered' && h.status !== 'active') continue;
      const who = h.status === 'offered' ? h.offeredTo : h.agentId;
      if (who) m.set(who, (m.get(who) ?? 0) + 1);
    }
    return m;
  }

  function canTakeOffers(a: AgentRecord, load: number): boolean {
    return isConnected(a.id) && a.status === 'available' && load < a.capacity;
  }

  function scheduleRetry(at: number): void {
    if (stopped || at >= retryAt) return;
    if (retryTimer !== undefined) timers.clear(retryTimer);
    retryAt = at;
    retryTimer = timers.set(
      guarded('reoffer', async () => {
        retryTimer = undefined;
        retryAt = Number.POSITIVE_INFINITY;
        await dispatch();
      }),
      Math.max(0, at - now()),
    );
  }

  /**
   * The agent to offer a hand-off to. Whoever declined it or let it time out is passed over while anyone else
   * eligible is free; once nobody else is, they are asked again after `reofferAfterMs` (the one who declined
   * longest ago first), so a customer is never stranded while someone who could help is online.
   */
  async function pickAgent(h: HandoffRecord, agents: AgentRecord[], load: Map<string, number>): Promise<AgentRecord | undefined> {
    const declines = new Map((await store.declinesOf(h.id)).map((d) => [d.agentId, Date.parse(d.at)]));
    const declined = new Set(declines.keys());
    if (h.preferredAgentId && !declined.has(h.preferredAgentId)) {
      const preferred = agents.find((a) => a.id === h.preferredAgentId);
      if (preferred && canTakeOffers(preferred, load.get(preferred.id) ?? 0)) return preferred;
    }
    const able = agents.filter((a) => canTakeOffers(a, load.get(a.id) ?? 0) && agentServes(a.skills, h));
    const fresh = able.filter((a) => !declined.has(a.id));
    if (fresh.length === 0 && able.length > 0) {
      const byOldestDecline = able.sort((a, b) => (declines.get(a.id) ?? 0) - (declines.get(b.id) ?? 0));
      const first = byOldestDecline[0]!;
      const askAgainAt = (declines.get(first.id) ?? 0) + reofferAfterMs;
      if (askAgainAt <= now()) return first;
      scheduleRetry(askAgainAt);
      return undefined;
    }
    const eligible = fresh;
    // Least loaded (relative to capacity) first, then whoever waited longest for an offer.
    eligible.sort((a, b) => {
      const ra = (load.get(a.id) ?? 0) / a.capacity;
      const rb = (load.get(b.id) ?? 0) / b.capacity;
      if (ra !== rb) return ra - rb;
      const la = lastOfferAt.get(a.id) ?? 0;
      const lb = lastOfferAt.get(b.id) ?? 0;
      if (la !== lb) return la - lb;
      return a.id < b.id ? -1 : 1;
    });
    return eligible[0];
  }

  async function offer(h: HandoffRecord, agent: AgentRecord): Promise<boolean> {
    await listener.beforeOffer?.(h, agent.id);
    const expiresAt = new Date(now() + offerTimeoutMs).toISOString();
    if (!(await store.updateHandoff(h.id, ['queued'], { status: 'offered', offeredTo: agent.id, offerExpiresAt: expiresAt }))) return false;
    // Armed before anything else can fail: an offer whose event never went out still times out and moves on.
    offerTimers.set(
      h.id,
      timers.set(
        guarded('offer_timeout', () => offerTimedOut(h.id, agent.id)),
        offerTimeoutMs,
      ),
    );
    lastOfferAt.set(agent.id, now());
    const offered = await reload(h.id);
    await toAgent(agent.id, { type: 'offer', conversation: await view(offered), expiresAt });
    log.info('handoff.offered', { handoffId: h.id, agentId: agent.id });
    return true;
  }

  function clearOfferTimer(handoffId: string): void {
    const t = offerTimers.get(handoffId);
    if (t !== undefined) timers.clear(t);
    offerTimers.delete(handoffId);
  }

  /** Takes an offer back and puts the hand-off in the queue again; `remember` keeps that agent from being asked again. */
  async function revokeOffer(
    h: HandoffRecord,
    reason: 'timeout' | 'declined' | 'taken' | 'ended',
    remember: boolean,
    nextStatus: HandoffStatus = 'queued',
  ): Promise<boolean> {
    const agentId = h.offeredTo;
    if (h.status !== 'offered' || !agentId) return false;
    if (!(await store.updateHandoff(h.id, ['offered'], { status: nextStatus, offeredTo: undefined, offerExpiresAt: undefined }))) return false;
    clearOfferTimer(h.id);
    if (remember) await store.addDecline(h.id, agentId, iso());
    await toAgent(agentId, { type: 'offer.revoked', handoffId: h.id, reason });
    log.info('handoff.offer_revoked', { handoffId: h.id, agentId, reason });
    return true;
  }

  /** Matches waiting hand-offs to agents in priority order, then refreshes what waiting customers are told. */
  async function dispatch(): Promise<void> {
    const agents = await store.listAgents();
    const before = await store.listHandoffsByStatus(OPEN);
    const load = loads(before);
    const free = (): boolean => agents.some((a) => canTakeOffers(a, load.get(a.id) ?? 0));
    // With every agent busy (the usual state of a backlog) there is nothing to match: skip the scan.
    let offered = false;
    if (free()) {
      const queued = before.filter((h) => h.status === 'queued').sort(order);
      for (const h of queued) {
        const agent = await pickAgent(h, agents, load);
        if (agent && (await offer(h, agent))) {
          offered = true;
          load.set(agent.id, (load.get(agent.id) ?? 0) + 1);
          if (!free()) break;
        }
      }
    }
    await announceExpectations(await waitingByQueue(offered ? undefined : before), agents);
    listener.queuesChanged?.();
  }

  async function offerTimedOut(handoffId: string, agentId: string): Promise<void> {
    offerTimers.delete(handoffId);
    const h = await store.getHandoff(handoffId);
    if (!h || h.status !== 'offered' || h.offeredTo !== agentId) return;
    await revokeOffer(h, 'timeout', true);
    await dispatch();
  }

  // ---- ownership ----------------------------------------------------------------------------------------
  async function held(agentId: string, handoffId: string): Promise<Result<HandoffRecord>> {
    const h = await store.getHandoff(handoffId);
    if (!h) return fail('not_found', `No hand-off ${handoffId}. Refresh your inbox.`);
    if (h.status !== 'active' || h.agentId !== agentId) {
      return fail('forbidden', 'This conversation is not assigned to you (it may have been transferred, reassigned or ended).');
    }
    return ok(h);
  }

  async function requeueHeld(h: HandoffRecord, removal: 'requeued' | 'transferred', patch: Partial<HandoffRecord> = {}): Promise<boolean> {
    const previous = h.agentId;
    const changed = await store.updateHandoff(h.id, ['active'], {
      status: 'queued',
      agentId: undefined,
      acceptedAt: undefined,
      queuedAt: iso(),
      lastToldPosition: undefined,
      lastToldText: undefined,
      ...patch,
    });
    if (changed && previous) await toAgent(previous, { type: 'conversation.removed', handoffId: h.id, reason: removal });
    return changed;
  }

  function endAndTell(h: HandoffRecord, status: HandoffStatus, reason: string, extra: Partial<HandoffRecord> = {}): Promise<boolean> {
    return store.updateHandoff(h.id, [h.status], { status, endedAt: iso(), endReason: reason, offeredTo: undefined, offerExpiresAt: undefined, ...extra });
  }

  async function answerFor(h: HandoffRecord): Promise<HandoffAccepted> {
    const told = (await store.customerEventsOfHandoff(h.id, 'expectation')).at(-1);
    return {
      handoffId: h.id,
      conversationId: h.conversationId,
      // To the bot an offer in flight is still waiting in the queue (PRODUCT.md answers "queued"); which agent
      // is being asked is routing detail that changes by the second.
      status: h.status === 'offered' ? 'queued' : h.status,
      position: told && told.type === 'expectation' ? told.position : 0,
      estimatedWaitSeconds: told && told.type === 'expectation' ? told.estimatedWaitSeconds : 0,
      customerMessage: told && 'text' in told ? told.text : '',
    };
  }

  function startGrace(agentId: string): void {
    const existing = graceTimers.get(agentId);
    if (existing !== undefined) timers.clear(existing);
    graceTimers.set(
      agentId,
      timers.set(
        guarded('grace', () => graceExpired(agentId)),
        reconnectGraceMs,
      ),
    );
  }

  async function graceExpired(agentId: string): Promise<void> {
    graceTimers.delete(agentId);
    if (isConnected(agentId)) return;
    for (const h of await store.listHandoffsByStatus(['active'])) if (h.agentId === agentId) await requeueHeld(h, 'requeued');
    log.info('agent.grace_expired', { agentId });
    await dispatch();
  }

  // ---- the public operations (each one runs alone) ------------------------------------------------------
  const router = {
    /** Restores timers after a restart: open offers go back to the queue, absent agents get their grace period. */
    start: (): Promise<void> =>
      exclusive(async () => {
        for (const h of await store.listHandoffsByStatus(['offered'])) await revokeOffer(h, 'timeout', false);
        const active = await store.listHandoffsByStatus(['active']);
        const holders = new Set(active.map((h) => h.agentId).filter((a): a is string => Boolean(a)));
        for (const agentId of holders) if (!isConnected(agentId)) startGrace(agentId);
        await dispatch();
      }),

    stop(): void {
      stopped = true;
      for (const t of offerTimers.values()) timers.clear(t);
      for (const t of graceTimers.values()) timers.clear(t);
      if (retryTimer !== undefined) timers.clear(retryTimer);
      offerTimers.clear();
      graceTimers.clear();
    },

    /** Settles once every operation started so far has finished. */
    idle: (): Promise<void> => exclusive(async () => {}),

    /** Runs `fn` with no router operation in between (the socket layer replays and joins under it). */
    withLock: <T>(fn: () => Promise<T>): Promise<T> => exclusive(fn),

    /**
     * For a desk starting fresh (no history to resume from): appends and answers an `offer` event for each hand-off
     * offered to this agent now and a `conversation.assigned` for each they hold, so the desk learns the current
     * state from a few events with real seqs instead of a replay of everything the agent ever did. Call it only
     * inside `withLock` (it does not take the lock itself).
     */
    async currentStateEvents(agentId: string): Promise<AgentEvent[]> {
      const out: AgentEvent[] = [];
      for (const h of await store.listHandoffsByStatus(['active', 'offered'])) {
        if (h.status === 'active' && h.agentId === agentId) {
          out.push(await toAgent(agentId, { type: 'conversation.assigned', conversation: await view(h) }));
        } else if (h.status === 'offered' && h.offeredTo === agentId) {
          const expiresAt = h.offerExpiresAt ?? new Date(now() + offerTimeoutMs).toISOString();
          out.push(await toAgent(agentId, { type: 'offer', conversation: await view(h), expiresAt }));
        }
      }
      return out;
    },

    submit: (req: HandoffRequest, source: 'api' | 'botframework' = 'api', callbackUrl?: string): Promise<SubmitResult> =>
      exclusive(async () => {
        const existing = await store.latestHandoffForConversation(req.conversationId);
        if (existing && OPEN.includes(existing.status)) return { created: false, answer: await answerFor(existing), handoff: existing };
        const at = iso();
        const { transcript, ...context } = req;
        const tier = (req.customer.tier ?? '').toLowerCase();
        const url = callbackUrl ?? req.callbackUrl;
        const h: HandoffRecord = {
          id: randomUUID(),
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
        await store.createHandoff(h, turns);
        log.info('handoff.created', { handoffId: h.id, queue: h.queue, trigger: h.trigger, vip: h.vip });
        await dispatch();
        const stored = await reload(h.id);
        return { created: true, answer: await answerFor(stored), handoff: stored };
      }),

    connect: (agentId: string): Promise<void> =>
      exclusive(async () => {
        if (stopped) return;
        connections.set(agentId, (connections.get(agentId) ?? 0) + 1);
        const t = graceTimers.get(agentId);
        if (t !== undefined) timers.clear(t);
        graceTimers.delete(agentId);
        await dispatch();
      }),

    disconnect: (agentId: string): Promise<void> =>
      exclusive(async () => {
        if (stopped) return;
        const left = Math.max(0, (connections.get(agentId) ?? 0) - 1);
        if (left > 0) {
          connections.set(agentId, left);
          return;
        }
        connections.delete(agentId);
        // An offer to someone who is gone would only make the customer wait out the timeout.
        for (const h of await store.listHandoffsByStatus(['offered'])) if (h.offeredTo === agentId) await revokeOffer(h, 'timeout', false);
        if ((await store.listHandoffsByStatus(['active'])).some((h) => h.agentId === agentId)) startGrace(agentId);
        await dispatch();
      }),

    isConnected,

    setStatus: (agentId: string, status: AgentStatus): Promise<Result<AgentStatus>> =>
      exclusive(async () => {
        const agent = await store.getAgent(agentId);
        if (!agent) return fail('not_found', 'Unknown agent.');
        await store.setAgentStatus(agentId, status);
        if (status !== 'available') {
          for (const h of await store.listHandoffsByStatus(['offered'])) if (h.offeredTo === agentId) await revokeOffer(h, 'declined', false);
        }
        await dispatch();
        return ok(status);
      }),

    accept: (agentId: string, handoffId: string): Promise<Result<ConversationView>> =>
      exclusive(async () => {
        const h = await store.getHandoff(handoffId);
        if (!h) return fail('not_found', `No hand-off ${handoffId}. Refresh your inbox.`);
        // A retry after a lost acknowledgement finds the conversation already theirs.
        if (h.status === 'active' && h.agentId === agentId) return ok(await view(h));
        if (h.status !== 'offered' || h.offeredTo !== agentId) {
          return fail('conflict', 'This offer is no longer yours: it timed out, was declined or went to someone else. Wait for the next offer.');
        }
        const agent = await store.getAgent(agentId);
        const name = agent?.name ?? 'An agent';
        // The claim and the customer's "X has joined" commit together (see HubStore.claimOffer).
        const joined = await store.claimOffer(handoffId, agentId, iso(), { type: 'agent.joined', agentName: name, text: joinedText(name) });
        if (!joined) return fail('conflict', 'Someone else took this conversation first.');
        clearOfferTimer(handoffId);
        listener.customerEvent?.(h.conversationId, joined);
        const accepted = await reload(handoffId);
        const v = await view(accepted);
        await toAgent(agentId, { type: 'conversation.assigned', conversation: v });
        listener.handoffStatus?.(accepted, 'accepted');
        log.info('handoff.accepted', { handoffId, agentId });
        await dispatch();
        return ok(v);
      }),

    decline: (agentId: string, handoffId: string): Promise<Result<null>> =>
      exclusive(async () => {
        const h = await store.getHandoff(handoffId);
        if (!h) return fail('not_found', `No hand-off ${handoffId}.`);
        if (h.status !== 'offered' || h.offeredTo !== agentId) return fail('conflict', 'This offer is no longer yours to decline.');
        await revokeOffer(h, 'declined', true);
        await dispatch();
        return ok(null);
      }),

    sendAgentMessage: (agentId: string, req: { handoffId: string; clientMessageId: string; text: string }): Promise<Result<Message>> =>
      exclusive(async () => {
        const agent = await store.getAgent(agentId);
        const h0 = await store.getHandoff(req.handoffId);
        // A retried send of a message that already went out answers the stored one, whoever holds the conversation now
        // (a reassign or transfer between the send and its retry must not turn a delivered reply into "not delivered").
        if (h0 && agent && (h0.agentId === agentId || (await store.heldBy(h0.id, agentId)))) {
          const prior = (await store.listMessages(h0.id)).find((m) => m.role === 'agent' && m.clientMessageId === req.clientMessageId);
          if (prior) return ok(prior);
        }
        const owned = await held(agentId, req.handoffId);
        if (!owned.ok) return owned;
        const h = owned.value;
        const { message, created } = await store.appendMessage({
          handoffId: h.id,
          role: 'agent',
          text: req.text,
          at: iso(),
          clientMessageId: req.clientMessageId,
          ...(agent ? { authorName: agent.name } : {}),
          beforeHandoff: false,
        });
        if (created) {
          await toCustomer(h, { type: 'message', messageId: message.id, role: 'agent', text: message.text, ...(agent ? { authorName: agent.name } : {}) });
          await toAgent(agentId, { type: 'message', message });
        }
        return ok(message);
      }),

    customerMessage: (conversationId: string, req: { text: string; clientMessageId: string }): Promise<Result<{ message: Message; created: boolean }>> =>
      exclusive(async () => {
        const h = await store.latestHandoffForConversation(conversationId);
        if (!h) return fail('not_found', `No hand-off for conversation ${conversationId}. Post it to /v1/handoffs first.`);
        const prior = (await store.listMessages(h.id)).find((m) => m.role === 'customer' && m.clientMessageId === req.clientMessageId);
        if (prior) return ok({ message: prior, created: false });
        if (!OPEN.includes(h.status)) return fail('conflict', `The hand-off of conversation ${conversationId} has ended (${h.status}); start a new hand-off.`);
        const result = await store.appendMessage({ handoffId: h.id, role: 'customer', text: req.text, at: iso(), clientMessageId: req.clientMessageId, beforeHandoff: false });
        if (result.created && h.status === 'active' && h.agentId) await toAgent(h.agentId, { type: 'message', message: result.message });
        return ok(result);
      }),

    resolve: (agentId: string, handoffId: string, wrapUp: WrapUp): Promise<Result<null>> =>
      exclusive(async () => {
        const owned = await held(agentId, handoffId);
        if (!owned.ok) return owned;
        const h = owned.value;
        if (!(await endAndTell(h, 'resolved', 'resolved', { resolution: wrapUp.resolution, disposition: wrapUp.disposition, notes: wrapUp.notes }))) {
          return fail('conflict', 'The conversation changed while resolving; refresh and try again.');
        }
        const ended = await reload(handoffId);
        if (wrapUp.requestCsat) await toCustomer(ended, { type: 'csat.requested', text: 'How did we do? Please rate this conversation from 1 (poor) to 5 (excellent).' });
        await toCustomer(ended, { type: 'conversation.ended', reason: 'resolved', text: 'This conversation has ended. Thank you for contacting us.' });
        await toAgent(agentId, { type: 'conversation.removed', handoffId, reason: 'resolved' });
        listener.handoffStatus?.(ended, 'completed');
        log.info('handoff.resolved', { handoffId, agentId, resolution: wrapUp.resolution });
        await dispatch();
        return ok(null);
      }),

    transfer: (agentId: string, req: { handoffId: string; queue?: string; agentId?: string; note?: string }): Promise<Result<null>> =>
      exclusive(async () => {
        const owned = await held(agentId, req.handoffId);
        if (!owned.ok) return owned;
        const h = owned.value;
        if (req.agentId) {
          if (req.agentId === agentId) return fail('invalid', 'You already hold this conversation; pick another agent or a queue.');
          if (!(await store.getAgent(req.agentId))) return fail('not_found', `No agent ${req.agentId}.`);
        }
        const patch: Partial<HandoffRecord> = req.queue ? { queue: req.queue, skills: [], preferredAgentId: undefined } : { preferredAgentId: req.agentId };
        if (!(await requeueHeld(h, 'transferred', patch))) return fail('conflict', 'The conversation changed while transferring; refresh and try again.');
        // The transferring agent is not offered it back.
        await store.addDecline(h.id, agentId, iso());
        if (req.note) await store.appendMessage({ handoffId: h.id, role: 'system', text: `Transfer note: ${req.note}`, at: iso(), beforeHandoff: false });
        const moved = await reload(h.id);
        const target = req.queue ? specialistFor(req.queue) : 'a colleague';
        await toCustomer(moved, { type: 'transferred', text: `I'm transferring you to ${target}. You can keep typing here — they'll see everything you've said.` });
        log.info('handoff.transferred', { handoffId: h.id, agentId, queue: moved.queue });
        await dispatch();
        return ok(null);
      }),

    handBack: (agentId: string, handoffId: string): Promise<Result<null>> =>
      exclusive(async () => {
        const owned = await held(agentId, handoffId);
        if (!owned.ok) return owned;
        const h = owned.value;
        if (!(await endAndTell(h, 'handed_back', 'handed_back'))) return fail('conflict', 'The conversation changed; refresh and try again.');
        const ended = await reload(handoffId);
        await toCustomer(ended, { type: 'handed_back', text: "You're back with our virtual assistant, which can help with the rest." });
        await toCustomer(ended, { type: 'conversation.ended', reason: 'handed_back', text: 'The agent has handed this conversation back to our assistant.' });
        await toAgent(agentId, { type: 'conversation.removed', handoffId, reason: 'handed_back' });
        listener.handoffStatus?.(ended, 'completed');
        await dispatch();
        return ok(null);
      }),

    reassign: (handoffId: string, targetId: string): Promise<Result<null>> =>
      exclusive(async () => {
        const h = await store.getHandoff(handoffId);
        if (!h) return fail('not_found', `No hand-off ${handoffId}.`);
        const target = await store.getAgent(targetId);
        if (!target) return fail('not_found', `No agent ${targetId}.`);
        if (!OPEN.includes(h.status)) return fail('conflict', `The hand-off has ended (${h.status}).`);
        const load = loads(await store.listHandoffsByStatus(OPEN)).get(targetId) ?? 0;
        if (h.status === 'active') {
          if (h.agentId === targetId) return ok(null);
          if (load >= target.capacity) return fail('capacity', `${target.name} is at capacity (${target.capacity}); free a slot or pick someone else.`);
          // A live conversation handed to someone who is not there would leave the customer with nobody.
          if (!isConnected(targetId)) return fail('unavailable', `${target.name} is not connected; pick an agent who is online.`);
          const previous = h.agentId;
          if (!(await store.updateHandoff(h.id, ['active'], { agentId: targetId, acceptedAt: iso(), humanContacts: h.humanContacts + 1 }))) {
            return fail('conflict', 'The conversation changed; refresh and try again.');
          }
          if (previous) await toAgent(previous, { type: 'conversation.removed', handoffId, reason: 'transferred' });
          const moved = await reload(handoffId);
          await toCustomer(moved, { type: 'agent.joined', agentName: target.name, text: joinedText(target.name) });
          await toAgent(targetId, { type: 'conversation.assigned', conversation: await view(moved) });
          await dispatch();
          return ok(null);
        }
        if (h.status === 'offered') await revokeOffer(h, 'taken', false);
        await store.updateHandoff(handoffId, ['queued'], { preferredAgentId: targetId });
        await dispatch();
        return ok(null);
      }),

    customerEnd: (conversationId: string): Promise<Result<{ status: HandoffStatus }>> =>
      exclusive(async () => {
        const h = await store.latestHandoffForConversation(conversationId);
        if (!h) return fail('not_found', `No hand-off for conversation ${conversationId}.`);
        if (!OPEN.includes(h.status)) return ok({ status: h.status });
        if (h.status === 'offered') await revokeOffer(h, 'ended', false, 'queued');
        const current = await reload(h.id);
        const answered = current.status === 'active';
        if (!(await endAndTell(current, 'abandoned', answered ? 'customer_left_after_answer' : 'customer_left'))) {
          return fail('conflict', 'The conversation changed; try again.');
        }
        const ended = await reload(h.id);
        await toCustomer(ended, { type: 'conversation.ended', reason: 'abandoned', text: 'You left the conversation.' });
        if (answered && current.agentId) await toAgent(current.agentId, { type: 'conversation.removed', handoffId: h.id, reason: 'abandoned' });
        listener.handoffStatus?.(ended, answered ? 'completed' : 'failed');
        log.info('handoff.customer_left', { handoffId: h.id, answered });
        await dispatch();
        return ok({ status: ended.status });
      }),

    csat: (conversationId: string, score: number, comment?: string): Promise<Result<null>> =>
      exclusive(async () => {
        const h = await store.latestHandoffForConversation(conversationId);
        if (!h) return fail('not_found', `No hand-off for conversation ${conversationId}.`);
        const refused = csatRefusal(h);
        if (refused) return fail('conflict', refused);
        await store.updateHandoff(h.id, [h.status], { csatScore: score, ...(comment ? { csatComment: comment } : {}) });
        return ok(null);
      }),

    suggestionFeedback: (
      agentId: string,
      req: { handoffId: string; suggestionId: string; action: 'inserted' | 'edited' | 'dismissed'; provider?: string },
    ): Promise<Result<null>> =>
      exclusive(async () => {
        const h = await store.getHandoff(req.handoffId);
        // Whoever transferred, handed on or lost a conversation still rates the suggestions they saw in it.
        if (!h || (h.agentId !== agentId && !(await store.heldBy(h.id, agentId)))) {
          return fail('forbidden', 'Feedback is only accepted for conversations you hold or held.');
        }
        await store.addSuggestionFeedback({ ...req, agentId, at: iso() });
        return ok(null);
      }),

    /** Whether this agent may see the hand-off: it is offered to them, theirs, or they supervise. */
    async canSee(agent: AgentRecord, handoffId: string): Promise<boolean> {
      const h = await store.getHandoff(handoffId);
      if (!h) return false;
      return agent.role === 'supervisor' || h.agentId === agent.id || h.offeredTo === agent.id;
    },

    async view(handoffId: string): Promise<ConversationView | undefined> {
      const h = await store.getHandoff(handoffId);
      return h ? view(h) : undefined;
    },

    answerFor,

    async queues(): Promise<QueueSnapshot[]> {
      const byQueue = await waitingByQueue();
      const agents = await store.listAgents();
      const t = now();
      const hourAgo = new Date(t - 3_600_000).toISOString();
      const recent = await store.listHandoffsCreatedBetween(hourAgo, new Date(t).toISOString());
      const names = new Set<string>([...byQueue.keys(), ...recent.map((h) => h.queue)]);
      for (const a of agents) for (const s of a.skills) if (s !== '*') names.add(s);
      const out: QueueSnapshot[] = [];
      for (const queue of [...names].sort()) {
        const waiting = byQueue.get(queue) ?? [];
        const estimate = await estimator(queue, agents);
        const inQueue = recent.filter((h) => h.queue === queue);
        const decided = inQueue.filter((h) => h.firstAcceptedAt || (h.status === 'abandoned' && !h.firstAcceptedAt));
        const inTime = decided.filter((h) => h.firstAcceptedAt && Date.parse(h.firstAcceptedAt) - Date.parse(h.createdAt) <= serviceLevelSeconds * 1000);
        const oldest = waiting.reduce((min, h) => Math.min(min, Date.parse(h.createdAt)), t);
        out.push({
          queue,
          waiting: waiting.length,
          longestWaitSeconds: Math.max(0, Math.round((t - oldest) / 1000)),
          estimatedWaitSeconds: estimate(waiting.length + 1),
          serviceLevel: decided.length ? inTime.length / decided.length : 1,
          abandoned: inQueue.filter((h) => h.status === 'abandoned' && !h.firstAcceptedAt).length,
          agentsAvailable: servingCount(agents, queue),
        });
      }
      return out;
    },

    /**
     * Everyone waiting, per queue in the order they will be served, with what they were last told. `withPeople`
     * adds who they are and why they were handed off: for agents and supervisors, never for a bot key.
     */
    async waitingList(opts: { withPeople?: boolean } = {}): Promise<WaitingEntry[]> {
      const t = now();
      const out: WaitingEntry[] = [];
      for (const [queue, list] of await waitingByQueue()) {
        for (const [i, h] of list.entries()) {
          const told = (await store.customerEventsOfHandoff(h.id, 'expectation')).at(-1);
          out.push({
            handoffId: h.id,
            conversationId: h.conversationId,
            queue,
            position: i + 1,
            estimatedWaitSeconds: told?.type === 'expectation' ? told.estimatedWaitSeconds : 0,
            waitedSeconds: Math.max(0, Math.round((t - Date.parse(h.createdAt)) / 1000)),
            trigger: h.trigger,
            vip: h.vip,
            frustrated: h.frustrated,
            status: h.status,
            ...(opts.withPeople
              ? {
                  customer: { id: h.customerId, ...(h.context.customer.name ? { name: h.context.customer.name } : {}), ...(h.context.customer.tier ? { tier: h.context.customer.tier } : {}) },
                  ...(h.context.reason.detail ? { detail: h.context.reason.detail } : {}),
                }
              : {}),
          });
        }
      }
      return out;
    },

    async presence(): Promise<AgentPresence[]> {
      const load = new Map<string, number>();
      for (const h of await store.listHandoffsByStatus(['active'])) if (h.agentId) load.set(h.agentId, (load.get(h.agentId) ?? 0) + 1);
      return (await store.listAgents()).map((a) => ({ ...a, connected: isConnected(a.id), activeConversations: load.get(a.id) ?? 0 }));
    },

    /** For tests and the grace timer: re-queues what a disconnected agent still holds. */
    graceExpired: (agentId: string): Promise<void> => exclusive(() => graceExpired(agentId)),

    /** For tests: fires the offer timeout of a hand-off now. */
    expireOffer: (handoffId: string): Promise<void> =>
      exclusive(async () => {
        const h = await store.getHandoff(handoffId);
        if (h?.status === 'offered' && h.offeredTo) {
          clearOfferTimer(handoffId);
          await offerTimedOut(handoffId, h.offeredTo);
        }
      }),
  };

  return router;
}
