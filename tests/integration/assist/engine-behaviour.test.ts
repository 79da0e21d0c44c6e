// Engine-level behaviour over a real local endpoint: what leaves the desk is redacted, settings apply at once,
// summaries come from the bot, the model or the offline provider in that order.
import { afterEach, describe, expect, it } from 'vitest';
import type { AssistSettings } from '../../../src/main/services/assist/assist-engine';
import { createAssistEngine } from '../../../src/main/services/assist/assist-engine';
import type { ConversationView } from '../../../src/shared/domain/conversation';
import { createLogger } from '../../../src/shared/log';
import type { FakeOpenAI } from '../../support/fake-openai-server';
import { startFakeOpenAI } from '../../support/fake-openai-server';
import { refundConversation } from '../../unit/assist/conversations';
import { createInMemoryKb } from '../../unit/assist/in-memory-kb';
import { answerJson, engineFor, runSuggest } from './assist-harness';

let server: FakeOpenAI | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function conversationFullOfPersonalData(): ConversationView {
  const base = refundConversation();
  const say = (text: string, i: number) => ({ id: `p${i}`, handoffId: base.handoffId, role: 'customer' as const, text, at: `2026-11-20T10:1${i}:00Z` });
  return {
    ...base,
    customer: { id: 'cust-9', name: 'Margarethe Vollmer-Schulz', email: 'm.vollmer@example.de', phone: '+49 30 901820', tier: 'gold' },
    crm: {
      ...base.crm,
      attributes: { contactEmail: 'billing@vollmer.example', iban: 'DE89 3704 0044 0532 0130 00', note: 'prefers phone 030 9018 2000' },
    },
    messages: [
      ...base.messages,
      say('My card 4111 1111 1111 1111 was charged, email me at m.vollmer@example.de or call +49 30 901820.', 1),
      say('This is Margarethe. My SSN is 123-45-6789 and my other number is (415) 555-0132.', 2),
      say('Order 3348917502 cost €94.00 on 2026-11-12, tracking 1Z999AA10123456784.', 3),
    ],
  };
}

describe('what is sent to the model provider', () => {
  it('contains no email, card, phone, IBAN, national id or customer name, but keeps order ids, amounts, dates and tracking', async () => {
    server = await startFakeOpenAI([{ chunks: [answerJson(1)] }, { chunks: ['{"summary":"s","recommendedAction":"a","intent":"refund"}'] }]);
    const engine = engineFor(server.baseUrl);
    const conversation = conversationFullOfPersonalData();
    await runSuggest(engine, conversation);
    await engine.summarize(conversation);

    expect(server.requests).toHaveLength(2);
    for (const request of server.requests) {
      const sent = request.raw;
      for (const secret of ['m.vollmer@example.de', 'billing@vollmer.example', '4111 1111 1111 1111', '+49 30 901820', '030 9018 2000', '(415) 555-0132', 'DE89 3704', '123-45-6789', 'Margarethe', 'Vollmer']) {
        expect(sent).not.toContain(secret);
      }
      for (const kept of ['3348917502', '€94.00', '2026-11-12', '1Z999AA10123456784']) expect(sent).toContain(kept);
      for (const placeholder of ['[email]', '[card]', '[phone]', '[iban]', '[national-id]', '[name]']) expect(sent).toContain(placeholder);
    }
  });
});

