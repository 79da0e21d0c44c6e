// The OpenAI-compatible provider reasons from the same inputs as the offline one: the matched procedure with its
// done and next steps, the known facts and the unknown ones, sent in its prompt to a real local HTTP server.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAssistEngine } from '../../../src/main/services/assist/assist-engine';
import { openDatabase } from '../../../src/main/services/cache/open-database';
import { createKbIndex } from '../../../src/main/services/kb/kb-index';
import type { ConversationView } from '../../../src/shared/domain/conversation';
import type { FakeOpenAI } from '../../support/fake-openai-server';
import { startFakeOpenAI } from '../../support/fake-openai-server';
import { runSuggest } from './assist-harness';

let server: FakeOpenAI | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const now = '2026-11-20T10:00:00.000Z';
const conversation: ConversationView = {
  handoffId: 'h-ai', conversationId: 'c-ai', status: 'active', customer: { id: 'c', name: 'Daniel Kim' }, reason: { trigger: 'customer_request' },
  queue: 'orders', skills: [], createdAt: now, priority: 0, expectations: [],
  // Planted: the order has no status.
  crm: { orders: [{ id: '1134410', total: 55, currency: 'EUR' }] },
  messages: [{ id: 'm1', handoffId: 'h-ai', role: 'customer', text: 'Please cancel order 1134410, I bought it by mistake yesterday', at: now }],
};

describe('the model gets the procedure and the facts', () => {
  it('sends the matched procedure with its next step and the unknown facts, and the panel keeps the procedure', async () => {
    server = await startFakeOpenAI([{ chunks: ['{"suggestions":[{"title":"Look up the status","reason":"Unknown status.","stepId":"check-status","kbArticleId":"kb-cancel-order"}]}'] }]);
    const kb = createKbIndex(openDatabase(':memory:'));
    kb.upsert(JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../resources/seed/kb.json'), 'utf8')));
    const engine = createAssistEngine({ settings: () => ({ provider: 'openai', baseUrl: server!.baseUrl, apiKey: 'sk-test', model: 'm', timeoutMs: 2_000, maxRetries: 0 }), kb });
    const updates = await runSuggest(engine, conversation);

    const prompt = server.requests[0]?.body.messages?.map((m) => m.content).join('\n') ?? '';
    expect(prompt).toContain('## Procedure [kb-cancel-order] Cancel an order');
    expect(prompt).toMatch(/\[done\] verify/);
    expect(prompt).toMatch(/\[NEXT\] check-status: .*\(needs unknown: order\.status\)/);
    expect(prompt).toMatch(/unknown: .*order\.status/);
    expect(prompt).toContain('known order.id: 1134410');
    expect(prompt).toContain('Facts listed as unknown are not in the CRM data');

    const done = updates.at(-1);
    expect(done?.status).toBe('done');
    expect(done?.provider).toBe('openai');
    expect(done?.procedure?.nextStepId).toBe('check-status');
    expect(done?.suggestions[0]?.stepId).toBe('check-status');
  });
});
