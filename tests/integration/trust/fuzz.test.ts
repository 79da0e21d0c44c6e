// Issue 11 point 10, fuzz: a bounded fast-check run over every HTTP route of the hub (src/hub/http/hub-http.ts)
// and every socket event of its /agent namespace (src/hub/socket/agent-namespace.ts), with malformed bodies,
// params, query strings and headers and with wrong credentials. Only invalid requests are generated (a valid one
// may legitimately store or answer 200), so every answer must be a 4xx (an error ack, never `internal`, for a
// socket event; a refused handshake for bad socket credentials), the row count of every table of the hub's SQLite
// file must stay what it was, and the hub must answer /healthz afterwards. FC_RUNS raises the run count (default
// 400 per property); FC_SEED repeats a run.
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOMER_TOKEN_PREFIX } from '../../../src/hub/auth/customer-token';
import type { RunningHub } from '../../../src/hub/server';
import { setStatusSchema } from '../../../src/shared/protocol/agent-socket';
import { BOT_KEY, connectDesk, handoff, isOffer, startTestHub, type TestDesk } from '../hub/hub-harness';

const RUNS = Number(process.env.FC_RUNS ?? 400);
const SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;
const params = { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) };

let hub: RunningHub;
let cleanup: () => Promise<void>;
let db: Database.Database;
let agent: TestDesk & { token: string };
let supervisor: TestDesk & { token: string };
let handoffId: string;
const live = 'fuzz-live'; // a real conversation, held by the agent, so bad input reaches the real handlers
const counts = { http: 0, socketEvents: 0, handshakes: 0 };

function rowCounts(): Record<string, number> {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[];
  return Object.fromEntries(tables.map((t) => [t.name, (db.prepare(`SELECT COUNT(*) AS n FROM "${t.name}"`).get() as { n: number }).n]));
}

