// A handed-off conversation as the desk sees it: the hand-off context plus the live messages.
import { z } from 'zod';
import { crmSchema, customerSchema, handoffStatusSchema, intentSchema, reasonSchema } from './handoff';

export const messageRoleSchema = z.enum(['customer', 'bot', 'system', 'agent']);
export type MessageRole = z.infer<typeof messageRoleSchema>;

// Every hub-to-desk shape is a zod schema here and its type is inferred from it: the hub builds values of these
// types and the desk validates with the same schemas, so a field added here reaches both without a twin.
export const messageSchema = z.object({
  /** Hub-assigned id, unique across the hub. */
  id: z.string().min(1),
  handoffId: z.string().min(1),
  role: messageRoleSchema,
  text: z.string(),
  /** ISO-8601. */
  at: z.string(),
  /** Set for agent messages: the id the desk generated, which makes sending idempotent. */
  clientMessageId: z.string().optional(),
  authorName: z.string().optional(),
  /** True for turns that happened before the hand-off (the bot transcript). */
  beforeHandoff: z.boolean().optional(),
});
export type Message = z.infer<typeof messageSchema>;

export const expectationSchema = z.object({
  /** Exactly what the customer was told, newest last. */
  text: z.string(),
  at: z.string(),
  position: z.number().optional(),
  estimatedWaitSeconds: z.number().optional(),
});
export type Expectation = z.infer<typeof expectationSchema>;

export const conversationViewSchema = z.object({
  handoffId: z.string().min(1),
  conversationId: z.string(),
  status: handoffStatusSchema,
  customer: customerSchema,
  reason: reasonSchema,
  intent: intentSchema.optional(),
  sentiment: z.number().optional(),
  summary: z.string().optional(),
  recommendedAction: z.string().optional(),
  crm: crmSchema.optional(),
  queue: z.string(),
  skills: z.array(z.string()),
  /** When the bot handed off (ISO-8601): the customer's wait starts here. */
  createdAt: z.string(),
  acceptedAt: z.string().optional(),
  endedAt: z.string().optional(),
  agentId: z.string().optional(),
  agentName: z.string().optional(),
  priority: z.number(),
  /** Everything the customer was told while waiting, oldest first. */
  expectations: z.array(expectationSchema),
  /** The bot transcript followed by the live messages, in order. */
  messages: z.array(messageSchema),
});
export type ConversationView = z.infer<typeof conversationViewSchema>;

export const agentStatusSchema = z.enum(['available', 'away', 'offline']);
export type AgentStatus = z.infer<typeof agentStatusSchema>;

export const roleSchema = z.enum(['agent', 'supervisor']);
export type Role = z.infer<typeof roleSchema>;

export const agentProfileSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  role: roleSchema,
  skills: z.array(z.string()),
  capacity: z.number(),
  status: agentStatusSchema,
});
export type AgentProfile = z.infer<typeof agentProfileSchema>;

export const resolutionSchema = z.enum(['resolved', 'unresolved']);
export const wrapUpSchema = z.object({
  resolution: resolutionSchema,
  disposition: z.string().min(1).max(100),
  notes: z.string().max(5_000).default(''),
  requestCsat: z.boolean().default(true),
});
export type WrapUp = z.infer<typeof wrapUpSchema>;

export const queueSnapshotSchema = z.object({
  queue: z.string().min(1),
  waiting: z.number().nonnegative(),
  longestWaitSeconds: z.number().nonnegative(),
  estimatedWaitSeconds: z.number().nonnegative(),
  /** Share of hand-offs answered within the service-level target, 0..1, over the last hour. */
  serviceLevel: z.number().min(0).max(1),
  abandoned: z.number().nonnegative(),
  agentsAvailable: z.number().nonnegative(),
});
export type QueueSnapshot = z.infer<typeof queueSnapshotSchema>;
