// A handed-off conversation as the desk sees it: the hand-off context plus the live messages.
import { z } from 'zod';
import type { Crm, Customer, HandoffReason, HandoffStatus, Intent } from './handoff';

export const messageRoleSchema = z.enum(['customer', 'bot', 'system', 'agent']);
export type MessageRole = z.infer<typeof messageRoleSchema>;

export interface Message {
  /** Hub-assigned id, unique across the hub. */
  id: string;
  handoffId: string;
  role: MessageRole;
  text: string;
  /** ISO-8601. */
  at: string;
  /** Set for agent messages: the id the desk generated, which makes sending idempotent. */
  clientMessageId?: string;
  authorName?: string;
  /** True for turns that happened before the hand-off (the bot transcript). */
  beforeHandoff?: boolean;
}

export interface Expectation {
  /** Exactly what the customer was told, newest last. */
  text: string;
  at: string;
  position?: number;
  estimatedWaitSeconds?: number;
}

export interface ConversationView {
  handoffId: string;
  conversationId: string;
  status: HandoffStatus;
  customer: Customer;
  reason: HandoffReason;
  intent?: Intent;
  sentiment?: number;
  summary?: string;
  recommendedAction?: string;
  crm?: Crm;
  queue: string;
  skills: string[];
  /** When the bot handed off (ISO-8601): the customer's wait starts here. */
  createdAt: string;
  acceptedAt?: string;
  endedAt?: string;
  agentId?: string;
  agentName?: string;
  priority: number;
  /** Everything the customer was told while waiting, oldest first. */
  expectations: Expectation[];
  /** The bot transcript followed by the live messages, in order. */
  messages: Message[];
}

export const agentStatusSchema = z.enum(['available', 'away', 'offline']);
export type AgentStatus = z.infer<typeof agentStatusSchema>;

export const roleSchema = z.enum(['agent', 'supervisor']);
export type Role = z.infer<typeof roleSchema>;

export interface AgentProfile {
  id: string;
  name: string;
  role: Role;
  skills: string[];
  capacity: number;
  status: AgentStatus;
}

export const resolutionSchema = z.enum(['resolved', 'unresolved']);
export const wrapUpSchema = z.object({
  resolution: resolutionSchema,
  disposition: z.string().min(1).max(100),
  notes: z.string().max(5_000).default(''),
  requestCsat: z.boolean().default(true),
});
export type WrapUp = z.infer<typeof wrapUpSchema>;

export interface QueueSnapshot {
  queue: string;
  waiting: number;
  longestWaitSeconds: number;
  estimatedWaitSeconds: number;
  /** Share of hand-offs answered within the service-level target, 0..1, over the last hour. */
  serviceLevel: number;
  abandoned: number;
  agentsAvailable: number;
}
