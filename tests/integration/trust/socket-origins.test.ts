// Issue 11 point 3 over real sockets: the hub's socket.io endpoint answers only the desk's own web origins by
// default (app://desk, the browser host on 127.0.0.1/localhost:7310) or the BATON_ALLOWED_ORIGINS list. A client
// without an Origin header (the desk's Node side) is not a web page and still connects.
import { io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import type { RunningHub } from '../../../src/hub/server';
import { useHubCleanups } from '../hub/hub-harness';

const { cleanups, hub } = useHubCleanups();

function connect(h: RunningHub, token: string, origin?: string): Promise<'hello' | string> {
  const socket = io(`${h.url}/agent`, {
    auth: { token, lastSeq: 0 },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...(origin ? { extraHeaders: { origin } } : {}),
  });
  cleanups.push(() => void socket.close());
  return new Promise((resolve) => {
    socket.once('hello', () => resolve('hello'));
    socket.once('connect_error', (e: Error) => resolve(e.message));
  });
}

const polling = (h: RunningHub, origin: string) => fetch(`${h.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin } });

describe('socket.io origins', () => {
  it('refuses a web page from another origin, on both transports, and keeps the desk origins', async () => {
    const h = await hub();
    const { token } = h.issueToken({ name: 'Maya', role: 'agent' });
    expect(await connect(h, token, 'https://evil.example')).not.toBe('hello');
    const evil = await polling(h, 'https://evil.example');
    expect(evil.status).toBe(403);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();

    for (const origin of ['app://desk', 'http://127.0.0.1:7310', 'http://localhost:7310']) {
      expect(await connect(h, token, origin), origin).toBe('hello');
      const r = await polling(h, origin);
      expect(r.status, origin).toBe(200);
      expect(r.headers.get('access-control-allow-origin'), origin).toBe(origin);
    }
    // The desk's Node process sends no Origin.
    expect(await connect(h, token)).toBe('hello');
  });

  it('uses BATON_ALLOWED_ORIGINS instead of the default when it is set', async () => {
    const h = await hub({ allowedOrigins: ['https://desk.example.com'] });
    const { token } = h.issueToken({ name: 'Maya', role: 'agent' });
    expect(await connect(h, token, 'https://desk.example.com')).toBe('hello');
    expect(await connect(h, token, 'app://desk')).not.toBe('hello');
    expect((await polling(h, 'http://localhost:7310')).status).toBe(403);
  });
});
