// The hub's persistence contract. The router and the HTTP/socket layers talk only to this interface, so a
// PostgreSQL implementation can follow the SQLite one. Every method is one atomic unit of work: a state change
// and the facts that must go with it (messages of a new hand-off, a sequence number of an event) are written
// together. The embedded engine is synchronous, so the interface is too; the router runs one operation at a
// time in one process. A PostgreSQL store would run each method in a transaction, and `claimOffer` is written
// as a conditional UPDATE (WHERE status = 'offered' AND offered_to = ?) so two hubs can never both win a claim.
import type { AgentEvent, AgentEventBody } from '../../shared/protocol/agent-socket';
import type { CustomerEvent, CustomerEventBody } from '../../shared/protocol/customer-events';
import type { AgentStatus, Message, MessageRole, Role } from '../../shared/domain/conversation';
import type { HandoffRequest, HandoffStatus, Trigger } from '../../shared/domain/handoff';
import type { KbArticle } from '../../shared/domain/assist';

export interface AgentRecord {
  id: string;
  name: string;
  role: Role;
  skills: string[];
  capacity: number;
  status: AgentStatus;
  createdAt: string;
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
  callbackUrl?: string;
}

export interface NewMessage {
  handoffId: string;
  role: MessageRole;
  text: string;
  at: string;
  clientMessageId?: string;
  authorName?: string;
  beforeHandoff: boolean;
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

export interface HubStore {
  // Agents
  upsertAgent(agent: AgentRecord, tokenHash: string): void;
  getAgent(id: string): AgentRecord | undefined;
  getAgentByTokenHash(tokenHash: string): AgentRecord | undefined;
  listAgents(): AgentRecord[];
  setAgentStatus(id: string, status: AgentStatus): void;

  // Hand-offs
  /** Inserts the hand-off and its transcript messages together. */
  createHandoff(handoff: HandoffRecord, transcript: NewMessage[]): void;
  getHandoff(id: string): HandoffRecord | undefined;
  /** The newest hand-off of a bot-side conversation id. */
  latestHandoffForConversation(conversationId: string): HandoffRecord | undefined;
  /** Hand-offs in any of the given statuses, oldest first. */
  listHandoffsByStatus(statuses: HandoffStatus[]): HandoffRecord[];
  /** Updates a hand-off only if its status is one of `fromStatuses`; answers whether it did. */
  updateHandoff(id: string, fromStatuses: HandoffStatus[], patch: HandoffPatch): boolean;
  /** The atomic claim: succeeds only if the hand-off is still offered to this agent. */
  claimOffer(handoffId: string, agentId: string, at: string): boolean;
  addDecline(handoffId: string, agentId: string, at: string): void;
  declinedBy(handoffId: string): string[];
  /** Answer times in seconds (queued -> first accepted) of the most recent answered hand-offs, oldest first. */
  recentAnswerSeconds(queue: string, limit: number): number[];
  /** Average handle time in seconds over the most recent ended, answered hand-offs; undefined without data. */
  averageHandleSeconds(queue: string, limit: number): number | undefined;
  listHandoffsCreatedBetween(from: string, to: string): HandoffRecord[];
  handoffsOfCustomerAfter(customerId: string, after: string): HandoffRecord[];

  // Messages
  /** Appends a message; if one with the same role and clientMessageId exists, answers that one instead. */
  appendMessage(message: NewMessage): { message: Message; created: boolean };
  listMessages(handoffId: string): Message[];

  // Event logs
  appendAgentEvent(agentId: string, body: AgentEventBody, at: string): AgentEvent;
  agentEventsAfter(agentId: string, afterSeq: number): AgentEvent[];
  agentHeadSeq(agentId: string): number;
  appendCustomerEvent(conversationId: string, handoffId: string, body: CustomerEventBody, at: string): CustomerEvent;
  customerEventsAfter(conversationId: string, afterSeq: number, limit: number): CustomerEvent[];
  customerEventsOfHandoff(handoffId: string, type: CustomerEventBody['type']): CustomerEvent[];

  // Feedback
  addSuggestionFeedback(feedback: SuggestionFeedbackRecord): void;
  listSuggestionFeedback(handoffIds: string[]): SuggestionFeedbackRecord[];

  // Knowledge base
  upsertKbArticles(articles: KbArticle[]): number;
  kbArticlesSince(since: string | undefined, limit: number): KbArticle[];

  close(): void;
}
