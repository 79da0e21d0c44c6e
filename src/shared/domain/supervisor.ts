// What the supervisor console reads: who is waiting (and why), and the hand-off KPIs over time.
import { z } from 'zod';
import { isoTimestamp, triggerSchema, type Trigger } from './handoff';

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

/** The hand-off KPIs of one period (PRODUCT.md: drop-off, FCR, CSAT, speed of answer, handle time). */
export interface KpiSnapshot {
  from: string;
  to: string;
  counts: { handoffs: number; waiting: number; active: number; answered: number; dropped: number; resolved: number; handedBack: number; transferred: number };
  /** Shares are 0..1; null when nothing in the period could count. */
  dropOffRate: number | null;
  firstContactResolutionRate: number | null;
  csat: { average: number | null; count: number };
  averageSpeedOfAnswerSeconds: number | null;
  averageHandleSeconds: number | null;
  suggestionAcceptanceRate: number | null;
}

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