beforeAll(async () => {
  // Limits far above the run, so each case reaches the validation it aims at instead of a 429 (also a 4xx).
  const t = await startTestHub({ rateLimits: { authFailuresPerMinute: 1_000_000, agentHttpPerMinute: 1_000_000, agentEventsPerMinute: 1_000_000 }, botRatePerMinute: 1_000_000 });
  hub = t.hub;
  cleanup = t.cleanup;
  db = new Database(join(t.dir, 'hub.db'), { readonly: true });
  const a = hub.issueToken({ name: 'Fuzz Agent', role: 'agent', skills: ['billing'], capacity: 3 });
  const s = hub.issueToken({ name: 'Fuzz Supervisor', role: 'supervisor', skills: ['billing'], capacity: 0 });
  agent = Object.assign(connectDesk(hub, a.token), { token: a.token });
  supervisor = Object.assign(connectDesk(hub, s.token), { token: s.token });
  await Promise.all([agent.hello, supervisor.hello]);
  const r = await fetch(`${hub.url}/v1/handoffs`, { method: 'POST', headers: { authorization: `Bearer ${BOT_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(handoff(live)) });
  expect(r.status).toBe(201);
  handoffId = ((await r.json()) as { handoffId: string }).handoffId;
  await agent.next(isOffer(handoffId), 'offer');
  expect((await agent.request('offer.accept', { handoffId })).ok).toBe(true);
}, 30_000);

afterAll(async () => {
  console.log(`fuzz: ${counts.http} HTTP requests, ${counts.socketEvents} socket events, ${counts.handshakes} socket handshakes (FC_RUNS ${RUNS} per property)`);
  agent?.close();
  supervisor?.close();
  db?.close();
  await cleanup?.();
});

// ---- credentials -------------------------------------------------------------------------------------------

type Cred = 'bot' | 'agent' | 'supervisor' | 'none' | 'junk' | 'forged-customer' | 'basic' | 'bearer-empty' | 'bot-case';
const wrongCred = fc.constantFrom<Cred>('none', 'junk', 'forged-customer', 'basic', 'bearer-empty', 'bot-case');
const headerText = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~+/= '.split('')), maxLength: 60 });

function authHeader(cred: Cred, junk: string): Record<string, string> {
  switch (cred) {
    case 'bot':
      return { authorization: `Bearer ${BOT_KEY}` };
    case 'agent':
      return { authorization: `Bearer ${agent.token}` };
    case 'supervisor':
      return { authorization: `Bearer ${supervisor.token}` };
    case 'none':
      return {};
    case 'junk':
      return { authorization: `Bearer ${junk.trim() || 'x'}` };
    case 'forged-customer':
      return { authorization: `Bearer ${CUSTOMER_TOKEN_PREFIX}${junk.trim() || 'x'}` };
    case 'basic':
      return { authorization: `Basic ${Buffer.from(`bot:${BOT_KEY}`).toString('base64')}` };
    case 'bearer-empty':
      return { authorization: 'Bearer ' };
    case 'bot-case':
      return { authorization: `Bearer ${BOT_KEY.toUpperCase()}` };
  }
}

// ---- bodies --------------------------------------------------------------------------------------------------

/** A body that is not a JSON object at all: broken JSON, or JSON of the wrong kind. */
const notAnObject = fc.oneof(
  fc.constantFrom('', '{', '{"a":', 'null', '[]', '"text"', '42', 'true', '{"__proto__":{"x":1}', '\u0000', 'NaN', '{}}'),
  fc.string({ maxLength: 80 }),
  fc.jsonValue({ maxDepth: 3 }).filter((v) => v === null || typeof v !== 'object' || Array.isArray(v)).map((v) => JSON.stringify(v)),
);
const junkValue = fc.oneof(fc.constant(undefined), fc.constant(null), fc.integer(), fc.double(), fc.boolean(), fc.constant(''), fc.constant('   '), fc.array(fc.string(), { maxLength: 3 }), fc.object({ maxDepth: 1 }));
const extraFields = fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 });
const set = (o: Record<string, unknown>, k: string, v: unknown) => {
  const c = { ...o };
  if (v === undefined) delete c[k];
  else c[k] = v;
  return c;
};

/** A hand-off broken where routing needs it (conversationId, customer.id, the transcript's shape, the trigger). */
const brokenHandoff = fc
  .tuple(fc.nat({ max: 3 }), junkValue, fc.string({ maxLength: 20 }), extraFields, fc.nat())
  .map(([which, junk, text, extra, n]) => {
    const base = { ...extra, ...handoff(`fuzz-new-${n}`) } as Record<string, unknown>;
    if (which === 0) return set(base, 'conversationId', typeof junk === 'string' ? '' : junk);
    if (which === 1) return set(base, 'customer', junk === undefined || typeof junk !== 'object' || junk === null ? junk : { ...junk, id: 7 });
    if (which === 2) return set(base, 'transcript', junk === undefined || Array.isArray(junk) ? 'not a list' : typeof junk === 'object' ? [junk, 5] : junk);
    return set(base, 'reason', { trigger: `not-a-trigger-${text}` });
  })
  .map((o) => JSON.stringify(o));

/** A customer message broken in its text, clientMessageId or role. */
const brokenMessage = fc
  .tuple(fc.nat({ max: 2 }), junkValue, fc.string({ maxLength: 10 }))
  .map(([which, junk, s]) => {
    const base = { role: 'customer', text: 'hello', clientMessageId: 'fuzz-msg-1' } as Record<string, unknown>;
    if (which === 0) return set(base, 'text', typeof junk === 'string' ? ' \n\t ' : junk === undefined ? 'x'.repeat(10_001) : junk);
    if (which === 1) return set(base, 'clientMessageId', typeof junk === 'string' ? '' : junk === undefined ? 'c'.repeat(101) : junk);
    return set(base, 'role', `agent${s}`);
  })
  .map((o) => JSON.stringify(o));

const brokenCsat = fc
  .oneof(fc.constantFrom(0, 6, -1, 1.5, 100), fc.string({ maxLength: 3 }), fc.constant(null))
  .chain((score) => fc.constantFrom({ score }, { score: 3, comment: 'c'.repeat(2_001) }, { comment: 'no score' }))
  .map((o) => JSON.stringify(o));
const brokenActivity = fc
  .oneof(fc.object({ maxDepth: 2 }).map((o) => ({ ...o, type: 'message' })), fc.record({ type: fc.constant('event'), name: fc.string({ maxLength: 20 }).filter((n) => n !== 'handoff.initiate') }))
  .map((o) => JSON.stringify(o));
const brokenPolicy = fc.oneof(
  fc.object({ maxDepth: 2 }).map((o) => ({ ...o, conversationId: 5 })),
  fc.constant({ conversationId: '' }),
  fc.constant({}),
).map((o) => JSON.stringify(o));

// ---- the HTTP cases ------------------------------------------------------------------------------------------

interface HttpCase {
  method: string;
  path: string;
  cred: Cred;
  body?: string;
  headers?: Record<string, string>;
}

const conversationId = fc.oneof(fc.constant(live), fc.string({ minLength: 1, maxLength: 30 }).map((s) => encodeURIComponent(s)), fc.constantFrom('%E0%A4%A', '%', '%zz', '..', '%2F%2F'));
const unknownConversation = fc.string({ minLength: 1, maxLength: 30 }).map((s) => `nope-${encodeURIComponent(s)}`);
const badEventsQuery = fc.oneof(
  fc.constantFrom('after=-1', 'after=abc', 'after=1.5', 'limit=0', 'limit=501', 'limit=x', 'wait=26', 'wait=-1', 'wait=soon', 'after=1e400'),
  fc.tuple(fc.constantFrom('after', 'limit', 'wait'), fc.string({ minLength: 1, maxLength: 8 }).filter((v) => !/^\s*[\d.eE+]*\s*$/.test(v))).map(([k, v]) => `${k}=${encodeURIComponent(v)}`),
);
const badMetricsQuery = fc.oneof(fc.constantFrom('from=yesterday', 'to=2026-13-45', 'trigger=nonsense', `queue=${'q'.repeat(101)}`, 'queue='), fc.string({ minLength: 1, maxLength: 12 }).map((s) => `from=${encodeURIComponent(`x${s}`)}`));
const badKbQuery = fc.oneof(fc.constantFrom('since=never', 'limit=0', 'limit=5001', 'limit=many', 'since=2026-02-30T25:00:00Z'), fc.string({ minLength: 1, maxLength: 12 }).map((s) => `since=${encodeURIComponent(`x${s}`)}`));
const body = fc.oneof(notAnObject, fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)));

const httpCase: fc.Arbitrary<HttpCase> = fc.oneof(
  // Wrong credentials on every authenticated route, whatever the body.
  fc
    .record({
      route: fc.constantFrom(
        'POST /v1/handoffs',
        'POST /v1/botframework/activities',
        'POST /v1/policy/evaluate',
        'POST /v1/conversations/:id/messages',
        'GET /v1/conversations/:id/stream',
        'GET /v1/conversations/:id/events',
        'POST /v1/conversations/:id/end',
        'POST /v1/conversations/:id/csat',
        'GET /v1/agents/me',
        'GET /v1/queues',
        'GET /v1/metrics',
        'GET /v1/kb/articles',
      ),
      cred: wrongCred,
      id: conversationId,
      body,
    })
    .map(({ route, cred, id, body }) => {
      const [method, path] = route.split(' ') as [string, string];
      return { method, path: path.replace(':id', id), cred, ...(method === 'POST' ? { body } : {}) };
    }),
  // A credential of the wrong kind: an agent token on bot routes, the bot key on agent routes, an agent on metrics.
  fc.record({ path: fc.constantFrom('/v1/handoffs', `/v1/conversations/${live}/messages`, `/v1/conversations/${live}/end`), body }).map(({ path, body }) => ({ method: 'POST', path, cred: 'agent' as Cred, body })),
  fc.constantFrom<HttpCase>({ method: 'GET', path: '/v1/agents/me', cred: 'bot' }, { method: 'GET', path: '/v1/kb/articles', cred: 'bot' }, { method: 'GET', path: '/v1/metrics', cred: 'bot' }, { method: 'GET', path: '/v1/metrics', cred: 'agent' }),
  // The right credential, a malformed body or query.
  fc.oneof(notAnObject, brokenHandoff).map((b) => ({ method: 'POST', path: '/v1/handoffs', cred: 'bot' as Cred, body: b })),
  fc.oneof(notAnObject, brokenActivity).map((b) => ({ method: 'POST', path: '/v1/botframework/activities', cred: 'bot' as Cred, body: b })),
  fc.oneof(notAnObject, brokenPolicy).map((b) => ({ method: 'POST', path: '/v1/policy/evaluate', cred: 'bot' as Cred, body: b })),
  fc.oneof(notAnObject, brokenMessage).map((b) => ({ method: 'POST', path: `/v1/conversations/${live}/messages`, cred: 'bot' as Cred, body: b })),
  fc.oneof(notAnObject, brokenCsat).map((b) => ({ method: 'POST', path: `/v1/conversations/${live}/csat`, cred: 'bot' as Cred, body: b })),
  badEventsQuery.map((q) => ({ method: 'GET', path: `/v1/conversations/${live}/events?${q}`, cred: 'bot' as Cred })),
  badMetricsQuery.map((q) => ({ method: 'GET', path: `/v1/metrics?${q}`, cred: 'supervisor' as Cred })),
  badKbQuery.map((q) => ({ method: 'GET', path: `/v1/kb/articles?${q}`, cred: 'agent' as Cred })),
  // The right credential and a good body, on a conversation that does not exist (or a path that cannot decode).
  fc
    .record({ id: fc.oneof(unknownConversation, fc.constantFrom('%E0%A4%A', '%zz')), action: fc.constantFrom('messages', 'end', 'csat', 'events', 'stream') })
    .map(({ id, action }) => ({
      method: action === 'events' || action === 'stream' ? 'GET' : 'POST',
      path: `/v1/conversations/${id}/${action}`,
      cred: 'bot' as Cred,
      ...(action === 'messages' ? { body: JSON.stringify({ text: 'hi', clientMessageId: 'fuzz-unknown' }) } : action === 'csat' ? { body: '{"score":5}' } : action === 'end' ? { body: '{}' } : {}),
    })),
  // Routes and methods that do not exist.
  fc
    .record({ method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'), path: fc.string({ maxLength: 30 }).map((s) => `/v1/${encodeURIComponent(s)}x`), cred: fc.constantFrom<Cred>('bot', 'agent', 'none') })
    .map((c) => ({ ...c, ...(c.method === 'GET' ? {} : { body: '{}' }) })),
  fc.constantFrom<HttpCase>(
    { method: 'DELETE', path: '/v1/handoffs', cred: 'bot' },
    { method: 'PUT', path: `/v1/conversations/${live}/messages`, cred: 'bot', body: '{}' },
    { method: 'GET', path: '/v1/handoffs', cred: 'bot' },
    { method: 'POST', path: '/v1/queues', cred: 'bot', body: '{}' },
  ),
);

const junkHeaders = fc.dictionary(fc.constantFrom('content-type', 'accept', 'x-forwarded-for', 'origin', 'x-request-id', 'accept-encoding', 'x-junk'), headerText, { maxKeys: 3 });

async function send(c: HttpCase, junk: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  const res = await fetch(`${hub.url}${c.path}`, {
    method: c.method,
    headers: { 'content-type': 'application/json', ...headers, ...authHeader(c.cred, junk) },
    ...(c.body === undefined ? {} : { body: c.body }),
  });
  const text = await res.text();
  return { status: res.status, text };
}

describe('fuzz: every answer a 4xx, nothing stored, the hub stays up', () => {
  it('HTTP routes with malformed bodies, params, queries, headers and wrong credentials', async () => {
    const before = rowCounts();
    await fc.assert(
      fc.asyncProperty(httpCase, headerText, junkHeaders, async (c, junk, headers) => {
        counts.http++;
        const r = await send(c, junk, headers);
        const detail = `${c.method} ${c.path} [${c.cred}] ${c.body?.slice(0, 200) ?? ''} -> ${r.status} ${r.text.slice(0, 200)}`;
        expect(r.status >= 400 && r.status < 500, detail).toBe(true);
        expect(rowCounts(), detail).toEqual(before);
      }),
      params,
    );
    expect(rowCounts()).toEqual(before);
    expect((await fetch(`${hub.url}/healthz`)).status).toBe(200);
  }, 90_000);

  it('socket events with malformed payloads, and handshakes with wrong credentials', async () => {
    const before = rowCounts();
    const unknownId = fc.string({ minLength: 1, maxLength: 20 }).map((s) => `nope-${s}`);
    const anyPayload = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant(undefined));
    // Per event: payloads that fail its schema, or pass it but name a hand-off or agent that does not exist.
    const agentEvent = fc.oneof(
      fc.record({ event: fc.constantFrom('offer.accept', 'offer.decline', 'conversation.resolve', 'conversation.handback', 'conversation.transfer', 'message.send', 'suggestion.feedback'), payload: anyPayload }),
      fc.record({ event: fc.constant('status.set'), payload: anyPayload.filter((p) => !setStatusSchema.safeParse(p).success) }),
      fc.record({ event: fc.constantFrom('offer.accept', 'offer.decline', 'conversation.handback'), payload: unknownId.map((handoffId) => ({ handoffId })) }),
      fc.record({ event: fc.constant('message.send'), payload: fc.record({ handoffId: unknownId, clientMessageId: fc.constant('fuzz-client-1'), text: fc.constant('hello') }) }),
      fc.record({
        event: fc.constant('message.send'),
        payload: fc.oneof(
          fc.record({ handoffId: fc.constant(handoffId), clientMessageId: fc.string({ maxLength: 7 }), text: fc.constant('hello') }),
          fc.record({ handoffId: fc.constant(handoffId), clientMessageId: fc.constant('fuzz-client-2'), text: fc.constantFrom('', '   ', 'x'.repeat(10_001)) }),
        ),
      }),
      fc.record({ event: fc.constant('conversation.transfer'), payload: fc.record({ handoffId: fc.constant(handoffId), queue: fc.constant('billing'), agentId: fc.constant('someone') }) }),
      fc.record({ event: fc.constant('conversation.resolve'), payload: fc.record({ handoffId: fc.constant(handoffId), wrapUp: junkValue }) }),
      fc.record({ event: fc.constant('suggestion.feedback'), payload: fc.record({ handoffId: unknownId, suggestionId: fc.constant('s1'), action: fc.constantFrom('inserted', 'edited', 'dismissed') }) }),
      fc.record({ event: fc.constantFrom('supervisor.queues', 'supervisor.agents', 'supervisor.reassign'), payload: anyPayload }), // an agent is not a supervisor
    );
    const supervisorEvent = fc.record({
      event: fc.constant('supervisor.reassign'),
      payload: fc.oneof(anyPayload, fc.record({ handoffId: unknownId, agentId: fc.constant('nobody') }), fc.record({ handoffId: fc.constant(handoffId), agentId: unknownId })),
    });
    const socketCase = fc.oneof(
      fc.record({ who: fc.constant('agent' as const), e: agentEvent, extraArg: fc.boolean() }),
      fc.record({ who: fc.constant('supervisor' as const), e: supervisorEvent, extraArg: fc.boolean() }),
    );

    await fc.assert(
      fc.asyncProperty(socketCase, async ({ who, e, extraArg }) => {
        counts.socketEvents++;
        const desk = who === 'agent' ? agent : supervisor;
        if (extraArg) {
          // A junk argument where the ack belongs: the hub gets no function to answer with and must not throw;
          // the next request on the same socket proves it still answers (and, below, nothing was stored).
          desk.socket.emit(e.event, e.payload, 'junk');
          const next = (await desk.request('supervisor.reassign', { handoffId: 'nope-after-junk', agentId: 'nobody' })) as { ok: boolean; error?: { code: string } };
          expect(next.ok, `${who} ${e.event} with a junk ack`).toBe(false);
          expect(rowCounts(), `${who} ${e.event} ${JSON.stringify(e.payload)?.slice(0, 200)} with a junk ack`).toEqual(before);
          return;
        }
        const r = (await desk.request(e.event, e.payload)) as { ok: boolean; error?: { code: string } };
        const detail = `${who} ${e.event} ${JSON.stringify(e.payload)?.slice(0, 200)} -> ${JSON.stringify(r).slice(0, 200)}`;
        expect(r.ok, detail).toBe(false);
        expect(r.error?.code, detail).not.toBe('internal');
        expect(rowCounts(), detail).toEqual(before);
      }),
      params,
    );
    // Events the hub has no handler for, and events without an ack: no answer expected, no harm allowed.
    for (const event of ['nope', 'offer.accept', 'message.send', '__proto__', 'constructor', 'hello', 'event']) agent.socket.emit(event, { handoffId: 'nope' });
    expect(((await agent.request('supervisor.queues', {})) as { ok: boolean }).ok).toBe(false); // the socket still answers

    // Handshakes: wrong or malformed auth gets connect_error, never a hello.
    const badAuth = fc.oneof(
      fc.record({ token: fc.oneof(fc.string({ maxLength: 40 }), fc.constant(BOT_KEY), fc.constant(`${CUSTOMER_TOKEN_PREFIX}abc`)), lastSeq: fc.oneof(fc.integer(), fc.string(), fc.constant(null)) }),
      fc.jsonValue({ maxDepth: 2 }).map((v) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? { ...v, token: 5 } : { token: v })),
      fc.record({ lastSeq: fc.nat() }),
    );
    await fc.assert(
      fc.asyncProperty(badAuth, async (auth) => {
        counts.handshakes++;
        const socket: Socket = io(`${hub.url}/agent`, { auth: auth as Record<string, unknown>, transports: ['websocket'], reconnection: false, forceNew: true });
        const outcome = await new Promise<string>((res) => {
          socket.once('hello', () => res('hello'));
          socket.once('connect_error', (err: Error) => res(`connect_error ${err.message}`));
        });
        socket.close();
        expect(outcome, JSON.stringify(auth)).toMatch(/^connect_error/);
        expect(rowCounts(), JSON.stringify(auth)).toEqual(before);
      }),
      { ...params, numRuns: Math.max(10, Math.round(RUNS / 3)) },
    );
    expect(rowCounts()).toEqual(before);
    expect((await fetch(`${hub.url}/healthz`)).status).toBe(200);
  }, 90_000);
});
