// Serves the built renderer for the browser host: only files inside the renderer folder, with a strict CSP.
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

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

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
  '.map': 'application/json; charset=utf-8',
};

/**
 * Maps a URL path onto a file inside `root`, or undefined when it would leave it (`..`, encoded slashes,
 * NUL bytes, absolute paths). Paths without an extension fall back to index.html (the app routes itself).
 */
export function resolveStaticPath(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  if (decoded.split('/').some((part) => part === '..')) return undefined;
  const base = resolve(root);
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const full = resolve(base, relative);
  if (full !== base && !full.startsWith(base + sep)) return undefined;
  if (!extname(full)) return join(base, 'index.html');
  return full;
}

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
  const file = resolveStaticPath(root, req.url ?? '/');
  if (!file) {
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('Bad path.');
    return;
  }
  if (!existsSync(file) || !statSync(file).isFile()) {
    const missingApp = file.endsWith(`${sep}index.html`);
    res
      .writeHead(missingApp ? 503 : 404, { 'content-type': 'text/plain; charset=utf-8' })
      .end(missingApp ? 'The desk UI is not built yet: run `npm run build`, then reload.' : 'Not found.');
    return;
  }
  res.writeHead(200, {
    'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'cache-control': file.endsWith('.html') ? 'no-store' : 'public, max-age=3600',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
}
