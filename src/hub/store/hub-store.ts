// The hub's persistence contract. The router and the HTTP/socket layers talk only to this interface, so a
// PostgreSQL implementation can follow the SQLite one. It is asynchronous, as a network database is; the
// embedded SQLite store answers at once. Every method is one atomic unit of work: a state change and the facts
// that must go with it (the messages of a new hand-off, the sequence number of an event) are written together,
// so a PostgreSQL store runs each method in one transaction. Conditional updates (`updateHandoff` with
// `fromStatuses`, and `claimOffer`: UPDATE ... WHERE status = 'offered' AND offered_to = ?) are what keep two
// callers, or two hub processes, from both winning the same change.
import type { AgentEvent, AgentEventBody } from '../../shared/protocol/agent-socket';
import type { CustomerEvent, CustomerEventBody } from '../../shared/protocol/customer-events';
import type { AgentProfile, AgentStatus, Message } from '../../shared/domain/conversation';
import type { HandoffRequest, HandoffStatus, Trigger } from '../../shared/domain/handoff';
import type { KbArticle } from '../../shared/domain/assist';

/** An agent as the hub stores it: the shared profile plus when it was created. */
export interface AgentRecord extends AgentProfile {
  createdAt: string;
  /** When the agent's current token stops working (ISO-8601); absent = it does not expire. */
  tokenExpiresAt?: string;
  /**
   * Set while the agent is away with conversations held: when they go back to the queue unless the agent
   * reconnects (ISO-8601). Stored, so a hub that restarts or takes over the routing keeps the same deadline.
   */
  graceUntil?: string;
}

/** The hand-off context as the bot sent it, without the transcript (kept as messages). */
export type HandoffContext = Omit<HandoffRequest, 'transcript'>;

export interface HandoffRecord {
  id: string;
  conversationId: string;
  customerId: string;
  source: 'api' | 'botframework';
  context: HandoffContext;
  trigger: Trigger;
  queue: string;
  skills: string[];
  vip: boolean;
  frustrated: boolean;
  status: HandoffStatus;
  createdAt: string;
  /** When it last entered a queue (creation, transfer, re-queue); longest wait counts from createdAt. */
  queuedAt: string;
  offeredTo?: string;
  offerExpiresAt?: string;
  preferredAgentId?: string;
  agentId?: string;
  acceptedAt?: string;
  firstAcceptedAt?: string;
  /** How many times an agent accepted it (1 = resolved on first human contact). */
  humanContacts: number;
  endedAt?: string;
  endReason?: string;
  resolution?: string;
  disposition?: string;
  notes?: string;
  csatScore?: number;
  csatComment?: string;
  lastToldPosition?: number;
  lastToldText?: string;
  /** When the waiting customer was last told their place (ISO); re-tellings are spaced from it. */
  lastToldAt?: string;
  callbackUrl?: string;
}

/** Events that announce a change, written in the same transaction as the change (see HubStore.changeHandoff). */
export interface Tell {
  /** Appended to the hand-off's conversation, in order. */
  customer?: CustomerEventBody[];
  agents?: { agentId: string; body: AgentEventBody }[];
  /** Recorded as a decline (the agent is passed over for a while). */
  decline?: { agentId: string };
  messages?: NewMessage[];
}

/** What a Tell appended. */
export interface Told {
  customer: CustomerEvent[];
  agents: { agentId: string; event: AgentEvent }[];
}

/** Who may write a message and who hears of it (see HubStore.recordMessage). */
export type MessageSender = { from: 'agent'; agentId: string } | { from: 'customer' };

export type RecordedMessage =
  | { ok: true; message: Message; created: boolean; told: Told }
  | { ok: false; reason: 'not_found' | 'not_holder' | 'ended'; status?: HandoffStatus };

/** A message before the store gives it an id; the store always records whether it came before the hand-off. */
export type NewMessage = Omit<Message, 'id' | 'beforeHandoff'> & { beforeHandoff: boolean };

export interface QueueTally {
  queue: string;
  /** Answered, or abandoned before anyone answered. */
  decided: number;
  /** Answered within the service level. */
  inTime: number;
  /** Abandoned before anyone answered. */
  abandoned: number;
}

export interface SuggestionFeedbackRecord {
  handoffId: string;
  agentId: string;
  suggestionId: string;
  action: 'inserted' | 'edited' | 'dismissed';
  provider?: string;
  at: string;
}