describe('settings', () => {
  it('switches provider as soon as the settings change, without a new engine', async () => {
    server = await startFakeOpenAI([{ chunks: [answerJson(1)] }]);
    let settings: AssistSettings = { provider: 'offline' };
    const engine = createAssistEngine({ settings: () => settings, kb: createInMemoryKb() });
    expect(engine.providerName).toBe('offline');
    const offline = await runSuggest(engine, refundConversation());
    expect(offline.at(-1)?.provider).toBe('offline');
    expect(server.requests).toHaveLength(0);

    settings = { provider: 'openai', baseUrl: server.baseUrl, model: 'local' };
    expect(engine.providerName).toBe('openai');
    const online = await runSuggest(engine, refundConversation());
    expect(online.at(-1)?.provider).toBe('openai');
    expect(server.requests).toHaveLength(1);
    // No key (a local server such as Ollama): the SDK still needs one, so a placeholder is sent.
    expect(server.requests[0]?.headers.authorization).toBe('Bearer not-needed');
  });

  it('talks to Azure OpenAI through its v1 base URL, sending the key as api-key too', async () => {
    server = await startFakeOpenAI([{ chunks: [answerJson(1)] }]);
    const azure = 'https://contoso.openai.azure.com/openai/v1';
    const local = server.baseUrl;
    // The injected fetch routes the Azure host to the local server, so the test sees exactly what Azure would.
    const routed: typeof fetch = (input, init) => fetch(String(input instanceof Request ? input.url : input).replace(azure, local), init);
    const engine = createAssistEngine({
      settings: () => ({ provider: 'openai', baseUrl: azure, apiKey: 'azure-key', model: 'gpt-4o-deployment' }),
      kb: createInMemoryKb(),
      fetch: routed,
    });
    const updates = await runSuggest(engine, refundConversation());
    expect(updates.at(-1)?.status).toBe('done');
    expect(server.requests[0]?.path).toBe('/v1/chat/completions');
    expect(server.requests[0]?.headers['api-key']).toBe('azure-key');
    expect(server.requests[0]?.body.model).toBe('gpt-4o-deployment');
  });

  it('stays offline when openai is chosen but neither a key nor a base URL is set', () => {
    const engine = createAssistEngine({ settings: () => ({ provider: 'openai' }), kb: createInMemoryKb() });
    expect(engine.providerName).toBe('offline');
  });
});

describe('summaries', () => {
  it('uses the bot summary without calling the model', async () => {
    server = await startFakeOpenAI([{ chunks: ['{}'] }]);
    const conversation = { ...refundConversation(), summary: 'Customer wants to return shoes.', recommendedAction: 'Send label.' };
    const summary = await engineFor(server.baseUrl).summarize(conversation);
    expect(summary).toMatchObject({ summary: 'Customer wants to return shoes.', recommendedAction: 'Send label.', source: 'bot' });
    expect(server.requests).toHaveLength(0);
  });

  it('asks the model for a JSON summary and validates it', async () => {
    server = await startFakeOpenAI([{ chunks: ['{"summary":"Wants a refund for order 3348917502.","recommendedAction":"Send a return label.","intent":"refund"}'] }]);
    const summary = await engineFor(server.baseUrl).summarize(refundConversation());
    expect(summary).toMatchObject({ summary: 'Wants a refund for order 3348917502.', recommendedAction: 'Send a return label.', intent: 'refund', source: 'openai' });
    expect(server.requests[0]?.body.stream).toBeFalsy();
  });

  it('falls back to the offline summary when the model answers garbage', async () => {
    server = await startFakeOpenAI([{ chunks: ['I think they want a refund?'] }]);
    const summary = await engineFor(server.baseUrl).summarize(refundConversation());
    expect(summary.source).toBe('offline');
    expect(summary.summary).toContain('3348917502');
  });

  it('falls back to the offline summary when the endpoint is down', async () => {
    server = await startFakeOpenAI([{ status: 500 }]);
    const summary = await engineFor(server.baseUrl, { maxRetries: 0 }).summarize(refundConversation());
    expect(summary.source).toBe('offline');
    expect(summary.recommendedAction).toContain('Offer a return label');
  });
});

describe('logs', () => {
  it('record ids and codes, never conversation text or personal data', async () => {
    server = await startFakeOpenAI([{ chunks: ['not json at all'] }, { status: 401 }]);
    const lines: string[] = [];
    const logger = createLogger('test', { level: 'debug', write: (line) => lines.push(line) });
    const engine = createAssistEngine({
      settings: () => ({ provider: 'openai', baseUrl: server?.baseUrl, apiKey: 'sk-secret-key', maxRetries: 0 }),
      kb: createInMemoryKb(),
      logger,
    });
    const conversation = conversationFullOfPersonalData();
    await runSuggest(engine, conversation);
    await runSuggest(engine, conversation);
    expect(lines.length).toBeGreaterThan(0);
    const logged = lines.join('\n');
    expect(logged).toContain(conversation.handoffId);
    for (const secret of ['Margarethe', 'vollmer', '4111', 'money back', '3348917502', 'sk-secret-key', 'not json']) expect(logged).not.toContain(secret);
  });
});
