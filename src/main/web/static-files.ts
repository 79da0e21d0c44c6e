// Serves the built renderer for the browser host: only files inside the renderer folder, with a strict CSP,
// precompressed (brotli, else gzip) when the browser accepts it. Which file, which encoding and which cache
// policy is decided in services/static, shared with the Electron app:// protocol.
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { lookupStaticAsset } from '../services/static/static-assets';

export const WEB_CSP = [
  "default-src 'self'",
  "connect-src 'self' ws://127.0.0.1:* ws://localhost:*",
  "img-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export function securityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', WEB_CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
}

export function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): void {
  securityHeaders(res);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { 'content-type': 'text/plain; charset=utf-8', allow: 'GET, HEAD' }).end('Only GET and HEAD are served here.');
    return;
  }
  const acceptEncoding = req.headers['accept-encoding'];
  const asset = lookupStaticAsset(root, req.url ?? '/', Array.isArray(acceptEncoding) ? acceptEncoding.join(',') : acceptEncoding);
  if (!asset.ok) {
    res.writeHead(asset.status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).end(asset.message);
    return;
  }
  res.writeHead(200, asset.headers);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(asset.file).pipe(res);
}
