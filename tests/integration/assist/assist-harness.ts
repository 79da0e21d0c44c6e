// Shared set-up for the assist integration tests: an engine pointed at a fake OpenAI server, and a way to run
// one suggestion request and keep every update it produced.
import type { AssistEngine, AssistUpdate } from '../../../src/shared/domain/assist';
import type { ConversationView } from '../../../src/shared/domain/conversation';
import type { AssistSettings } from '../../../src/main/services/assist/assist-engine';
import { createAssistEngine } from '../../../src/main/services/assist/assist-engine';
import { createInMemoryKb } from '../../unit/assist/in-memory-kb';

export function engineFor(baseUrl: string, overrides: Partial<AssistSettings> = {}): AssistEngine {
  return createAssistEngine({
    settings: () => ({ provider: 'openai', baseUrl, apiKey: 'sk-test', model: 'test-model', timeoutMs: 2_000, maxRetries: 2, ...overrides }),
    kb: createInMemoryKb(),
  });
}

export async function runSuggest(
  engine: AssistEngine,
  conversation: ConversationView,
  opts: { controller?: AbortController; onUpdate?: (update: AssistUpdate, all: AssistUpdate[]) => void } = {},
): Promise<AssistUpdate[]> {
  const updates: AssistUpdate[] = [];
  const controller = opts.controller ?? new AbortController();
  await engine.suggest(conversation, {
    requestId: 'req-1',
    signal: controller.signal,
    onUpdate: (update) => {
      updates.push(update);
      opts.onUpdate?.(update, updates);
    },
  });
  return updates;
}

export const answerJson = (n = 3) =>
  JSON.stringify({
    suggestions: [
      { title: 'Offer a return label', reason: 'Order 3348917502 was delivered on 12 Nov, inside the 30-day window.', reply: 'Hi [name], I can email you a prepaid return label now.', kbArticleId: 'kb-returns' },
      { title: 'Refund once the return is scanned', reason: 'Refunds go to the original payment method.', reply: 'Your refund will follow as soon as the parcel is scanned.' },
      { title: 'Check for other open orders', reason: 'The customer has a second delivered order.' },
    ].slice(0, n),
  });