export type HandoffPatch = Partial<Omit<HandoffRecord, 'id' | 'conversationId' | 'customerId' | 'source' | 'context' | 'createdAt'>>;

export interface BotRecord {
  id: string;
  name: string;
  createdAt: string;
  keys: { keyId: string; createdAt: string; revokedAt?: string }[];
}

export interface HubStore {
  /** Creates the bot if needed and adds a key (stored as its hash) to it. */
  addBotKey(bot: { id: string; name: string }, keyHash: string, at: string): Promise<void>;
  /** The bot a key belongs to, unless the key was revoked. */
  botForKeyHash(keyHash: string): Promise<string | undefined>;
  listBots(): Promise<BotRecord[]>;
  /** Revokes the bot's keys (all, or those whose id starts with `keyId`); answers how many. */
  revokeBotKeys(botId: string, at: string, keyId?: string): Promise<number>;
  /** Records the bot as the conversation's owner unless another already is; answers the owner. */
  claimConversation(conversationId: string, botId: string): Promise<string>;
  conversationOwner(conversationId: string): Promise<string | undefined>;
  // Agents
  upsertAgent(agent: AgentRecord, tokenHash: string): Promise<void>;
  getAgent(id: string): Promise<AgentRecord | undefined>;
  getAgentByTokenHash(tokenHash: string): Promise<AgentRecord | undefined>;
  listAgents(): Promise<AgentRecord[]>;
  setAgentStatus(id: string, status: AgentStatus): Promise<void>;
  /** Sets (or, with undefined, clears) the agent's reconnect grace deadline. */
  setAgentGrace(id: string, until: string | undefined): Promise<void>;

  // Hand-offs
  /** Inserts the hand-off and its transcript messages together. */
  createHandoff(handoff: HandoffRecord, transcript: NewMessage[]): Promise<void>;
  getHandoff(id: string): Promise<HandoffRecord | undefined>;
  /** The newest hand-off of a bot-side conversation id. */
  latestHandoffForConversation(conversationId: string): Promise<HandoffRecord | undefined>;
  /** Hand-offs in any of the given statuses, oldest first. */
  listHandoffsByStatus(statuses: HandoffStatus[]): Promise<HandoffRecord[]>;
  /** Updates a hand-off only if its status is one of `fromStatuses`; answers whether it did. A new agentId is recorded as a holder. */
  updateHandoff(id: string, fromStatuses: HandoffStatus[], patch: HandoffPatch): Promise<boolean>;
  /**
   * The atomic claim: succeeds only if the hand-off is still offered to this agent. In the same transaction it
   * clears what the waiting customer was last told and appends `joined` to the customer's events, so a failure
   * after the claim can never leave the customer untold that someone took the conversation. Answers that event,
   * or undefined when the claim lost.
   */
  claimOffer(handoffId: string, agentId: string, at: string, joined: CustomerEventBody): Promise<CustomerEvent | undefined>;
  /** Whether this agent holds or ever held the hand-off (`claimOffer` and `updateHandoff` with an agentId record it). */
  heldBy(handoffId: string, agentId: string): Promise<boolean>;
  addDecline(handoffId: string, agentId: string, at: string): Promise<void>;
  declinedBy(handoffId: string): Promise<string[]>;
  /** Who declined or missed an offer of this hand-off, and when (their latest time). */
  declinesOf(handoffId: string): Promise<{ agentId: string; at: string }[]>;
  /** Answer times in seconds (queued -> first accepted) of the most recent answered hand-offs, oldest first. */
  recentAnswerSeconds(queue: string, limit: number): Promise<number[]>;
  /** Average handle time in seconds over the most recent ended, answered hand-offs; undefined without data. */
  averageHandleSeconds(queue: string, limit: number): Promise<number | undefined>;
  listHandoffsCreatedBetween(from: string, to: string): Promise<HandoffRecord[]>;
  /**
   * Per queue, what was decided of the hand-offs created in [from, to]: answered or abandoned, answered within
   * `serviceLevelMs`, abandoned unanswered. Counted by the database (the supervisors' queue figures are pushed
   * several times a second; reading every row of the last hour for them cost more than the requests they follow).
   */
  queueTallies(from: string, to: string, serviceLevelMs: number): Promise<QueueTally[]>;
  handoffsOfCustomerAfter(customerId: string, after: string): Promise<HandoffRecord[]>;

