// `npm run bench`: Baton's performance table. Targets live here, never as timed assertions in tests.
// Each row: what was measured, the figure, the target, and whether it was met. Run on an idle machine.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { io } from 'socket.io-client';
import { startHub } from '../../src/hub/server';
import { createDeskCache } from '../../src/main/services/cache/desk-cache';
import { openDatabase } from '../../src/main/services/cache/open-database';
import { createKbIndex } from '../../src/main/services/kb/kb-index';
import { createAssistEngine } from '../../src/main/services/assist/assist-engine';
import type { Message } from '../../src/shared/domain/conversation';
import type { AgentEvent } from '../../src/shared/protocol/agent-socket';
import type { Result } from '../../src/shared/result';
import { mb, ms, pct, printTable, row } from './table';
import { benchAssistQuality } from './assist.bench';
import { benchEngine } from './engine.bench';
import { benchCluster } from './cluster.bench';
import { benchRenderer } from './renderer.bench';
import { benchKb50k } from './kb-search.bench';

const root = resolve(import.meta.dirname, '../..');
const seedKb = JSON.parse(readFileSync(join(root, 'resources/seed/kb.json'), 'utf8')) as { id: string; title: string; body: string; category: string; language?: string }[];
const dir = mkdtempSync(join(tmpdir(), 'baton-bench-'));

async function benchKb(): Promise<void> {
  const db = openDatabase(join(dir, 'kb.db'));
  const kb = createKbIndex(db);
  const copies = 100;
  const t0 = performance.now();
  db.transaction(() => {
    for (let c = 0; c < copies; c++)
      for (const a of seedKb) kb.upsert({ id: `${a.id}-${c}`, title: a.title, body: a.body, category: a.category, language: a.language ?? 'en', updatedAt: new Date().toISOString() });
  })();
  const indexMs = performance.now() - t0;
  row(`KB index ${seedKb.length * copies} articles`, ms(indexMs), '< 5000 ms', indexMs < 5000);
  const queries = ['ref', 'refund', 'refund tim', 'return label', 'passw', 'password reset', 'double charge', 'deliv', 'late delivery', 'cancel ord', 'ustoms', 'gift card'];
  const times: number[] = [];
  for (let i = 0; i < 20; i++)
    for (const q of queries) {
      const s = performance.now();
      kb.search(q, { limit: 10 });
      times.push(performance.now() - s);
    }
  row('KB search as-you-type p50 / p95', `${ms(pct(times, 50))} / ${ms(pct(times, 95))}`, 'p95 < 20 ms', pct(times, 95) < 20);
  db.close();
}

async function benchCache(): Promise<void> {
  const db = openDatabase(join(dir, 'desk.db'));
  const cache = createDeskCache(db);
  const n = 10_000;
  for (let h = 0; h < 50; h++) {
    cache.upsertConversation({
      handoffId: `h${h}`, conversationId: `c${h}`, status: 'active', customer: { id: `c-${h}` }, reason: { trigger: 'complexity' },
      queue: 'billing', skills: [], createdAt: new Date().toISOString(), priority: 0, expectations: [], messages: [],
    });
  }
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const m: Message = { id: `m${i}`, handoffId: `h${i % 50}`, role: i % 2 ? 'agent' : 'customer', text: `message number ${i} about order 3348917502`, at: new Date().toISOString() };
    if (!cache.insertMessage(m)) throw new Error(`message ${i} was not stored`);
  }
  const insertMs = performance.now() - t0;
  row('Desk cache: messages persisted one by one (durable, WAL)', `${Math.round(n / (insertMs / 1000))} /s`, '> 2000 /s', n / (insertMs / 1000) > 2000);
  const t1 = performance.now();
  const listed = cache.listMessages('h7').length;
  const listMs = performance.now() - t1;
  row(`Desk cache: open a conversation (${listed} messages)`, ms(listMs), '< 20 ms', listMs < 20);
  db.close();
}

async function benchAssist(): Promise<void> {
  const db = openDatabase(join(dir, 'assist.db'));
  const kb = createKbIndex(db);
  for (const a of seedKb) kb.upsert({ ...a, language: a.language ?? 'en', updatedAt: new Date().toISOString() });
  const engine = createAssistEngine({ settings: () => ({ provider: 'offline' }), kb });
  const conversation = {
    handoffId: 'h1', conversationId: 'c1', status: 'active' as const, customer: { id: 'c-42', name: 'Crystal Minh', tier: 'vip' },
    reason: { trigger: 'customer_request' as const, detail: 'asked for a person' }, queue: 'billing', skills: [], createdAt: new Date().toISOString(), priority: 1, expectations: [],
    crm: { orders: [{ id: '3348917502', status: 'delivered', total: 94, deliveredAt: new Date().toISOString() }] },
    messages: [
      { id: 'm1', handoffId: 'h1', role: 'customer' as const, text: 'I was charged twice for order 3348917502 and I want a refund now.', at: new Date().toISOString() },
    ],
  };
  const times: number[] = [];
  for (let i = 0; i < 50; i++) {
    const s = performance.now();
    await engine.suggest(conversation, { requestId: `r${i}`, signal: new AbortController().signal, onUpdate: () => {} });
    times.push(performance.now() - s);
  }
  row('Offline assist: next-best actions p50 / p95', `${ms(pct(times, 50))} / ${ms(pct(times, 95))}`, 'p95 < 50 ms', pct(times, 95) < 50);
  db.close();
}

