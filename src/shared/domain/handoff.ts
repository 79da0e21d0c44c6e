// The public hand-off contract of PRODUCT.md ("Bot-facing HTTP API (v1)"). Field names are a public API:
// add fields, never rename them.
import { z } from 'zod';
import { POLICY_TRIGGERS, TRIGGER_NAMES, type PolicyTrigger, type Trigger } from './triggers';

export const MAX_TEXT = 10_000;

export const isoTimestamp = z.iso.datetime({ offset: true });
/** CRM dates: an ISO-8601 date-time, or a date without a time ("2019-11-06", the way most CRMs export it). */
export const isoDateOrDateTime = z.union([isoTimestamp, z.iso.date()]);

export const customerSchema = z.object({
  id: z.string().min(1).max(200),
  name: z.string().max(200).optional(),
  email: z.string().max(320).optional(),
  phone: z.string().max(50).optional(),
  tier: z.string().max(50).optional(),
  language: z.string().max(20).optional(),
});
export type Customer = z.infer<typeof customerSchema>;

export const transcriptRoleSchema = z.enum(['customer', 'bot', 'system']);
export const transcriptTurnSchema = z.object({
  role: transcriptRoleSchema,
  text: z.string().max(MAX_TEXT),
  at: isoDateOrDateTime.optional(),
});
export type TranscriptTurn = z.infer<typeof transcriptTurnSchema>;

export const triggerSchema = z.enum(TRIGGER_NAMES);
export type { Trigger };
/** The triggers the policy engine may be told to leave alone (every one but 'other'). */
export const policyTriggerSchema = triggerSchema.extract(POLICY_TRIGGERS as [PolicyTrigger, ...PolicyTrigger[]]);

export const reasonSchema = z.object({
  trigger: triggerSchema,
  detail: z.string().max(2_000).optional(),
});
export type HandoffReason = z.infer<typeof reasonSchema>;

export const intentSchema = z.object({
  name: z.string().min(1).max(200),
  confidence: z.number().min(0).max(1).optional(),
});
export type Intent = z.infer<typeof intentSchema>;

export const orderSchema = z
  .object({
    id: z.string().max(100),
    status: z.string().max(100).optional(),
    total: z.number().optional(),
    currency: z.string().max(10).optional(),
    placedAt: isoDateOrDateTime.optional(),
    deliveredAt: isoDateOrDateTime.optional(),
    items: z.array(z.string().max(300)).max(100).optional(),
  })
  .loose();

export const previousTicketSchema = z
  .object({
    id: z.string().max(100),
    subject: z.string().max(500).optional(),
    status: z.string().max(100).optional(),
    at: isoDateOrDateTime.optional(),
  })
  .loose();

export const crmSchema = z.object({
  accountType: z.string().max(100).optional(),
  customerSince: isoDateOrDateTime.optional(),
  orders: z.array(orderSchema).max(500).optional(),
  previousTickets: z.array(previousTicketSchema).max(500).optional(),
  attributes: z.record(z.string().max(200), z.union([z.string().max(2_000), z.number(), z.boolean()])).optional(),
});
export type Crm = z.infer<typeof crmSchema>;

export const handoffRequestSchema = z.object({
  conversationId: z.string().min(1).max(200),
  customer: customerSchema,
  transcript: z.array(transcriptTurnSchema).max(5_000).default([]),
  reason: reasonSchema,
  intent: intentSchema.optional(),
  sentiment: z.number().min(-1).max(1).optional(),
  summary: z.string().max(MAX_TEXT).optional(),
  recommendedAction: z.string().max(2_000).optional(),
  crm: crmSchema.optional(),
  queue: z.string().min(1).max(100).optional(),
  skills: z.array(z.string().min(1).max(100)).max(50).optional(),
  callbackUrl: z.url({ protocol: /^https?$/ }).optional(),
});
export type HandoffRequest = z.infer<typeof handoffRequestSchema>;

export const handoffStatusSchema = z.enum(['queued', 'offered', 'active', 'resolved', 'abandoned', 'handed_back']);
export type HandoffStatus = z.infer<typeof handoffStatusSchema>;

/** Answer of POST /v1/handoffs (201, or 200 for a repeated conversationId). */
export interface HandoffAccepted {
  handoffId: string;
  conversationId: string;
  status: HandoffStatus;
  position: number;
  estimatedWaitSeconds: number;
  customerMessage: string;
  /** Optional context the hub dropped because it was malformed (the hand-off was taken without it). */
  warnings?: { field: string; message: string }[];
}
