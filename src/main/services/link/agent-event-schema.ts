// Validates what the hub pushes before the desk applies it: the envelope strictly, the bodies by the fields the
// desk relies on (the full domain objects are the hub's to shape).
import { z } from 'zod';
import type { QueueSnapshot } from '../../../shared/domain/conversation';
import type { AgentEvent, AgentHello } from '../../../shared/protocol/agent-socket';

const conversation = z.object({ handoffId: z.string().min(1), status: z.string(), messages: z.array(z.object({ id: z.string().min(1) }).loose()).optional() }).loose();
const message = z.object({ id: z.string().min(1), handoffId: z.string().min(1), role: z.string(), text: z.string(), at: z.string() }).loose();
const envelope = { seq: z.number().int().positive(), at: z.string() };

export const agentEventSchema = z.discriminatedUnion('type', [
  z.object({ ...envelope, type: z.literal('offer'), conversation, expiresAt: z.string() }),
  z.object({ ...envelope, type: z.literal('offer.revoked'), handoffId: z.string().min(1), reason: z.string() }),
  z.object({ ...envelope, type: z.literal('conversation.assigned'), conversation }),
  z.object({ ...envelope, type: z.literal('conversation.updated'), conversation }),
  z.object({ ...envelope, type: z.literal('conversation.removed'), handoffId: z.string().min(1), reason: z.string() }),
  z.object({ ...envelope, type: z.literal('message'), message }),
]);

export const agentHelloSchema = z.object({
  agent: z.object({ id: z.string().min(1), name: z.string(), role: z.enum(['agent', 'supervisor']), skills: z.array(z.string()), capacity: z.number(), status: z.string() }).loose(),
  headSeq: z.number().int().nonnegative(),
});

export function parseAgentEvent(raw: unknown): AgentEvent | undefined {
  const parsed = agentEventSchema.safeParse(raw);
  // The schema checks shape; the domain types describe the rest of what the hub sends.
  return parsed.success ? (raw as AgentEvent) : undefined;
}

export function parseAgentHello(raw: unknown): AgentHello | undefined {
  return agentHelloSchema.safeParse(raw).success ? (raw as AgentHello) : undefined;
}

const queueSnapshotSchema = z.object({
  queue: z.string().min(1),
  waiting: z.number().nonnegative(),
  longestWaitSeconds: z.number().nonnegative(),
  estimatedWaitSeconds: z.number().nonnegative(),
  serviceLevel: z.number().min(0).max(1),
  abandoned: z.number().nonnegative(),
  agentsAvailable: z.number().nonnegative(),
});

/** The supervisors' queue push: every tile field checked, so a bad push cannot reach the wallboard. */
export function parseQueueSnapshots(raw: unknown): QueueSnapshot[] | undefined {
  const parsed = z.array(queueSnapshotSchema).max(1_000).safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}
