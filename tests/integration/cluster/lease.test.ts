// The routing lease between hub processes on one PostgreSQL database (in-process here: each hub holds the lease
// on a connection of its own, which is all a separate process would do). A second hub stands by until the first
// stops (what Ctrl+C does: hub.close()), then takes the queue over with everything the first one accepted; an
// offer the first one made goes to the queue again and is offered anew.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/shared/log';
import { startHub, type RunningHub } from '../../../src/hub/server';
import { createTestDatabase, type TestDatabase } from '../../support/pg-database';
import { api, BOT_KEY, connectDesk, handoff, isOffer, postHandoff } from '../hub/hub-harness';

let db: TestDatabase;
const dirs: string[] = [];
const hubs: RunningHub[] = [];
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  for (const h of hubs) await h.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  await db.drop();
});

const start = (onStandby?: () => void, onLeaseLost?: () => void): Promise<RunningHub> => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-lease-'));
  dirs.push(dir);
  return startHub({ port: 0, dataDir: dir, botKeys: [BOT_KEY], logger: silentLogger, databaseUrl: db.url, leasePollMs: 50, ...(onStandby ? { onStandby } : {}), ...(onLeaseLost ? { onLeaseLost } : {}) }).then((h) => {
    hubs.push(h);
    return h;
  });
};

describe('routing lease on PostgreSQL', () => {
  it('keeps a second hub on standby until the first stops, then hands it the queue and the open offer', async () => {
    const first = await start();
    const { token } = await first.admin.issueToken({ id: 'ana', name: 'Ana', role: 'agent', skills: ['billing'], capacity: 1 });
    const desk = connectDesk(first, token);
    await desk.hello;
    expect((await postHandoff(first, handoff('lease-1'))).status).toBe(201);
    expect((await postHandoff(first, handoff('lease-2'))).status).toBe(201);
    await desk.next(isOffer(), 'the first offer');

    let standing = false;
    const second = start(() => (standing = true));
    for (let i = 0; i < 100 && !standing; i++) await new Promise((r) => setTimeout(r, 20));
    expect(standing).toBe(true);
    let serving = false;
    void second.then(() => (serving = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(serving).toBe(false); // still waiting: the first hub holds the lease

    const lastSeq = desk.events.at(-1)?.seq ?? 0;
    desk.socket.close();
    await first.close();
    hubs.splice(hubs.indexOf(first), 1);
    const next = await second;
    // Both hand-offs are in the new node's queue; the first hub's open offer was taken back, not stranded.
    const queues = await api(next, '/v1/queues');
    expect(queues.status).toBe(200);
    expect((queues.json as { waiting: unknown[] }).waiting).toHaveLength(2);
    const again = connectDesk(next, token, lastSeq);
    await again.hello;
    // Resumed by lastSeq from the database: the new hub took the first one's offer back, then offered anew.
    const fresh = await again.next((e) => e.type === 'offer' && again.events.some((x) => x.type === 'offer.revoked' && x.seq < e.seq), 'a new offer');
    expect(again.events.map((e) => [e.type, e.seq])).toEqual([
      ['offer.revoked', lastSeq + 1],
      ['offer', lastSeq + 2],
    ]);
    expect(fresh.seq).toBe(lastSeq + 2);
    again.socket.close();
    await next.close();
    hubs.splice(hubs.indexOf(next), 1);
  });

  it('stops routing at once when its lease session is lost, and a standby takes over', async () => {
    let lost = false;
    const first = await start(undefined, () => (lost = true));
    let standing = false;
    const second = start(() => (standing = true));
    for (let i = 0; i < 100 && !standing; i++) await new Promise((r) => setTimeout(r, 20));
    expect(standing).toBe(true);
    // The database ends the lease holder's session (an operator, a failover of the database, a broken link).
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    const ended = await admin.query(
      "SELECT pg_terminate_backend(pid) AS ok FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
    );
    await admin.end();
    expect(ended.rows).toHaveLength(1);
    const next = await second;
    for (let i = 0; i < 100 && !lost; i++) await new Promise((r) => setTimeout(r, 20));
    expect(lost).toBe(true); // the first hub closed itself: it no longer answers
    hubs.splice(hubs.indexOf(first), 1);
    await expect(fetch(`${first.url}/healthz`)).rejects.toThrow();
    expect((await fetch(`${next.url}/healthz`)).status).toBe(200);
  });
});
