// How the desk reads what the hub pushes: validated by the shared schema of that shape, then kept exactly as the
// hub sent it. Validating (not stripping) means a field a newer hub adds is not dropped silently on the way.
import type { z } from 'zod';
import { queueSnapshotSchema, type QueueSnapshot } from '../domain/conversation';
import { agentEventSchema, agentHelloSchema, type AgentEvent, type AgentHello } from './agent-socket';

export function validated<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> | undefined {
  return schema.safeParse(raw).success ? (raw as z.infer<S>) : undefined;
}

export const parseAgentEvent = (raw: unknown): AgentEvent | undefined => validated(agentEventSchema, raw);
export const parseAgentHello = (raw: unknown): AgentHello | undefined => validated(agentHelloSchema, raw);

/** The supervisors' queue push: every tile field checked, unknown tile fields kept. */
export function parseQueueSnapshots(raw: unknown): QueueSnapshot[] | undefined {
  if (!Array.isArray(raw) || raw.length > 1_000) return undefined;
  return raw.every((q) => queueSnapshotSchema.safeParse(q).success) ? (raw as QueueSnapshot[]) : undefined;
}
