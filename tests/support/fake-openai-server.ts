// A real OpenAI-compatible HTTP server on 127.0.0.1 for tests: POST /v1/chat/completions answers streamed
// (server-sent events in the chat.completion.chunk format) or not, following a per-test script of replies:
// chunks with delays, HTTP error sequences (429 then 200), malformed chunks, or hanging forever. Records every
// request so tests can assert exactly what left the desk (redaction).
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface FakeReply {
  /** HTTP status; anything but 200 answers with an OpenAI-style error body. Default 200. */
  status?: number;
  /** Extra response headers. Error replies default to `retry-after-ms: 5` so SDK retries stay fast. */
  headers?: Record<string, string>;
  /** Content pieces, one SSE chunk each when streamed; joined for a non-streamed answer. */
  chunks?: string[];
  /** Raw SSE `data:` payloads sent after the chunks (e.g. malformed JSON), before `[DONE]`. */
  rawEvents?: string[];
  /** Delay before each chunk, in ms. */
  delayMs?: number;
  /** Never answer at all (no headers). */
  hang?: boolean;
  /** Send headers and this many chunks, then stall forever without ending the stream. */
  stallAfterChunks?: number;
  /** Error message for non-200 replies. */
  errorMessage?: string;
}

export type FakeScript = FakeReply[] | ((request: RecordedRequest, index: number) => FakeReply);

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** Raw body text, exactly as received. */
  raw: string;
  body: { model?: string; stream?: boolean; messages?: { role: string; content: string }[]; [key: string]: unknown };
  /** Resolves when the exchange ends: 'completed' when the server finished, 'aborted' when the client hung up first. */
  closed: Promise<'completed' | 'aborted'>;
}

export interface FakeOpenAI {
  baseUrl: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startFakeOpenAI(script: FakeScript = []): Promise<FakeOpenAI> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<ReturnType<typeof setTimeout>>();

  const pick = (request: RecordedRequest, index: number): FakeReply => {
    if (typeof script === 'function') return script(request, index);
    return script[Math.min(index, script.length - 1)] ?? { chunks: ['{"suggestions":[]}'] };
  };

  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (piece: string) => (raw += piece));
    req.on('end', () => {
      let body: RecordedRequest['body'] = {};
      try {
        body = JSON.parse(raw || '{}') as RecordedRequest['body'];
      } catch {
        body = {};
      }
      let finished = false;
      let settle: (value: 'completed' | 'aborted') => void = () => {};
      const closed = new Promise<'completed' | 'aborted'>((resolve) => (settle = resolve));
      res.on('close', () => settle(finished ? 'completed' : 'aborted'));
      const request: RecordedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, raw, body, closed };
      const index = requests.length;
      requests.push(request);

      if (req.method !== 'POST' || !/\/chat\/completions$/.test((req.url ?? '').split('?')[0] ?? '')) {
        finished = true;
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `Unknown path ${req.url}`, type: 'invalid_request_error', code: 'not_found' } }));
        return;
      }
      const reply = pick(request, index);
      if (reply.hang) return;
      const status = reply.status ?? 200;
      if (status !== 200) {
        finished = true;
        res.writeHead(status, { 'content-type': 'application/json', 'retry-after-ms': '5', ...reply.headers });
        res.end(JSON.stringify({ error: { message: reply.errorMessage ?? `Scripted HTTP ${status}`, type: 'fake_error', code: String(status) } }));
        return;
      }
      const chunks = reply.chunks ?? [];
      const model = body.model ?? 'fake-model';
      if (!body.stream) {
        finished = true;
        res.writeHead(200, { 'content-type': 'application/json', ...reply.headers });
        res.end(
          JSON.stringify({
            id: `chatcmpl-${index}`,
            object: 'chat.completion',
            created: 1_700_000_000,
            model,
            choices: [{ index: 0, message: { role: 'assistant', content: chunks.join('') }, finish_reason: 'stop' }],
          }),
        );
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', ...reply.headers });
      const event = (data: string) => res.write(`data: ${data}\n\n`);
      const chunk = (delta: Record<string, string>, finish: string | null = null) =>
        JSON.stringify({ id: `chatcmpl-${index}`, object: 'chat.completion.chunk', created: 1_700_000_000, model, choices: [{ index: 0, delta, finish_reason: finish }] });

      const steps: (() => void)[] = [() => event(chunk({ role: 'assistant', content: '' }))];
      chunks.forEach((content, i) => {
        steps.push(() => {
          if (res.destroyed) return;
          event(chunk({ content }));
          if (reply.stallAfterChunks === i + 1) throw new Stall();
        });
      });
      if (reply.stallAfterChunks === 0) steps.push(() => { throw new Stall(); });
      for (const rawEvent of reply.rawEvents ?? []) steps.push(() => event(rawEvent));
      steps.push(() => {
        event(chunk({}, 'stop'));
        event('[DONE]');
        finished = true;
        res.end();
      });

      const run = (i: number) => {
        if (res.destroyed || i >= steps.length) return;
        try {
          steps[i]?.();
        } catch (err) {
          if (err instanceof Stall) return;
          throw err;
        }
        const timer = setTimeout(() => {
          timers.delete(timer);
          run(i + 1);
        }, i === 0 ? 0 : (reply.delayMs ?? 0));
        timers.add(timer);
      };
      run(0);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

class Stall extends Error {}

/** Splits a JSON answer into small pieces, the way a model streams tokens. */
export function tokenise(text: string, size = 7): string[] {
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
  return pieces;
}
