// The OpenAI-compatible provider against a real local HTTP server that streams server-sent events.
import { afterEach, describe, expect, it } from 'vitest';
import type { FakeOpenAI } from '../../support/fake-openai-server';
import { startFakeOpenAI, tokenise } from '../../support/fake-openai-server';
import { refundConversation } from '../../unit/assist/conversations';
import { answerJson, engineFor, runSuggest } from './assist-harness';

let server: FakeOpenAI | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('streaming next-best actions from an OpenAI-compatible endpoint', () => {
  it('emits each suggestion as it completes, in order, then a final done', async () => {
    server = await startFakeOpenAI([{ chunks: tokenise(answerJson(3), 9), delayMs: 2 }]);
    const updates = await runSuggest(engineFor(server.baseUrl), refundConversation());

    const final = updates.at(-1);
    expect(final?.status).toBe('done');
    expect(final?.provider).toBe('openai');
    expect(final?.suggestions.map((s) => s.title)).toEqual(['Offer a return label', 'Refund once the return is scanned', 'Check for other open orders']);
    expect(final?.suggestions[0]?.kbArticleId).toBe('kb-returns');
    const streaming = updates.filter((u) => u.status === 'streaming');
    expect(updates.slice(0, -1).every((u) => u.status === 'streaming')).toBe(true);
    const complete = streaming.map((u) => u.suggestions.filter((s) => !s.id.startsWith('llm-pending-')));
    // Finished suggestions arrive one by one and only grow: each streamed set is a prefix of the final one.
    expect([...new Set(complete.map((c) => c.length))]).toEqual([0, 1, 2, 3]);
    for (const c of complete) expect(c).toEqual(final?.suggestions.slice(0, c.length));
    // The suggestion being written shows up token by token, without a reply until it is complete.
    const pendingTitles = streaming.flatMap((u) => u.suggestions.filter((s) => s.id === 'llm-pending-0').map((s) => s.title));
    expect(pendingTitles.length).toBeGreaterThan(1);
    expect(pendingTitles.every((t) => 'Offer a return label'.startsWith(t))).toBe(true);
    expect(streaming.flatMap((u) => u.suggestions).filter((s) => s.id.startsWith('llm-pending-') && s.reply)).toEqual([]);
    expect(streaming.every((u) => u.text === undefined)).toBe(true);
    expect(final?.articles?.length).toBeGreaterThan(0);
  });

  it('puts the customer name back into replies the model wrote with a placeholder', async () => {
    server = await startFakeOpenAI([{ chunks: [answerJson(1)] }]);
    const updates = await runSuggest(engineFor(server.baseUrl), refundConversation());
    expect(updates.at(-1)?.suggestions[0]?.reply).toBe('Hi Anna, I can email you a prepaid return label now.');
  });

  it('asks for streamed JSON with the configured model', async () => {
    server = await startFakeOpenAI([{ chunks: [answerJson(1)] }]);
    await runSuggest(engineFor(server.baseUrl, { model: 'llama3.1:8b' }), refundConversation());
    const body = server.requests[0]?.body;
    expect(body?.model).toBe('llama3.1:8b');
    expect(body?.stream).toBe(true);
    expect(body?.response_format).toEqual({ type: 'json_object' });
    expect(body?.messages?.[0]?.role).toBe('system');
    expect(body?.messages?.[1]?.content).toContain('Order 3348917502');
    expect(server.requests[0]?.headers.authorization).toBe('Bearer sk-test');
  });

  it('retries without response_format when the server rejects it (LM Studio)', async () => {
    server = await startFakeOpenAI((request) =>
      request.body.response_format ? { status: 400, errorMessage: "'response_format.type' must be 'json_schema' or 'text'" } : { chunks: [answerJson(2)] },
    );
    const updates = await runSuggest(engineFor(server.baseUrl), refundConversation());
    expect(updates.at(-1)?.status).toBe('done');
    expect(updates.at(-1)?.suggestions).toHaveLength(2);
    expect(server.requests.map((r) => 'response_format' in r.body)).toEqual([true, false]);
  });

  it('cancels mid-stream: the request is aborted, the last update is cancelled and nothing follows', async () => {
    server = await startFakeOpenAI([{ chunks: tokenise(answerJson(3), 20), delayMs: 10 }]);
    const controller = new AbortController();
    const updates = await runSuggest(engineFor(server.baseUrl), refundConversation(), {
      controller,
      onUpdate: (u) => {
        if (u.status === 'streaming' && u.suggestions.length === 1) controller.abort();
      },
    });
    expect(await server.requests[0]?.closed).toBe('aborted');
    const count = updates.length;
    expect(updates.at(-1)?.status).toBe('cancelled');
    expect(updates.filter((u) => u.status === 'cancelled')).toHaveLength(1);
    expect(updates.some((u) => u.status === 'done')).toBe(false);
    expect(updates.length).toBe(count);
  });

  it('reports cancelled without calling the server when the signal is already aborted', async () => {
    server = await startFakeOpenAI([{ chunks: [answerJson(1)] }]);
    const controller = new AbortController();
    controller.abort();
    const updates = await runSuggest(engineFor(server.baseUrl), refundConversation(), { controller });
    expect(updates.map((u) => u.status)).toEqual(['cancelled']);
    expect(server.requests).toHaveLength(0);
  });

  it('degrades a non-JSON answer to plain text instead of failing', async () => {
    const prose = 'You could offer the customer a return label, since the order is within the window.';
    server = await startFakeOpenAI([{ chunks: tokenise(prose, 10) }]);
    const updates = await runSuggest(engineFor(server.baseUrl), refundConversation());
    const final = updates.at(-1);
    expect(final?.status).toBe('done');
    expect(final?.suggestions).toEqual([]);
    expect(final?.text).toBe(prose);
    expect(final?.error).toBeUndefined();
    // The text streams too, so the panel is not blank while the model writes.
    expect(updates.filter((u) => u.status === 'streaming').length).toBeGreaterThan(1);
  });

  it('finds the JSON after a reasoning preamble (Ollama, vLLM reasoning models)', async () => {
    server = await startFakeOpenAI([{ chunks: tokenise(`<think>The order was delivered.</think>\n${answerJson(2)}`, 12) }]);
    const updates = await runSuggest(engineFor(server.baseUrl), refundConversation());
    const final = updates.at(-1);
    expect(final?.status).toBe('done');
    expect(final?.suggestions).toHaveLength(2);
    expect(final?.text).toBeUndefined();
  });

  it('drops a suggestion that fails validation but keeps the valid ones', async () => {
    const answer = JSON.stringify({ suggestions: [{ title: '', reason: 'x' }, { title: 'Send the label', reason: 'Inside the window.' }] });
    server = await startFakeOpenAI([{ chunks: [answer] }]);
    const updates = await runSuggest(engineFor(server.baseUrl), refundConversation());
    expect(updates.at(-1)?.suggestions.map((s) => s.title)).toEqual(['Send the label']);
  });
});
