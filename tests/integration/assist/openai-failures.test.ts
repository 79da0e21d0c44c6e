// How the engine behaves when the model endpoint misbehaves: retries on 429/5xx, timeouts, wrong URL, bad key,
// unknown model, broken streams. Every failure ends in one clear error update that carries offline suggestions.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
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

describe('retries', () => {
  it.each([429, 503])('retries after HTTP %i and then streams the answer', async (status) => {
    server = await startFakeOpenAI([{ status }, { chunks: tokenise(answerJson(2), 15) }]);
    const updates = await runSuggest(engineFor(server.baseUrl, { maxRetries: 2 }), refundConversation());
    expect(server.requests).toHaveLength(2);
    expect(updates.at(-1)?.status).toBe('done');
    expect(updates.at(-1)?.suggestions).toHaveLength(2);
    expect(updates.some((u) => u.status === 'error')).toBe(false);
  });

  it('gives up after maxRetries and falls back to offline suggestions', async () => {
    server = await startFakeOpenAI([{ status: 429 }]);
    const updates = await runSuggest(engineFor(server.baseUrl, { maxRetries: 1 }), refundConversation());
    expect(server.requests).toHaveLength(2);
    const final = updates.at(-1);
    expect(final?.status).toBe('error');
    expect(final?.error?.code).toBe('assist_rate_limited');
    expect(final?.suggestions[0]?.title).toBe('Offer a return label');
  });
});

describe('failures fall back to offline suggestions with a clear error', () => {
  it('times out a stream that stalls after the headers', async () => {
    server = await startFakeOpenAI([{ chunks: tokenise(answerJson(3), 20), stallAfterChunks: 2 }]);
    const updates = await runSuggest(engineFor(server.baseUrl, { timeoutMs: 150, maxRetries: 0 }), refundConversation());
    const final = updates.at(-1);
    expect(final?.status).toBe('error');
    expect(final?.error?.code).toBe('assist_timeout');
    expect(final?.error?.message).toMatch(/did not answer within 150 ms.*Settings → Assist/);
    expect(final?.provider).toBe('offline');
    expect(final?.suggestions.length).toBeGreaterThan(0);
    expect(await server.requests[0]?.closed).toBe('aborted');
  });

  it('times out a server that never answers', async () => {
    server = await startFakeOpenAI([{ hang: true }]);
    const updates = await runSuggest(engineFor(server.baseUrl, { timeoutMs: 150, maxRetries: 0 }), refundConversation());
    expect(updates.at(-1)?.error?.code).toBe('assist_timeout');
    expect(updates.at(-1)?.suggestions.length).toBeGreaterThan(0);
  });

  it('names the refused address when nothing listens there', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const baseUrl = `http://127.0.0.1:${port}/v1`;

    const updates = await runSuggest(engineFor(baseUrl, { maxRetries: 0 }), refundConversation());
    const final = updates.at(-1);
    expect(updates).toHaveLength(1);
    expect(final?.status).toBe('error');
    expect(final?.error?.code).toBe('assist_unreachable');
    expect(final?.error?.message).toBe(
      `The model endpoint is unreachable (connection refused at ${baseUrl}). Showing offline suggestions; check the base URL in Settings → Assist.`,
    );
    expect(final?.suggestions[0]?.reason).toContain('3348917502');
  });

  it('tells the agent to check the API key on 401', async () => {
    server = await startFakeOpenAI([{ status: 401, errorMessage: 'Incorrect API key provided' }]);
    const updates = await runSuggest(engineFor(server.baseUrl), refundConversation());
    expect(server.requests).toHaveLength(1);
    expect(updates.at(-1)?.error?.code).toBe('assist_unauthorized');
    expect(updates.at(-1)?.error?.message).toContain('check the API key in Settings → Assist');
  });

  it('tells the agent to check the model name on 404', async () => {
    server = await startFakeOpenAI([{ status: 404, errorMessage: 'model "nope" not found' }]);
    const updates = await runSuggest(engineFor(server.baseUrl, { model: 'nope' }), refundConversation());
    expect(updates.at(-1)?.error?.code).toBe('assist_model_not_found');
    expect(updates.at(-1)?.error?.message).toContain('The model "nope" was not found');
  });

  it('ends a stream with a malformed chunk in one terminal update, never a throw', async () => {
    server = await startFakeOpenAI([{ chunks: [answerJson(1).slice(0, 30)], rawEvents: ['{"id": broken'] }]);
    const updates = await runSuggest(engineFor(server.baseUrl), refundConversation());
    const terminal = updates.filter((u) => u.status !== 'streaming');
    expect(terminal).toHaveLength(1);
    expect(['error', 'done']).toContain(terminal[0]?.status);
    expect(terminal[0]?.suggestions.length).toBeGreaterThan(0);
  });
});
