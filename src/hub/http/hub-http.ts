// The hub's HTTP API (PRODUCT.md "Bot-facing HTTP API (v1)") on plain node:http: bot-key routes for intake and
// the customer side, agent-token routes for queues, metrics and the knowledge base. Every body is validated;
// errors are JSON `{ error: { code, message, issues } }`; no request can throw past this handler.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { ErrorInfo, Result } from '../../shared/result';
import { parseWith } from '../../shared/validation';
import type { Logger } from '../../shared/log';
import type { CustomerEvent } from '../../shared/protocol/customer-events';
import type { HubStore, AgentRecord } from '../store/hub-store';
import type { HandoffRouter } from '../routing/handoff-router';
import { checkAgentToken, expiredTokenMessage, hashToken } from '../auth/agent-tokens';
import type { BotAuth } from '../auth/bot-keys';
import { computeMetricsWithBreakdown, metricsQuerySchema } from '../metrics/handoff-metrics';
import { readJsonBody } from './read-body';
import { parseHandoffLeniently } from './lenient-handoff';
import { credentialHelp, hubIndex, hubIndexHtml, prefersHtml, type Credential } from './hub-index';
import { checkCallbackUrl, type CallbackAllowList } from './callback-guard';
import { clientAddress, type HubRateLimiters, type RateLimitDecision } from './rate-limit';
import type { PolicyEngine } from '../policy/policy-engine';
import { evaluatePolicyRequest } from '../policy/policy-engine';
import { mapHandoffInitiation } from '../botframework/map-activity';
import { isCustomerToken, type CustomerTokens } from '../auth/customer-token';
import { CORS_HEADERS, checkCustomerToken, isCustomerPath, serveConversationStream } from './conversation-stream';
import type { CustomerTypingSignal } from '../../shared/protocol/customer-events';
import type { WidgetServer } from './widget-asset';
import { RouterUnavailableError } from '../routing/router-unavailable';