  // Messages
  /** Appends a message; if one with the same role and clientMessageId exists, answers that one instead. */
  appendMessage(message: NewMessage): Promise<{ message: Message; created: boolean }>;
  listMessages(handoffId: string): Promise<Message[]>;

  // Event logs
  appendAgentEvent(agentId: string, body: AgentEventBody, at: string): Promise<AgentEvent>;
  /** At most `limit` events after `afterSeq`, in order (a desk catching up pages through them). */
  agentEventsAfter(agentId: string, afterSeq: number, limit: number): Promise<AgentEvent[]>;
  agentHeadSeq(agentId: string): Promise<number>;
  appendCustomerEvent(conversationId: string, handoffId: string, body: CustomerEventBody, at: string): Promise<CustomerEvent>;
  customerEventsAfter(conversationId: string, afterSeq: number, limit: number): Promise<CustomerEvent[]>;
  /**
   * What waiting customers are told as the queue moves, all in one transaction: for each hand-off still in
   * `fromStatuses`, apply its patch and append its customer event. Answers the events appended. (One VIP arriving
   * moves everyone behind them: one commit for all of them, not two each.)
   */
  recordExpectations(items: ExpectationUpdate[], fromStatuses: HandoffStatus[]): Promise<{ conversationId: string; event: CustomerEvent }[]>;
  customerEventsOfHandoff(handoffId: string, type: CustomerEventBody['type']): Promise<CustomerEvent[]>;

  // Feedback
  addSuggestionFeedback(feedback: SuggestionFeedbackRecord): Promise<void>;
  listSuggestionFeedback(handoffIds: string[]): Promise<SuggestionFeedbackRecord[]>;

  // Knowledge base
  upsertKbArticles(articles: KbArticle[]): Promise<number>;
  kbArticlesSince(since: string | undefined, limit: number): Promise<KbArticle[]>;

  // One transaction per fact: each of these writes a change together with the events that announce it, so a
  // crash can never leave one without the other.
  /** createHandoff plus the customer's first events. */
  createHandoffAndTell(handoff: HandoffRecord, transcript: NewMessage[], customer: CustomerEventBody[]): Promise<Told>;
  /**
   * updateHandoff plus `tell`, in one transaction; undefined (and nothing written) when the hand-off is not in
   * `fromStatuses` or, with `where`, not offered to / held by that agent.
   */
  changeHandoff(id: string, fromStatuses: HandoffStatus[], patch: HandoffPatch, tell: Tell, at: string, where?: { offeredTo?: string; agentId?: string }): Promise<Told | undefined>;
  /** claimOffer plus `tell` (e.g. the agent's conversation.assigned), in one transaction. */
  claimOfferAndTell(handoffId: string, agentId: string, at: string, tell: Tell): Promise<Told | undefined>;
  /**
   * A message with its events in one transaction. From an agent: only while they hold the hand-off; the customer
   * and the agent get a `message` event. From the customer: while the hand-off is open; the agent holding it, if
   * any, gets a `message` event. A retry (same handoff, role and clientMessageId) answers the stored message and
   * writes nothing, because its events were written with it.
   */
  recordMessage(message: NewMessage, sender: MessageSender): Promise<RecordedMessage>;
  /** Resolves once everything written so far is durable (stores that group commits; others resolve at once). */
  durable?(): Promise<void>;

  close(): Promise<void>;
}

/** The same contract answered synchronously: what the embedded SQLite engine offers (used by the CLI and admin helpers). */
export interface ExpectationUpdate {
  handoffId: string;
  conversationId: string;
  patch: HandoffPatch;
  body: CustomerEventBody;
  at: string;
}

type StoreMethod = Exclude<keyof HubStore, 'durable'>;
export type SyncHubStore = { [K in StoreMethod]: (...args: Parameters<HubStore[K]>) => Awaited<ReturnType<HubStore[K]>> };

/** Presents a synchronous store through the asynchronous contract. */
export function asyncHubStore(sync: SyncHubStore): HubStore {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(sync) as StoreMethod[]) {
    const fn = sync[key] as (...args: unknown[]) => unknown;
    out[key] = (...args: unknown[]) => {
      try {
        return Promise.resolve(fn(...args));
      } catch (e) {
        return Promise.reject(e instanceof Error ? e : new Error(String(e)));
      }
    };
  }
  return out as unknown as HubStore;
}
