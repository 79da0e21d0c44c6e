// What the parts of the desk service (desk-service.ts wires them) share: the cache, the event sink, the logger,
// and the service's lifetime, which starts again with every start() and ends with stop().
import type { DeskEventSink } from '../../../shared/desk-api/contract';
import { fail } from '../../../shared/result';
import type { Logger } from '../../../shared/log';
import type { DeskCache } from '../cache/desk-cache';
import { listItem } from './conversation-views';

export interface DeskLifetime {
  /** True from stop() until the next start(): nothing may write to the closing cache or emit any more. */
  stopped(): boolean;
  /** Aborted on stop, so no request outlives the service. */
  signal(): AbortSignal;
}

export interface DeskCore {
  cache: DeskCache;
  emit: DeskEventSink;
  logger: Logger;
  lifetime: DeskLifetime;
}

export const NOT_FOUND = (handoffId: string) =>
  fail('not_found', `Conversation ${handoffId} is not on this desk; it may have ended or moved to another agent.`);

/** Tells the renderer the conversation's list row as the cache now has it. */
export function publishConversation(core: Pick<DeskCore, 'cache' | 'emit'>, handoffId: string): void {
  const item = listItem(core.cache, handoffId);
  if (item) core.emit('onConversation', item);
}