export const customerMessageSchema = z.object({
  role: z.literal('customer').default('customer'),
  text: z.string().trim().min(1).max(10_000),
  clientMessageId: z.string().min(1).max(100),
});
export const csatSchema = z.object({ score: z.number().int().min(1).max(5), comment: z.string().max(2_000).optional() });
const eventsQuerySchema = z.object({
  after: z.coerce.number().int().min(0).default(0),
  wait: z.coerce.number().min(0).max(25).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
const kbQuerySchema = z.object({ since: z.iso.datetime({ offset: true }).optional(), limit: z.coerce.number().int().min(1).max(5_000).default(1_000) });

export interface HubHttpContext {
  store: HubStore;
  router: HandoffRouter;
  botKeys: string[];
  bots: BotAuth;
  /** Per bot key, per agent token, and failed authentication per client address. */
  limits: HubRateLimiters;
  /** Internal callback targets the operator allows (BATON_CALLBACK_ALLOW). */
  callbackAllow: CallbackAllowList;
  policy: PolicyEngine;
  maxBodyBytes: number;
  fcrWindowMs: number;
  now: () => number;
  logger: Logger;
  /** Resolves when a customer event for the conversation is appended, or after `ms`. */
  waitForCustomerEvent(conversationId: string, ms: number): Promise<void>;
  /** Issues the hand-off answer's customerToken and checks it on the customer routes. */
  customerTokens?: CustomerTokens;
  customerTokenGraceMs?: number;
  /** GET /widget.js, the embeddable customer widget. */
  widget?: WidgetServer;
  onTyping?: (conversationId: string, listener: (signal: CustomerTypingSignal) => void) => () => void;
  openStreams?: Set<() => void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly info: ErrorInfo,
    readonly headers: Record<string, string> = {},
  ) {
    super(info.message);
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(text);
}

const statusFor: Record<string, number> = { invalid: 400, invalid_json: 400, unauthorized: 401, forbidden: 403, not_found: 404, conflict: 409, capacity: 409, too_large: 413, rate_limited: 429, unavailable: 503 };

function unwrap<T>(r: Result<T>, status?: number): T {
  if (r.ok) return r.value;
  // `unavailable` is the cluster's "no routing node answered" (cluster/router-rpc.ts): retryable, and said so.
  throw new HttpError(status ?? statusFor[r.error.code] ?? 400, r.error, r.error.code === 'unavailable' ? { 'retry-after': '1' } : {});
}

function bearer(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  if (typeof h !== 'string') return undefined;
  const m = /^Bearer\s+(.+)$/i.exec(h.trim());
  return m?.[1]?.trim();
}

/** A 401 that names the credential its route takes (in the message and as `error.credential`). */
function unauthorized(expects: Credential, what: string): HttpError {
  return new HttpError(401, { code: 'unauthorized', message: `${what} ${credentialHelp[expects]}`, credential: expects } as ErrorInfo, {
    'www-authenticate': `Bearer realm="baton-hub", credential="${expects}"`,
  });
}

/** A 429 with Retry-After (seconds), saying what was limited. */
function tooMany(decision: RateLimitDecision, what: string): HttpError {
  return new HttpError(
    429,
    { code: 'rate_limited', message: `Too many ${what}; retry after ${decision.retryAfterSeconds} s.`, retryAfter: decision.retryAfterSeconds } as ErrorInfo,
    { 'retry-after': String(decision.retryAfterSeconds) },
  );
}

export function createHubHttpHandler(ctx: HubHttpContext): (req: IncomingMessage, res: ServerResponse) => void {
  const log = ctx.logger;
  const addressOf = (req: IncomingMessage): string => clientAddress(req.socket.remoteAddress);

  /**
   * An address that failed authentication too often is refused before its credential is even checked, so a key
   * guesser learns nothing from its next tries (a valid key from that address waits too); each failure counts.
   */
  async function refuseIfGuessing(req: IncomingMessage): Promise<void> {
    const d = await ctx.limits.authFailures.peek(addressOf(req));
    if (!d.ok) throw tooMany(d, 'failed sign-ins from this address');
  }
  async function authFailed(req: IncomingMessage, e: HttpError): Promise<HttpError> {
    const d = await ctx.limits.authFailures.take(addressOf(req));
    return d.ok ? e : tooMany(d, 'failed sign-ins from this address');
  }

  /** `orCustomerToken`: a conversation route, which a widget calls with the conversation's customer token. */
  async function requireBot(req: IncomingMessage, orCustomerToken = false): Promise<string> {
    await refuseIfGuessing(req);
    const key = bearer(req);
    const botId = await ctx.bots.botFor(key);
    if (!botId) {
      // The answer's `credential` stays "bot_key" here (bots read it); the message names the customer token too.
      const refused = unauthorized('bot_key', 'The bot key is missing or not one this hub accepts.');
      const message = `The bot key or customer token is missing or not one this hub accepts. ${credentialHelp.bot_key_or_customer_token}`;
      throw await authFailed(req, orCustomerToken ? new HttpError(401, { ...refused.info, message }, refused.headers) : refused);
    }
    const decision = await ctx.limits.bot.take(key ?? '');
    if (!decision.ok) throw tooMany(decision, 'requests for this bot key');
    return botId;
  }

  /** Another bot's conversation is answered exactly like one that does not exist. */
  async function requireOwnConversation(botId: string, conversationId: string): Promise<void> {
    const owner = await ctx.store.conversationOwner(conversationId);
    if (owner !== undefined && owner !== botId) throw new HttpError(404, { code: 'not_found', message: `No hand-off for conversation ${conversationId}.` });
  }

  /** Claims the conversation id for the bot handing it off; another bot's id is refused. */
  async function claim(botId: string, conversationId: string): Promise<void> {
    const owner = await ctx.store.claimConversation(conversationId, botId);
    if (owner !== botId) {
      throw new HttpError(409, { code: 'conflict', message: 'This conversationId is already used by another bot; give each conversation an id of your own.' });
    }
  }

  async function requireAgent(req: IncomingMessage, role?: 'supervisor', expects: Credential = role === 'supervisor' ? 'supervisor_token' : 'agent_token'): Promise<AgentRecord> {
    await refuseIfGuessing(req);
    const check = await checkAgentToken(ctx.store, bearer(req), ctx.now);
    const agent = check.ok ? check.agent : undefined;
    if (!agent) {
      if (!check.ok && check.expired) throw await authFailed(req, new HttpError(401, { code: 'unauthorized', message: expiredTokenMessage(check.expired), credential: expects } as ErrorInfo));
      const key = bearer(req);
      if (key && (await ctx.bots.botFor(key))) throw new HttpError(403, { code: 'forbidden', message: 'A bot key cannot use this route; use an agent or supervisor token.' });
      throw await authFailed(req, unauthorized(expects, 'The token is missing or not one this hub issued.'));
    }
    const decision = await ctx.limits.agentHttp.take(hashToken(bearer(req) ?? ''));
    if (!decision.ok) throw tooMany(decision, 'requests for this agent token');
    if (role === 'supervisor' && agent.role !== 'supervisor') throw new HttpError(403, { code: 'forbidden', message: 'Only supervisors may read this.' });
    return agent;
  }

  async function body(req: IncomingMessage): Promise<unknown> {
    const r = await readJsonBody(req, ctx.maxBodyBytes);
    if (!r.ok) throw new HttpError(r.status ?? 400, r.error);
    return r.value;
  }

  /** A customer route takes the bot key or that conversation's customer token. */
  async function requireConversation(req: IncomingMessage, conversationId: string): Promise<void> {
    const token = bearer(req);
    if (!isCustomerToken(token) || !ctx.customerTokens) {
      await requireOwnConversation(await requireBot(req, true), conversationId);
      return;
    }
    const denied = await checkCustomerToken({ store: ctx.store, customerTokens: ctx.customerTokens, graceMs: ctx.customerTokenGraceMs ?? 3_600_000, now: ctx.now }, token ?? '', conversationId);
    if (denied) throw new HttpError(denied.status, denied.info);
  }

  const query = (url: URL): Record<string, string> => Object.fromEntries(url.searchParams.entries());

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://hub.invalid');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const method = req.method ?? 'GET';

    if (path === '/' && method === 'GET') {
      const index = hubIndex(ctx.now());
      if (!prefersHtml(req.headers.accept)) return send(res, 200, index, { vary: 'accept' });
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        vary: 'accept',
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
        'x-content-type-options': 'nosniff',
      });
      res.end(hubIndexHtml(index));
      return;
    }

    if (isCustomerPath(path)) {
      for (const [k, v] of Object.entries(CORS_HEADERS)) res.setHeader(k, v);
      if (method === 'OPTIONS') {
        res.writeHead(204);
        res.end();
        return;
      }
    }

    if (path === '/widget.js' && (method === 'GET' || method === 'HEAD') && ctx.widget) return ctx.widget.serve(req, res);

    if (path === '/healthz' && method === 'GET') return send(res, 200, { ok: true, time: new Date(ctx.now()).toISOString() });

    if (path === '/v1/handoffs' && method === 'POST') {
      const botId = await requireBot(req);
      const { request, warnings } = unwrap(parseHandoffLeniently(await body(req)));
      if (request.callbackUrl) unwrap(await checkCallbackUrl(request.callbackUrl, ctx.callbackAllow));
      await claim(botId, request.conversationId);
      const result = await ctx.router.submit(request, 'api');
      ctx.policy.forget(request.conversationId);
      const customerToken = ctx.customerTokens?.issue({ conversationId: result.answer.conversationId, handoffId: result.answer.handoffId, issuedAt: ctx.now() });
      return send(res, result.created ? 201 : 200, { ...result.answer, ...(warnings.length ? { warnings } : {}), ...(customerToken ? { customerToken } : {}) });
    }

    if (path === '/v1/botframework/activities' && method === 'POST') {
      const botId = await requireBot(req);
      const mapped = unwrap(mapHandoffInitiation(await body(req)));
      if (mapped.callbackUrl) unwrap(await checkCallbackUrl(mapped.callbackUrl, ctx.callbackAllow));
      await claim(botId, mapped.request.conversationId);
      const result = await ctx.router.submit(mapped.request, 'botframework', mapped.callbackUrl);
      return send(res, result.created ? 201 : 200, result.answer);
    }

    if (path === '/v1/policy/evaluate' && method === 'POST') {
      await requireBot(req);
      return send(res, 200, unwrap(evaluatePolicyRequest(ctx.policy, await body(req))));
    }

    const conv = /^\/v1\/conversations\/([^/]+)\/(messages|events|end|csat|stream)$/.exec(path);
    if (conv) {
      let conversationId: string;
      try {
        conversationId = decodeURIComponent(conv[1] ?? '');
      } catch {
        throw new HttpError(400, { code: 'invalid', message: 'The conversation id in the path is not valid percent-encoding.' });
      }
      const action = conv[2];
      if (action === 'messages' && method === 'POST') {
        await requireConversation(req, conversationId);
        const msg = unwrap(parseWith(customerMessageSchema, await body(req), 'The customer message'));
        const r = unwrap(await ctx.router.customerMessage(conversationId, msg));
        return send(res, r.created ? 201 : 200, r.message);
      }
      if (action === 'stream' && method === 'GET') {
        await requireConversation(req, conversationId);
        if (!(await ctx.store.latestHandoffForConversation(conversationId))) throw new HttpError(404, { code: 'not_found', message: `No hand-off for conversation ${conversationId}.` });
        return serveConversationStream(ctx, req, res, url, conversationId);
      }
      if (action === 'events' && method === 'GET') {
        await requireConversation(req, conversationId);
        const q = unwrap(parseWith(eventsQuerySchema, query(url), 'The events query'));
        let h = await ctx.store.latestHandoffForConversation(conversationId);
        if (!h) throw new HttpError(404, { code: 'not_found', message: `No hand-off for conversation ${conversationId}.` });
        let events: CustomerEvent[] = await ctx.store.customerEventsAfter(conversationId, q.after, q.limit);
        if (!events.length && q.wait > 0) {
          await ctx.waitForCustomerEvent(conversationId, q.wait * 1000);
          events = await ctx.store.customerEventsAfter(conversationId, q.after, q.limit);
          h = (await ctx.store.latestHandoffForConversation(conversationId)) ?? h;
        }
        const last = events.at(-1);
        return send(res, 200, { conversationId, handoffId: h.id, status: h.status, events, nextAfter: last ? last.seq : q.after });
      }
      if (action === 'end' && method === 'POST') {
        await requireConversation(req, conversationId);
        const r = unwrap(await ctx.router.customerEnd(conversationId));
        return send(res, 200, { conversationId, status: r.status });
      }
      if (action === 'csat' && method === 'POST') {
        await requireConversation(req, conversationId);
        const c = unwrap(parseWith(csatSchema, await body(req), 'The CSAT answer'));
        unwrap(await ctx.router.csat(conversationId, c.score, c.comment));
        return send(res, 200, { conversationId, score: c.score });
      }
    }

    // Who a token belongs to: the desk checks a token here when an agent saves it, before signing in with it.
    if (path === '/v1/agents/me' && method === 'GET') {
      const agent = await requireAgent(req);
      return send(res, 200, { agentId: agent.id, name: agent.name, role: agent.role, skills: agent.skills, capacity: agent.capacity, status: agent.status, ...(agent.tokenExpiresAt ? { tokenExpiresAt: agent.tokenExpiresAt } : {}) });
    }

    if (path === '/v1/queues' && method === 'GET') {
      const key = bearer(req);
      const bot = (await ctx.bots.botFor(key)) !== undefined;
      if (bot) await requireBot(req);
      else await requireAgent(req, undefined, 'bot_key_or_agent_token');
      // Bots see the queue's shape; only the hub's own people see who waits and why.
      return send(res, 200, { queues: await ctx.router.queues(), waiting: await ctx.router.waitingList({ withPeople: !bot }) });
    }

    if (path === '/v1/metrics' && method === 'GET') {
      await requireAgent(req, 'supervisor');
      const q = unwrap(parseWith(metricsQuerySchema, query(url), 'The metrics query'));
      return send(res, 200, await computeMetricsWithBreakdown(ctx.store, q, { now: ctx.now(), fcrWindowMs: ctx.fcrWindowMs }));
    }

    if (path === '/v1/kb/articles' && method === 'GET') {
      await requireAgent(req);
      const q = unwrap(parseWith(kbQuerySchema, query(url), 'The knowledge-base query'));
      const articles = await ctx.store.kbArticlesSince(q.since ? new Date(q.since).toISOString() : undefined, q.limit);
      return send(res, 200, { articles });
    }

    throw new HttpError(404, { code: 'not_found', message: `No route ${method} ${path}. See the API list in README.md.` });
  }

  return (req, res) => {
    route(req, res).catch((e: unknown) => {
      if (e instanceof HttpError) {
        if (e.status >= 500) log.error('http.error', { code: e.info.code });
        // Unread request bodies are drained so the client reads the answer rather than a reset connection.
        if (!req.readableEnded) req.resume();
        send(res, e.status, { error: e.info.issues ? e.info : { ...e.info, issues: [] } }, e.headers);
        return;
      }
      if (e instanceof RouterUnavailableError) {
        if (!req.readableEnded) req.resume();
        send(res, 503, { error: { code: e.code, message: e.message, retryAfter: e.retryAfterSeconds, issues: [] } }, { 'retry-after': String(e.retryAfterSeconds) });
        return;
      }
      log.error('http.unexpected', { error: e instanceof Error ? e.name : 'unknown' });
      send(res, 500, { error: { code: 'internal', message: 'The hub failed to handle this request; it has been logged. Try again.', issues: [] } });
    });
  };
}
