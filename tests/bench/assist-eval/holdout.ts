// Held-out conversations: written after the engine was tuned on conversations.ts, and never tuned on.
import type { EvalConversation } from './eval-types';

export const HOLDOUT_SET: EvalConversation[] = [];
