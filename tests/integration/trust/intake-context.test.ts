// Issue 11 point 6 over real HTTP: optional context never refuses a hand-off. Dates may be ISO-8601 dates or
// date-times; any other malformed optional field is dropped and named in `warnings`; what routing needs stays strict.
import { describe, expect, it } from 'vitest';
import { handoff, postHandoff, useHubCleanups, type Json } from '../hub/hub-harness';

const { hub } = useHubCleanups();

describe('hand-off intake and optional context', () => {
  it('takes a CRM order placed on an ISO-8601 date without a time, with no warnings', async () => {
    const h = await hub();
    const r = await postHandoff(h, handoff('crm-date', { crm: { customerSince: '2017-03-01', orders: [{ id: '3348917502', placedAt: '2019-11-06', deliveredAt: '2019-11-09T10:00:00Z' }] } }));
    expect(r.status).toBe(201);
    expect(r.json.warnings).toBeUndefined();
    const stored = await h.store.getHandoff(r.json.handoffId);
    expect(stored?.context.crm?.orders?.[0]?.placedAt).toBe('2019-11-06');
    expect(stored?.context.crm?.customerSince).toBe('2017-03-01');
  });

  it('drops malformed optional fields, names each in warnings, and keeps the rest of the context', async () => {
    const h = await hub();
    const body: Json = handoff('bad-context');
    body.sentiment = 3;
    body.customer.email = 42;
    body.intent = { name: '' };
    body.summary = 'Charged twice for one order.';
    body.crm = { accountType: 'gold', customerSince: 'last spring', orders: [{ id: 'A1', placedAt: '06/11/2019', total: 10 }, { total: 'x' }, { id: 'A3' }] };
    body.transcript[0].at = 'yesterday';
    const r = await postHandoff(h, body);
    expect(r.status).toBe(201);
    const fields = (r.json.warnings as { field: string; message: string }[]).map((w) => w.field);
    for (const f of ['sentiment', 'customer.email', 'intent.name', 'crm.customerSince', 'crm.orders.0.placedAt', 'transcript.0.at']) expect(fields).toContain(f);
    for (const w of r.json.warnings as { message: string }[]) expect(w.message).toMatch(/taken without it/);
    const stored = await h.store.getHandoff(r.json.handoffId);
    const c = stored!.context;
    expect(c.sentiment).toBeUndefined();
    expect(c.summary).toBe('Charged twice for one order.');
    expect(c.crm?.accountType).toBe('gold');
    expect(c.crm?.orders?.map((o) => o.id)).toEqual(['A1', 'A3']);
    expect(c.customer.id).toBe('cust-bad-context');
    expect(c.customer.name).toBe('Crystal Minh');
  });

  it('still refuses with 400 what routing needs: conversationId, customer.id, transcript shape, trigger', async () => {
    const h = await hub();
    const cases: [string, Json][] = [
      ['conversationId', { ...handoff('x'), conversationId: '' }],
      ['customer.id', { ...handoff('x'), customer: { name: 'No id' } }],
      ['transcript.0.role', { ...handoff('x'), transcript: [{ role: 'wizard', text: 'hi' }] }],
      ['transcript', { ...handoff('x'), transcript: 'hello' }],
      ['reason.trigger', { ...handoff('x'), reason: { trigger: 'bored' } }],
    ];
    for (const [path, body] of cases) {
      const r = await postHandoff(h, body);
      expect(r.status, path).toBe(400);
      expect((r.json.error.issues as { path: string }[]).map((i) => i.path), path).toContain(path);
    }
    expect(await h.store.listHandoffsByStatus(['queued', 'offered', 'active'])).toHaveLength(0);
  });
});
