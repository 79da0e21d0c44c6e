// The hub <-> desk protocol on the socket.io namespace `/agent`.
//
// Hub-to-desk: every event that matters for the agent's state is an `AgentEvent` with a per-agent sequence
// number, persisted by the hub before it is emitted. A desk connects with `auth: { token, lastSeq }` and the hub
// replays every event after `lastSeq`, in order, before live ones; the desk drops any seq it has already applied.
//
// Desk-to-hub: requests with an acknowledgement callback answering `Result<T>`; every request that creates
// something carries a client id so a retry after a lost ack is harmless.
import { z } from 'zod';
import type { Result } from '../result';
import type { AgentProfile, AgentStatus, ConversationView, Message, QueueSnapshot } from '../domain/conversation';
import { agentProfileSchema, agentStatusSchema, conversationViewSchema, messageSchema, wrapUpSchema } from '../domain/conversation';

export const AGENT_NAMESPACE = '/agent';

export interface AgentSocketAuth {
  token: string;
  /** The highest event seq this desk has applied; 0 for a fresh desk. */
  lastSeq: number;
}

export const offerRevokedReasonSchema = z.enum(['timeout', 'declined', 'taken', 'ended']);
export const conversationRemovedReasonSchema = z.enum(['resolved', 'transferred', 'handed_back', 'abandoned', 'requeued']);

/** Every event body the hub can emit; the desk parses with this very schema (see parseAgentEvent). */
export const agentEventBodySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('offer'), conversation: conversationViewSchema, expiresAt: z.string() }),
  z.object({ type: z.literal('offer.revoked'), handoffId: z.string().min(1), reason: offerRevokedReasonSchema }),
  z.object({ type: z.literal('conversation.assigned'), conversation: conversationViewSchema }),
  z.object({ type: z.literal('conversation.updated'), conversation: conversationViewSchema }),
  z.object({ type: z.literal('conversation.removed'), handoffId: z.string().min(1), reason: conversationRemovedReasonSchema }),
  z.object({ type: z.literal('message'), message: messageSchema }),
]);
export type AgentEventBody = z.infer<typeof agentEventBodySchema>;
export type AgentEventType = AgentEventBody['type'];
/** The event types, for tests that check every one of them crosses the wire. */
export const AGENT_EVENT_TYPES = agentEventBodySchema.options.map((o) => o.shape.type.value) as AgentEventType[];

export const agentEventSchema = z.intersection(agentEventBodySchema, z.object({ seq: z.number().int().positive(), at: z.string() }));
export type AgentEvent = z.infer<typeof agentEventSchema>;

/** Sent right after connecting, before any replayed event. Not sequenced: it is a fresh snapshot. */
export const agentHelloSchema = z.object({
  agent: agentProfileSchema,
  /** The hub's newest seq for this agent; the desk has everything once it has applied up to here. */
  headSeq: z.number().int().nonnegative(),
});
export type AgentHello = z.infer<typeof agentHelloSchema>;

export const acceptOfferSchema = z.object({ handoffId: z.string().min(1) });
export const declineOfferSchema = z.object({ handoffId: z.string().min(1), reason: z.string().max(200).optional() });
export const sendMessageSchema = z.object({
  handoffId: z.string().min(1),
  clientMessageId: z.string().min(8).max(100),
  text: z.string().trim().min(1).max(10_000),
});
export const setStatusSchema = z.object({ status: agentStatusSchema });
export const resolveSchema = z.object({ handoffId: z.string().min(1), wrapUp: wrapUpSchema });
export const transferSchema = z
  .object({ handoffId: z.string().min(1), queue: z.string().min(1).optional(), agentId: z.string().min(1).optional(), note: z.string().max(2_000).optional() })
  .refine((v) => Boolean(v.queue) !== Boolean(v.agentId), { message: 'Name exactly one of queue or agentId.' });
export const handBackSchema = z.object({ handoffId: z.string().min(1), note: z.string().max(2_000).optional() });
export const suggestionFeedbackSchema = z.object({
  handoffId: z.string().min(1),
  suggestionId: z.string().min(1).max(100),
  action: z.enum(['inserted', 'edited', 'dismissed']),
  provider: z.string().max(50).optional(),
});
export const reassignSchema = z.object({ handoffId: z.string().min(1), agentId: z.string().min(1) });
/** The agent started or stopped typing a reply; relayed to the customer's stream, never stored. */
export const typingSchema = z.object({ handoffId: z.string().min(1), typing: z.boolean() });

/** Events the desk emits, each with an ack. */
export interface AgentClientToServer {
  'offer.accept': (req: z.infer<typeof acceptOfferSchema>, ack: (r: Result<ConversationView>) => void) => void;
  'offer.decline': (req: z.infer<typeof declineOfferSchema>, ack: (r: Result<null>) => void) => void;
  'message.send': (req: z.infer<typeof sendMessageSchema>, ack: (r: Result<Message>) => void) => void;
  'status.set': (req: z.infer<typeof setStatusSchema>, ack: (r: Result<AgentStatus>) => void) => void;
  'conversation.resolve': (req: z.infer<typeof resolveSchema>, ack: (r: Result<null>) => void) => void;
  'conversation.transfer': (req: z.infer<typeof transferSchema>, ack: (r: Result<null>) => void) => void;
  'conversation.handback': (req: z.infer<typeof handBackSchema>, ack: (r: Result<null>) => void) => void;
  'suggestion.feedback': (req: z.infer<typeof suggestionFeedbackSchema>, ack: (r: Result<null>) => void) => void;
  /** Additive: desks that never send it work as before. At most one every couple of seconds per conversation. */
  'conversation.typing': (req: z.infer<typeof typingSchema>, ack?: (r: Result<null>) => void) => void;
  /** Supervisor only. */
  'supervisor.queues': (req: Record<string, never>, ack: (r: Result<QueueSnapshot[]>) => void) => void;
  'supervisor.agents': (req: Record<string, never>, ack: (r: Result<AgentPresence[]>) => void) => void;
  'supervisor.reassign': (req: z.infer<typeof reassignSchema>, ack: (r: Result<null>) => void) => void;
}

export interface AgentPresence extends AgentProfile {
  connected: boolean;
  activeConversations: number;
}

export interface AgentServerToClient {
  hello: (hello: AgentHello) => void;
  event: (event: AgentEvent) => void;
  /**
   * Volatile queue snapshot, pushed when queues move: to supervisors at most every 200 ms, to agents (the queues
   * they can transfer to) when the set of queues changes and otherwise at most every 5 s. Every desk gets one on
   * connecting; a supervisor can ask for one at any time (`supervisor.queues`).
   */
  queues: (queues: QueueSnapshot[]) => void;
  /** A request sent without an ack while its token was over its event limit (with an ack, the ack says so). */
  rate_limited: (e: { code: 'rate_limited'; message: string; retryAfter: number; event: string }) => void;
}
