// The browser host's static serving over real HTTP on loopback: brotli, else gzip, else the plain file by
// Accept-Encoding; hashed assets immutable, index.html revalidated; the CSP on every answer; no way out of the
// renderer folder. Raw sockets (node:http) so the test sees the bytes on the wire, undecoded.
import { createServer, get as httpGet, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { negotiateEncoding, isContentHashed } from '../../../src/main/services/static/static-assets';
import { serveStatic } from '../../../src/main/web/static-files';
import { makeRendererFixture, TRAVERSALS, type RendererFixture } from '../../support/renderer-fixture';

let fixture: RendererFixture;
let server: Server;
let port = 0;

beforeAll(async () => {
  fixture = makeRendererFixture();
  server = createServer((req, res) => serveStatic(fixture.root, req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  fixture.cleanup();
});

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    httpGet({ host: '127.0.0.1', port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

describe('browser host: encoding negotiation', () => {
  it('sends the brotli copy to a browser that accepts br, and it decodes to the script', async () => {
    const r = await get(fixture.scriptPath, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBe('br');
    expect(r.headers.vary).toBe('Accept-Encoding');
    expect(r.headers['content-type']).toContain('javascript');
    expect(Number(r.headers['content-length'])).toBe(r.body.length);
    expect(r.body.length).toBeLessThan(fixture.script.length);
    expect(brotliDecompressSync(r.body).toString()).toBe(fixture.script);
  });

  it('falls back to gzip, then to the plain file', async () => {
    const gz = await get(fixture.scriptPath, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(fixture.script);
    // Brotli asked for, only gzip on disk.
    const css = await get('/assets/vendor-Zz99Yy88.css', { 'accept-encoding': 'br, gzip' });
    expect(css.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(css.body).toString()).toBe('body{margin:0}');
    for (const accept of [undefined, 'identity', 'br;q=0, gzip;q=0', 'deflate']) {
      const plain = await get(fixture.scriptPath, accept ? { 'accept-encoding': accept } : {});
      expect(plain.headers['content-encoding'], String(accept)).toBeUndefined();
      expect(plain.body.toString(), String(accept)).toBe(fixture.script);
    }
  });

  it('follows q-values and the wildcard', () => {
    const both = { br: true, gzip: true };
    expect(negotiateEncoding('gzip;q=1, br;q=0.5', both)).toBe('gzip');
    expect(negotiateEncoding('br;q=0.8, gzip;q=0.8', both)).toBe('br');
    expect(negotiateEncoding('*', both)).toBe('br');
    expect(negotiateEncoding('*;q=0, gzip', both)).toBe('gzip');
    expect(negotiateEncoding('BR', both)).toBe('br');
    expect(negotiateEncoding('br', { br: false, gzip: true })).toBe('identity');
    expect(negotiateEncoding('', both)).toBe('identity');
    expect(negotiateEncoding(undefined, both)).toBe('identity');
  });
});

describe('browser host: cache headers', () => {
  it('caches content-hashed assets as immutable and revalidates index.html and unhashed files', async () => {
    expect((await get(fixture.scriptPath)).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await get('/assets/vendor-Zz99Yy88.css')).headers['cache-control']).toContain('immutable');
    for (const path of ['/', '/index.html', '/settings', '/notes.txt']) {
      expect((await get(path)).headers['cache-control'], path).toBe('no-cache');
    }
    expect((await get('/')).body.toString()).toBe(fixture.index);
    expect(isContentHashed('assets/SupervisorConsole-C8-C9JYI.js')).toBe(true);
    expect(isContentHashed('assets/app.js')).toBe(false);
    expect(isContentHashed('index-Ab3_dE-9.js')).toBe(false);
  });

  it('puts the CSP on every answer, errors included', async () => {
    for (const path of ['/', fixture.scriptPath, '/missing.js', '/../secret.txt']) {
      expect(String((await get(path)).headers['content-security-policy']), path).toContain("default-src 'self'");
    }
  });
});

describe('browser host: path traversal', () => {
  it('refuses every path that leaves the renderer folder, and never sends the file', async () => {
    for (const path of TRAVERSALS) {
      const r = await get(path, { 'accept-encoding': 'br, gzip' });
      expect(r.status, path).toBeGreaterThanOrEqual(400);
      expect(r.body.toString(), path).not.toContain('outside the renderer');
    }
    expect((await get('/missing-Ab3_dE-9.js')).status).toBe(404);
  });
});
