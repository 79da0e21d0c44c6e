import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startWebHost, type WebHost } from '../../../src/main/web/web-host';
import { silentLogger } from '../../../src/shared/log';
import { tempDir } from '../../unit/desk/temp-dir';

let web: WebHost;
let cleanup: () => void;
let origin: string;

beforeAll(async () => {
  const t = tempDir('baton-web-');
  cleanup = t.cleanup;
  const rendererDir = join(t.dir, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Baton Desk</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(t.dir, 'secret.txt'), 'outside the renderer');
  const seed = join(t.dir, 'kb.json');
  writeFileSync(seed, JSON.stringify([{ id: 'kb-1', title: 'Refund policy', body: 'Refunds within 30 days.', category: 'billing' }]));
  web = await startWebHost({
    port: 0,
    rendererDir,
    dataDir: join(t.dir, 'desk'),
    seedKbFile: seed,
    // No hub here: the desk must still answer from its cache.
    env: { BATON_HUB_URL: 'http://127.0.0.1:9', BATON_AGENT_TOKEN: 'tok' },
    logger: silentLogger,
    link: { reconnectDelayMs: 50, reconnectDelayMaxMs: 200 },
  });
  origin = `http://127.0.0.1:${web.port}`;
});
afterAll(async () => {
  await web.close();
  cleanup();
});

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: web.port, path, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function open(protocols: string[], wsOrigin = origin): Promise<{ ws: WebSocket } | { refused: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${web.port}/desk-api`, protocols, { origin: wsOrigin });
    ws.once('open', () => resolve({ ws }));
    ws.once('unexpected-response', (_req, res) => resolve({ refused: res.statusCode ?? 0 }));
    ws.once('error', () => resolve({ refused: -1 }));
  });
}

function call(ws: WebSocket, id: number, method: string, input: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string } }> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const frame = JSON.parse(data.toString()) as { kind: string; id?: number; result?: never };
      if (frame.kind === 'result' && frame.id === id) {
        ws.off('message', onMessage);
        resolve(frame.result!);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ kind: 'call', id, method, input }));
  });
}

describe('browser host', () => {
  it('prints a loopback URL carrying the per-launch secret in the fragment', () => {
    expect(web.url).toBe(`http://127.0.0.1:${web.port}/#k=${web.secret}`);
    expect(web.secret.length).toBeGreaterThanOrEqual(32);
  });

  it('serves the renderer with a strict CSP and refuses paths outside it', async () => {
    const index = await get('/');
    expect(index.status).toBe(200);
    expect(index.body).toContain('Baton Desk');
    expect(String(index.headers['content-security-policy'])).toContain("default-src 'self'");
    expect(String(index.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    expect((await get('/assets/app.js')).headers['content-type']).toContain('javascript');
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e%2f..%2fsecret.txt', '/..%5csecret.txt']) {
      const r = await get(path);
      expect(r.status, path).toBeGreaterThanOrEqual(400);
      expect(r.body).not.toContain('outside the renderer');
    }
    expect((await get('/', { host: 'evil.example:80' })).status).toBe(421);
    // Another local port is another program: the same loopback name there is refused too.
    expect((await get('/', { host: `127.0.0.1:${web.port + 1}` })).status).toBe(421);
    expect((await get('/', { host: `localhost:${web.port}` })).status).toBe(200);
  });

  it('refuses the DeskApi socket without the secret, with a wrong one, or from a foreign origin', async () => {
    expect(await open(['baton-desk'])).toEqual({ refused: 401 });
    expect(await open(['baton-desk', 'k.wrong-secret'])).toEqual({ refused: 401 });
    expect(await open(['baton-desk', `k.${web.secret}`], 'http://evil.example')).toEqual({ refused: 403 });
  });

  it('answers DeskApi calls over the socket with the right secret, validating their input', async () => {
    const opened = await open(['baton-desk', `k.${web.secret}`]);
    if (!('ws' in opened)) throw new Error(`refused ${opened.refused}`);
    const { ws } = opened;
    const snapshot = await call(ws, 1, 'getSnapshot', {});
    expect(snapshot.ok).toBe(true);
    expect((snapshot.value as { settings: { host: string; agentTokenSet: boolean } }).settings).toMatchObject({ host: 'browser', agentTokenSet: true });
    const hits = await call(ws, 2, 'searchKb', { query: 'refu' });
    expect((hits.value as { id: string }[]).map((h) => h.id)).toEqual(['kb-1']);
    expect((await call(ws, 3, 'sendReply', { handoffId: 'h', text: '   ' })).error?.code).toBe('invalid');
    expect((await call(ws, 4, 'deleteEverything', {})).error?.code).toBe('unknown_method');
    expect((await call(ws, 5, 'acceptOffer', { handoffId: 'nope' })).error?.code).toBe('offline');
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('{"kind":"nonsense"}');
    expect(await closed).toBe(1008);
  });
});

describe('browser host shutting down', () => {
  it('a page connecting while the desk is already stopped gets a socket and error answers, not a crashed host', async () => {
    const t = tempDir('baton-web-stop-');
    mkdirSync(join(t.dir, 'renderer'));
    writeFileSync(join(t.dir, 'renderer', 'index.html'), '<!doctype html>');
    const host = await startWebHost({ port: 0, rendererDir: join(t.dir, 'renderer'), dataDir: join(t.dir, 'desk'), env: { BATON_HUB_URL: 'http://127.0.0.1:9' }, logger: silentLogger, seedKbFile: join(t.dir, 'none.json') });
    try {
      // The cache is closed: the snapshot the host pushes to every new page throws.
      await host.desk.stop();
      const ws = new WebSocket(`ws://127.0.0.1:${host.port}/desk-api`, ['baton-desk', `k.${host.secret}`], { origin: `http://127.0.0.1:${host.port}` });
      await new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('error', reject);
      });
      const answer = await call(ws, 1, 'getSnapshot', {});
      expect(answer).toMatchObject({ ok: false, error: { code: 'internal' } });
      ws.close();
    } finally {
      await host.close();
      t.cleanup();
    }
  });
});
