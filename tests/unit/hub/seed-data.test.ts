// The seed files behind `npm start` and the desk's offline knowledge base: they must match the schemas the hub,
// the demo bot and the desk read them with, and tell a coherent story (every queue has an agent, every demo
// hand-off names a known customer and queue).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { askedAsSchema, procedureStepsSchema } from '../../../src/shared/domain/procedure';
import { crmSchema, handoffRequestSchema } from '../../../src/shared/domain/handoff';

const root = resolve(import.meta.dirname, '../../..');
const readJson = (file: string): unknown => JSON.parse(readFileSync(resolve(root, file), 'utf8'));

const kbArticleSchema = z.strictObject({
  id: z.string().regex(/^kb-[a-z0-9-]+$/),
  title: z.string().min(5).max(200),
  body: z.string().min(100).max(5_000),
  category: z.enum(['billing', 'orders', 'delivery', 'account', 'returns', 'policy']),
  language: z.literal('en'),
  // Every seed article carries the retailer's procedure and how customers ask for it.
  steps: procedureStepsSchema.refine((steps) => steps.length >= 2, 'a procedure has at least two steps'),
  askedAs: askedAsSchema.refine((phrases) => phrases.length >= 1),
});

const demoSchema = z.strictObject({
  agents: z
    .array(
      z.strictObject({
        id: z.string().min(1),
        name: z.string().min(1),
        role: z.enum(['agent', 'supervisor']),
        skills: z.array(z.string().min(1)).min(1),
        capacity: z.number().int().min(1).max(10),
      }),
    )
    .min(2),
  queues: z.array(z.strictObject({ name: z.string().min(1), skills: z.array(z.string().min(1)).min(1), description: z.string().min(10) })).min(1),
  customers: z.array(
    z.strictObject({ id: z.string().min(1), name: z.string().min(1), email: z.email().optional(), tier: z.string().optional(), crm: crmSchema.optional() }),
  ),
  handoffs: z.array(z.unknown()).min(5),
});

const sentences = (text: string) => text.split(/(?<=[.!?])\s+(?=[A-Z0-9'"])/).filter((s) => s.trim().length > 0);

describe('resources/seed/kb.json', () => {
  const raw = readJson('resources/seed/kb.json');

  it('is an array of at least 30 valid articles with unique ids', () => {
    const articles = z.array(kbArticleSchema).parse(raw);
    expect(articles.length).toBeGreaterThanOrEqual(30);
    expect(new Set(articles.map((a) => a.id)).size).toBe(articles.length);
    expect(new Set(articles.map((a) => a.title.toLowerCase())).size).toBe(articles.length);
  });

  it('has bodies of 3 to 8 sentences an agent could paste', () => {
    for (const a of z.array(kbArticleSchema).parse(raw)) {
      const n = sentences(a.body).length;
      expect(n, `${a.id} has ${n} sentences`).toBeGreaterThanOrEqual(3);
      expect(n, `${a.id} has ${n} sentences`).toBeLessThanOrEqual(8);
    }
  });

  it('covers the topics hand-offs are about, in every category', () => {
    const articles = z.array(kbArticleSchema).parse(raw);
    const text = articles.map((a) => `${a.title} ${a.body}`.toLowerCase()).join('\n');
    for (const topic of ['return label', 'refund', 'late', 'damaged', 'cancel', 'address', 'charged twice', 'invoice', 'password', 'two-factor', 'locked', 'warranty', 'price match', 'gift card', 'promo code', 'store credit', 'customs', 'tracking', 'exchange', 'recall', 'loyalty points', 'escalate']) {
      expect(text, topic).toContain(topic);
    }
    expect(new Set(articles.map((a) => a.category))).toEqual(new Set(['billing', 'orders', 'delivery', 'account', 'returns', 'policy']));
  });
});

describe('resources/seed/demo.json', () => {
  const demo = demoSchema.parse(readJson('resources/seed/demo.json'));
  const handoffs = demo.handoffs.map((h) => handoffRequestSchema.parse(h));

  it('has valid demo hand-offs with bot transcripts of 4 to 8 turns and CRM context', () => {
    for (const h of handoffs) {
      expect(h.transcript.length, h.conversationId).toBeGreaterThanOrEqual(4);
      expect(h.transcript.length, h.conversationId).toBeLessThanOrEqual(8);
      expect(h.transcript.some((t) => t.role === 'bot') && h.transcript.some((t) => t.role === 'customer')).toBe(true);
      expect(h.crm?.orders?.length ?? 0).toBeGreaterThan(0);
      expect(h.summary).toBeTruthy();
    }
    expect(new Set(handoffs.map((h) => h.conversationId)).size).toBe(handoffs.length);
  });

  it('varies the hand-off reasons', () => {
    const triggers = new Set(handoffs.map((h) => h.reason.trigger));
    for (const trigger of ['complexity', 'vip', 'low_confidence', 'customer_request'] as const) expect(triggers).toContain(trigger);
  });

  it('sends every hand-off to a configured queue that some agent serves, for a known customer', () => {
    const queues = new Set(demo.queues.map((q) => q.name));
    const customers = new Map(demo.customers.map((c) => [c.id, c]));
    for (const h of handoffs) {
      expect(queues, h.conversationId).toContain(h.queue);
      expect(demo.agents.some((a) => a.skills.includes(h.queue ?? '')), `${h.queue} has an agent`).toBe(true);
      expect(customers.get(h.customer.id)?.name).toBe(h.customer.name);
    }
    for (const q of demo.queues) expect(demo.agents.some((a) => a.skills.includes(q.name)), `${q.name} has an agent`).toBe(true);
  });

  it('has a supervisor and unique agent ids', () => {
    expect(demo.agents.some((a) => a.role === 'supervisor')).toBe(true);
    expect(new Set(demo.agents.map((a) => a.id)).size).toBe(demo.agents.length);
  });
});
