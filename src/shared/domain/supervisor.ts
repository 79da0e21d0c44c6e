// What the supervisor console reads: who is waiting (and why), and the hand-off KPIs over time.
import { z } from 'zod';
import { queueSnapshotSchema } from './conversation';
import { handoffStatusSchema, isoTimestamp, triggerSchema, type Trigger } from './handoff';

/** One conversation waiting for a person, in its queue's serving order. */
export interface WaitingConversation {
  handoffId: string;
  conversationId: string;
  /** The customer's name when the hub reports it, otherwise their id, otherwise the conversation id. */
  customerName: string;
  customerId?: string;
  tier?: string;
  queue: string;
  trigger: Trigger;
  detail?: string;
  vip: boolean;
  frustrated: boolean;
  /** 'offered' while an agent is being asked, 'queued' otherwise. */
  status: 'queued' | 'offered';
  /** 1 = next to be served in its queue. */
  position: number;
  /** What the customer was last told, in seconds. */
  estimatedWaitSeconds: number;
  waitedSeconds: number;
  /** When the wait started (ISO-8601), so the console can tick the wait without asking again. */
  waitingSince: string;
}

const share = z.number().nullable();
/** The hand-off KPIs of one period (PRODUCT.md: drop-off, FCR, CSAT, speed of answer, handle time). */
export const kpiSnapshotSchema = z.object({
  from: z.string(),
  to: z.string(),
  counts: z.object({
    handoffs: z.number(),
    waiting: z.number(),
    active: z.number(),
    answered: z.number(),
    dropped: z.number(),
    resolved: z.number(),
    handedBack: z.number(),
    transferred: z.number(),
  }),
  /** Shares are 0..1; null when nothing in the period could count. */
  dropOffRate: share,
  firstContactResolutionRate: share,
  csat: z.object({ average: share, count: z.number() }),
  averageSpeedOfAnswerSeconds: share,
  averageHandleSeconds: share,
  suggestionAcceptanceRate: share,
});
export type KpiSnapshot = z.infer<typeof kpiSnapshotSchema>;

/** What GET /v1/metrics answers for one filter: the KPIs plus the filter and the feedback counts. */
export const handoffMetricsSchema = kpiSnapshotSchema.extend({
  queue: z.string().optional(),
  trigger: z.string().optional(),
  suggestionFeedback: z.object({ inserted: z.number(), edited: z.number(), dismissed: z.number() }),
});
export type HandoffMetrics = z.infer<typeof handoffMetricsSchema>;
/** The whole GET /v1/metrics answer: the KPIs of the query and the same per queue and per trigger within it. */
export const metricsAnswerSchema = handoffMetricsSchema.extend({ byQueue: z.array(handoffMetricsSchema), byTrigger: z.array(handoffMetricsSchema) });
export type MetricsAnswer = z.infer<typeof metricsAnswerSchema>;

/** One entry of GET /v1/queues' waiting list, as the hub sends it (`customer` and `detail` only for people). */
export const waitingEntrySchema = z.object({
  handoffId: z.string(),
  conversationId: z.string(),
  queue: z.string(),
  position: z.number(),
  estimatedWaitSeconds: z.number(),
  waitedSeconds: z.number(),
  trigger: triggerSchema,
  vip: z.boolean(),
  frustrated: z.boolean(),
  status: handoffStatusSchema,
  customer: z.object({ id: z.string(), name: z.string().optional(), tier: z.string().optional() }).optional(),
  detail: z.string().optional(),
});
export type WaitingEntry = z.infer<typeof waitingEntrySchema>;
export const queuesAnswerSchema = z.object({ queues: z.array(queueSnapshotSchema), waiting: z.array(waitingEntrySchema) });

export const kpiBucketSchema = z.enum(['hour', 'day']);
export type KpiBucket = z.infer<typeof kpiBucketSchema>;

export const metricsRequestSchema = z
  .object({
    from: isoTimestamp.optional(),
    to: isoTimestamp.optional(),
    queue: z.string().min(1).max(100).optional(),
    trigger: triggerSchema.optional(),
    bucket: kpiBucketSchema.optional(),
  })
  .strict();
export type MetricsRequest = z.infer<typeof metricsRequestSchema>;

export interface SupervisorMetrics {
  bucket: KpiBucket;
  queue?: string;
  trigger?: Trigger;
  /** The whole range. */
  total: KpiSnapshot;
  /** One snapshot per bucket, oldest first, covering the range without overlap. */
  series: KpiSnapshot[];
  /** Queues and triggers seen in the range, for the console's filters. */
  queues: string[];
  triggers: Trigger[];
}
