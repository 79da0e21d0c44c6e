// How the link treats a hub that refuses the connection: a passing refusal ('unavailable…', e.g. the hub's store
// failed while checking the token) is retried; a token the hub does not accept is final. Against a tiny socket.io
// server on loopback whose /agent middleware refuses on purpose.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Server } from 'socket.io';
import { afterEach, describe, expect, it } from 'vitest';
import { createDeskCache } from '../../../src/main/services/cache/desk-cache';
import { openDatabase } from '../../../src/main/services/cache/open-database';
import { createHubLink } from '../../../src/main/services/link/hub-link';
import type { LinkState } from '../../../src/shared/desk-api/contract';
import { silentLogger } from '../../../src/shared/log';
import { tempDir } from '../../unit/desk/temp-dir';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A hub whose middleware refuses the first `refusals` connections with `error`, then lets the agent in. */
async function refusingHub(refusals: number, error: string) {
  const http = createServer();
  const io = new Server(http);
  let attempts = 0;
  io.of('/agent').use((_socket, next) => {
    attempts += 1;
    next(attempts <= refusals ? new Error(error) : undefined);
  });
  io.of('/agent').on('connection', (socket) => {
    socket.emit('hello', { agent: { id: 'a1', name: 'Maya', role: 'agent', skills: [], capacity: 3, status: 'available' }, headSeq: 0 });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => io.close(() => resolve())));
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, attempts: () => attempts };
}

function link(hubUrl: string) {
  const t = tempDir('baton-refusal-');
  const db = openDatabase(join(t.dir, 'desk.db'));
  const states: LinkState[] = [];
  const waiters = new Set<() => void>();
  const l = createHubLink({
    hubUrl,
    token: 'tok-1',
    cache: createDeskCache(db),
    logger: silentLogger,
    applyEvent: () => undefined,
    onHello: () => {},
    onQueues: () => {},
    onState: (s) => {
      states.push(s);
      for (const w of [...waiters]) w();
    },
    onOnline: () => {},
    reconnectDelayMs: 10,
    reconnectDelayMaxMs: 50,
  });
  cleanups.push(() => {
    l.stop();
    db.close();
    t.cleanup();
  });
  const until = (match: (s: LinkState) => boolean, what: string) =>
    new Promise<LinkState>((resolve, reject) => {
      const check = () => {
        const hit = states.find(match);
        if (!hit) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(hit);
      };
      const timer = setTimeout(() => reject(new Error(`Timed out waiting for ${what}`)), 10_000);
      waiters.add(check);
      check();
    });
  return { l, states, until };
}

describe('hub link refused by the hub', () => {
  it('retries a passing refusal with backoff, says why meanwhile, and comes online once the hub lets it in', async () => {
    const hub = await refusingHub(2, 'unavailable: try again');
    const { l, states, until } = link(hub.url);
    l.start();
    await until((s) => s.state === 'online', 'online');
    expect(hub.attempts()).toBe(3);
    const waiting = states.filter((s) => s.state === 'reconnecting');
    expect(waiting.length).toBeGreaterThanOrEqual(2);
    expect(waiting[0]!.detail).toContain('unavailable: try again');
    expect(states.some((s) => s.state === 'offline')).toBe(false);
  });

  it('treats a refused token as final: offline, asking for a valid token', async () => {
    const hub = await refusingHub(Number.MAX_SAFE_INTEGER, 'unauthorized: the agent token is not valid');
    const { l, until } = link(hub.url);
    l.start();
    const offline = await until((s) => s.state === 'offline', 'offline');
    expect(offline.detail).toMatch(/Token rejected .*unauthorized/);
    expect(l.isOnline()).toBe(false);
  });
});
