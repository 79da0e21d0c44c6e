import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startWebHost, type WebHost } from '../../../src/main/web/web-host';
import { createWebSocketTransport, readDeskSecret } from '../../../src/renderer/platform/web-socket-transport';
import { createDeskApiClient } from '../../../src/shared/desk-api/proxy';
import { silentLogger } from '../../../src/shared/log';
import { tempDir } from '../../unit/desk/temp-dir';

let web: WebHost;
let cleanup: () => void;

beforeAll(async () => {
  const t = tempDir('baton-transport-');
  cleanup = t.cleanup;
  mkdirSync(join(t.dir, 'renderer'));
  writeFileSync(join(t.dir, 'renderer', 'index.html'), '<!doctype html>');
  web = await startWebHost({ port: 0, rendererDir: join(t.dir, 'renderer'), dataDir: join(t.dir, 'desk'), env: {}, logger: silentLogger, seedKbFile: join(t.dir, 'none.json') });
});
afterAll(async () => {
  await web.close();
  cleanup();
});

/** The renderer's transport, with the `ws` package standing in for the browser's WebSocket. */
function browserLikeSocket(origin: string) {
  const sockets: WebSocket[] = [];
  const create = (url: string, protocols: string[]) => {
    const ws = new WebSocket(url, protocols, { origin });
    ws.on('error', () => {});
    sockets.push(ws);
    return ws as unknown as globalThis.WebSocket;
  };
  return { sockets, create };
}

describe('renderer WebSocket transport', () => {
  it('reads the secret from the URL fragment and remembers it for the tab', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    expect(readDeskSecret({ hash: '#k=abc123' }, storage)).toBe('abc123');
    expect(readDeskSecret({ hash: '' }, storage)).toBe('abc123');
    expect(readDeskSecret({ hash: '' })).toBeUndefined();
  });

  /** A transport to the test host over browser-like sockets; `reopened` settles when the second socket opens. */
  function transportToHost() {
    const fake = browserLikeSocket(`http://127.0.0.1:${web.port}`);
    let opens = 0;
    let resolveReopened: () => void = () => {};
    const reopened = new Promise<void>((resolve) => (resolveReopened = resolve));
    const transport = createWebSocketTransport({
      url: `ws://127.0.0.1:${web.port}/desk-api`,
      secret: web.secret,
      createSocket: fake.create,
      onOpen: () => {
        opens += 1;
        if (opens === 2) resolveReopened();
      },
    });
    return { fake, transport, reopened };
  }

  it('queues calls made before the socket opens, and reconnects after the socket drops', async () => {
    const { fake, transport, reopened } = transportToHost();
    const api = createDeskApiClient(transport, 5_000);
    const settings = await api.getSettings({});
    expect(settings).toMatchObject({ ok: true, value: { host: 'browser' } });

    fake.sockets[0]!.terminate();
    const again = await api.searchKb({ query: 'anything' });
    expect(again.ok).toBe(true);
    await reopened;
    expect(fake.sockets.length).toBeGreaterThanOrEqual(2);
    transport.close();
  });

  it('never sends a call whose caller timed out while the socket was down', async () => {
    const { fake, transport, reopened } = transportToHost();
    const api = createDeskApiClient(transport, 5_000);
    const impatient = createDeskApiClient(transport, 30);
    expect(await api.getSettings({})).toMatchObject({ ok: true, value: { theme: 'system' } });

    fake.sockets[0]!.terminate();
    // Queued (the socket is closing); the UI gives up long before the transport reconnects.
    expect(await impatient.updateSettings({ theme: 'dark' })).toMatchObject({ ok: false, error: { code: 'timeout' } });
    await reopened;
    // Calls on one socket run in order: had the abandoned call been sent on reconnect, this would see 'dark'.
    expect(await api.getSettings({})).toMatchObject({ ok: true, value: { theme: 'system' } });
    transport.close();
  });

  it('with a wrong secret, calls do not succeed', async () => {
    const fake = browserLikeSocket(`http://127.0.0.1:${web.port}`);
    const transport = createWebSocketTransport({ url: `ws://127.0.0.1:${web.port}/desk-api`, secret: 'wrong', createSocket: fake.create });
    const api = createDeskApiClient(transport, 300);
    expect((await api.getSettings({})).ok).toBe(false);
    transport.close();
  });

  it('tells a stale secret from a stopped host, and answers at once instead of timing out', async () => {
    const fake = browserLikeSocket(`http://127.0.0.1:${web.port}`);
    const transport = createWebSocketTransport({ url: `ws://127.0.0.1:${web.port}/desk-api`, secret: 'an-earlier-launch', createSocket: fake.create });
    await expect.poll(() => transport.state()).toBe('stale_secret');
    const api = createDeskApiClient(transport, 10_000);
    expect(await api.getSettings({})).toMatchObject({ ok: false, error: { code: 'desk_unreachable', message: expect.stringMatching(/new address/) } });
    transport.close();

    const none = createWebSocketTransport({ url: `ws://127.0.0.1:${web.port}/desk-api`, secret: undefined, createSocket: fake.create });
    expect(none.state()).toBe('no_secret');
    expect(await createDeskApiClient(none, 10_000).getSettings({})).toMatchObject({ ok: false, error: { code: 'desk_unreachable', message: expect.stringMatching(/#k=/) } });
    none.close();

    const good = transportToHost();
    await expect.poll(() => good.transport.state()).toBe('open');
    good.transport.close();
  });

  it('the secret check answers 204 for this launch, 401 otherwise, 403 to a foreign page', async () => {
    const at = `http://127.0.0.1:${web.port}/desk-api/check`;
    expect((await fetch(at, { headers: { 'x-baton-desk-secret': web.secret } })).status).toBe(204);
    expect((await fetch(at, { headers: { 'x-baton-desk-secret': 'nope' } })).status).toBe(401);
    expect((await fetch(at)).status).toBe(401);
    expect((await fetch(at, { headers: { 'x-baton-desk-secret': web.secret, origin: 'http://evil.example' } })).status).toBe(403);
    expect((await fetch(at, { method: 'POST', headers: { 'x-baton-desk-secret': web.secret } })).status).toBe(405);
  });
});
