// The customer's side of a conversation for browsers: customer-token checks, CORS, and
// GET /v1/conversations/{id}/stream as Server-Sent Events (resumable with Last-Event-ID or ?after=), beside the
// long-poll events route, which stays.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorInfo } from '../../shared/result';
import type { HubStore } from '../store/hub-store';
import type { CustomerTokens } from '../auth/customer-token';
import type { CustomerTypingSignal } from '../../shared/protocol/customer-events';

export interface ConversationAccessContext {
  store: HubStore;
  customerTokens: CustomerTokens;
  /** How long after the conversation ended its token still works (default 1 h). */
  graceMs: number;
  now: () => number;
}

/** undefined when the token may act on this conversation, otherwise why not (always 401 or 403). */
export async function checkCustomerToken(ctx: ConversationAccessContext, token: string, conversationId: string): Promise<{ status: number; info: ErrorInfo } | undefined> {
  const claims = ctx.customerTokens.verify(token);
  if (!claims) return { status: 401, info: { code: 'unauthorized', message: 'This customer token is not valid; hand off again to get a new one.' } };
  if (claims.conversationId !== conversationId) return { status: 403, info: { code: 'forbidden', message: 'This customer token is for another conversation.' } };
  const h = await ctx.store.latestHandoffForConversation(conversationId);
  // A new hand-off in the same conversation gets a new token; an old one cannot act on it.
  if (!h || h.id !== claims.handoffId) return { status: 403, info: { code: 'forbidden', message: 'This customer token is for an earlier hand-off of this conversation.' } };
  if (h.endedAt && Date.parse(h.endedAt) + ctx.graceMs < ctx.now()) return { status: 401, info: { code: 'unauthorized', message: 'This customer token expired with its conversation.' } };
  return undefined;
}

export const CORS_HEADERS: Record<string, string> = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'authorization, content-type, last-event-id',
  'access-control-max-age': '600',
};

export const isCustomerPath = (path: string): boolean => /^\/v1\/conversations\/[^/]+\/(messages|events|end|csat|stream)$/.test(path);

export interface StreamContext {
  store: HubStore;
  waitForCustomerEvent(conversationId: string, ms: number): Promise<void>;
  heartbeatMs?: number;
  /** Subscribes to the conversation's typing signals; answers the unsubscribe. */
  onTyping?: (conversationId: string, listener: (signal: CustomerTypingSignal) => void) => () => void;
  /** Open streams, ended by the hub when it closes (an open response would hold its server's close for ever). */
  openStreams?: Set<() => void>;
}

function startAfter(req: IncomingMessage, url: URL): number {
  const header = req.headers['last-event-id'];
  const raw = (typeof header === 'string' && header.trim()) || url.searchParams.get('after') || '0';
  const n = Number(raw);
  return Number.isInteger(n) && n >= 0 ? n : 0;
}

/** Streams the conversation's customer events until the client goes away. */
export async function serveConversationStream(ctx: StreamContext, req: IncomingMessage, res: ServerResponse, url: URL, conversationId: string): Promise<void> {
  let after = startAfter(req, url);
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store, no-transform',
    connection: 'keep-alive',
    // nginx and friends buffer responses unless told not to.
    'x-accel-buffering': 'no',
  });
  res.write('retry: 2000\n\n');
  let open = true;
  const stop = (): void => {
    open = false;
  };
  req.on('close', stop);
  res.on('close', stop);
  const endNow = (): void => {
    stop();
    res.end();
  };
  ctx.openStreams?.add(endNow);
  res.on('close', () => ctx.openStreams?.delete(endNow));
  // Typing frames only for clients that ask (?typing=1): they have no id, and a client written before they
  // existed might take every data line for a sequenced event.
  if (url.searchParams.get('typing') === '1' && ctx.onTyping) {
    const off = ctx.onTyping(conversationId, (signal) => {
      if (open) res.write(`event: typing\ndata: ${JSON.stringify(signal)}\n\n`);
    });
    res.on('close', off);
  }
  const heartbeat = ctx.heartbeatMs ?? 15_000;
  while (open) {
    const events = await ctx.store.customerEventsAfter(conversationId, after, 200);
    for (const e of events) {
      // JSON on one data line: customer text with newlines cannot break the framing.
      res.write(`id: ${e.seq}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);
      after = e.seq;
    }
    if (events.length === 200) continue;
    await ctx.waitForCustomerEvent(conversationId, heartbeat);
    if (open) res.write(': ping\n\n');
  }
  res.end();
}