async function benchHub(): Promise<void> {
  const botKey = 'bench-key';
  const hub = await startHub({ port: 0, dataDir: join(dir, 'hub'), botKeys: [botKey], botRatePerMinute: 1_000_000 });
  const auth = { authorization: `Bearer ${botKey}`, 'content-type': 'application/json' };
  const post = (i: number) =>
    fetch(`${hub.url}/v1/handoffs`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        conversationId: `bench-${i}`,
        customer: { id: `c-${i}`, name: 'Bench Customer', tier: i % 10 === 0 ? 'vip' : 'standard' },
        transcript: Array.from({ length: 8 }, (_, k) => ({ role: k % 2 ? 'bot' : 'customer', text: `turn ${k} of a realistic conversation about order ${i}` })),
        reason: { trigger: 'complexity', detail: 'billing dispute' },
        queue: 'billing',
      }),
    }).then((r) => r.status);
  const n = 400;
  const latencies: number[] = [];
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < n) {
        const i = next++;
        const s = performance.now();
        const status = await post(i);
        if (status !== 201) throw new Error(`hand-off ${i} answered ${status}`);
        latencies.push(performance.now() - s);
      }
    }),
  );
  const total = performance.now() - t0;
  row(`Hub intake: ${n} hand-offs, 8 concurrent bots`, `${Math.round(n / (total / 1000))} /s`, '> 100 /s', n / (total / 1000) > 100);
  row('Hub intake latency p50 / p95', `${ms(pct(latencies, 50))} / ${ms(pct(latencies, 95))}`, 'p95 < 100 ms', pct(latencies, 95) < 100);

  // Relay: an agent accepts one conversation and sends messages; measure until the customer side can read each.
  const { token } = hub.issueToken({ name: 'Bench Agent', role: 'agent', skills: ['billing'], capacity: 1000 });
  const socket = io(`${hub.url}/agent`, { auth: { token, lastSeq: 0 }, transports: ['websocket'] });
  const offer = await new Promise<string>((res) => socket.on('event', (e: AgentEvent) => e.type === 'offer' && res(e.conversation.handoffId)));
  const accepted = await socket.emitWithAck('offer.accept', { handoffId: offer }) as Result<{ conversationId: string }>;
  if (!accepted.ok) throw new Error(accepted.error.message);
  const conversationId = accepted.value.conversationId;
  const relay: number[] = [];
  let after = 0;
  for (let i = 0; i < 100; i++) {
    const s = performance.now();
    const sent = await socket.emitWithAck('message.send', { handoffId: offer, clientMessageId: `bench-msg-${i}`, text: `reply ${i}` }) as Result<unknown>;
    if (!sent.ok) throw new Error(sent.error.message);
    for (;;) {
      const res = await fetch(`${hub.url}/v1/conversations/${conversationId}/events?after=${after}`, { headers: auth });
      const body = (await res.json()) as { events: { seq: number; type: string }[] };
      const events = body.events;
      if (events.length) after = Math.max(...events.map((e) => e.seq));
      if (events.some((e) => e.type === 'message')) break;
    }
    relay.push(performance.now() - s);
  }
  row('Agent reply → readable by the customer p50 / p95', `${ms(pct(relay, 50))} / ${ms(pct(relay, 95))}`, 'p95 < 50 ms', pct(relay, 95) < 50);
  socket.close();
  const rss = process.memoryUsage().rss;
  row(`Bench process RSS after ${n} hand-offs (hub + desk parts)`, mb(rss), '< 300 MiB', rss < 300 * 1024 * 1024);
  await hub.close();
}

// Sections run in this order; `npm run bench -- kb hub` runs only the named ones. A section that needs a
// module of its own lives in tests/bench/<name>.bench.ts and is listed here.
const sections: Record<string, () => Promise<void>> = {
  kb: benchKb,
  kb50k: benchKb50k,
  cache: benchCache,
  assist: async () => {
    await benchAssist();
    await benchAssistQuality();
  },
  hub: benchHub,
  engine: benchEngine,
  cluster: benchCluster,
  renderer: benchRenderer,
};

async function main(): Promise<void> {
  process.stderr.write('Baton bench (machine: ' + (await import('node:os')).cpus().length + ' cores)\n');
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !(w in sections));
  if (unknown.length) throw new Error(`unknown bench section(s) ${unknown.join(', ')}; known: ${Object.keys(sections).join(', ')}`);
  for (const [name, run] of Object.entries(sections)) if (!wanted.length || wanted.includes(name)) await run();
  printTable();
  rmSync(dir, { recursive: true, force: true });
}

main().catch((e: unknown) => {
  console.error('bench failed:', e);
  process.exit(1);
});
