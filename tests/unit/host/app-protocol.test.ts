// The Electron app:// protocol's answers, built by appProtocolResponse (what protocol.handle returns) from a real
// renderer folder: the same negotiation and cache policy as the browser host, the Electron CSP, and no way out.
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ORIGIN, appProtocolResponse } from '../../../src/main/host/app-protocol';
import { makeRendererFixture, TRAVERSALS, type RendererFixture } from '../../support/renderer-fixture';

let fixture: RendererFixture;
beforeAll(() => {
  fixture = makeRendererFixture();
});
afterAll(() => fixture.cleanup());

async function ask(url: string, headers: Record<string, string> = {}, method = 'GET') {
  const res = await appProtocolResponse(fixture.root, new Request(url, { headers, method }));
  return { res, body: Buffer.from(await res.arrayBuffer()) };
}

describe('app:// encoding negotiation', () => {
  it('answers brotli, then gzip, then the plain file, as the request accepts', async () => {
    const br = await ask(`${APP_ORIGIN}${fixture.scriptPath}`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.res.headers.get('content-encoding')).toBe('br');
    expect(brotliDecompressSync(br.body).toString()).toBe(fixture.script);
    const gz = await ask(`${APP_ORIGIN}${fixture.scriptPath}`, { 'accept-encoding': 'gzip' });
    expect(gz.res.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(fixture.script);
    // A request without Accept-Encoding (what a custom scheme may send) gets the plain bytes.
    const plain = await ask(`${APP_ORIGIN}${fixture.scriptPath}`);
    expect(plain.res.headers.get('content-encoding')).toBeNull();
    expect(plain.body.toString()).toBe(fixture.script);
    expect(plain.res.headers.get('vary')).toBe('Accept-Encoding');
    expect(plain.res.headers.get('content-type')).toContain('javascript');
  });
});

describe('app:// cache headers and CSP', () => {
  it('marks hashed assets immutable and index.html no-cache, with the Electron CSP', async () => {
    const script = await ask(`${APP_ORIGIN}${fixture.scriptPath}`);
    expect(script.res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    for (const path of ['/', '/index.html', '/settings', '/notes.txt']) {
      const r = await ask(`${APP_ORIGIN}${path}`);
      expect(r.res.status, path).toBe(200);
      expect(r.res.headers.get('cache-control'), path).toBe('no-cache');
    }
    expect((await ask(`${APP_ORIGIN}/`)).body.toString()).toBe(fixture.index);
    const csp = script.res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(script.res.headers.get('x-content-type-options')).toBe('nosniff');
    const head = await ask(`${APP_ORIGIN}${fixture.scriptPath}`, {}, 'HEAD');
    expect(head.res.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect((await ask(`${APP_ORIGIN}/`, {}, 'POST')).res.status).toBe(405);
  });
});

describe('app:// path traversal', () => {
  it('refuses paths that leave the folder, other hosts and other schemes', async () => {
    for (const path of TRAVERSALS) {
      const r = await ask(`${APP_ORIGIN}${path}`);
      expect(r.res.status, path).toBeGreaterThanOrEqual(400);
      expect(r.body.toString(), path).not.toContain('outside the renderer');
    }
    expect((await ask('app://other/index.html')).res.status).toBe(404);
    expect((await ask('https://desk/index.html')).res.status).toBe(404);
    expect((await ask(`${APP_ORIGIN}/missing-Ab3_dE-9.js`)).res.status).toBe(404);
  });
});
