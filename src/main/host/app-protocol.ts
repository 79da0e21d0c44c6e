// The renderer is served from app://desk/, a privileged, secure custom scheme, instead of file:// (which would
// give every file on disk the same origin). Requests are mapped into the renderer folder only, by the same
// static serving as the browser host (services/static): precompressed when the request accepts it, hashed
// assets immutable, index.html revalidated.
import { readFile } from 'node:fs/promises';
import { lookupStaticAsset, resolveStaticPath } from '../services/static/static-assets';

export const APP_SCHEME = 'app';
export const APP_HOST = 'desk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export const ELECTRON_CSP = [
  "default-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "media-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** The raw path of an app://desk request (checked before URL normalisation could hide a `..`), or undefined. */
function appRawPath(requestUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return undefined;
  return requestUrl.slice(`${APP_ORIGIN}`.length).split(/[?#]/)[0] || '/';
}

/** The file an app:// request may read, or undefined for another host or a path that leaves the folder. */
export function appRequestPath(rendererDir: string, requestUrl: string): string | undefined {
  const raw = appRawPath(requestUrl);
  return raw === undefined ? undefined : resolveStaticPath(rendererDir, raw);
}

const text = (status: number, body: string) =>
  new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'Content-Security-Policy': ELECTRON_CSP, 'X-Content-Type-Options': 'nosniff' } });

/** The answer to one app:// request, for `protocol.handle`: a web Response, so it runs (and is tested) without Electron. */
export async function appProtocolResponse(rendererDir: string, request: Request): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'Only GET and HEAD are served here.');
  const raw = appRawPath(request.url);
  if (raw === undefined) return text(404, 'Not found.');
  const asset = lookupStaticAsset(rendererDir, raw, request.headers.get('accept-encoding') ?? undefined);
  if (!asset.ok) return text(asset.status, asset.message);
  const headers = new Headers(asset.headers);
  headers.set('Content-Security-Policy', ELECTRON_CSP);
  headers.set('X-Content-Type-Options', 'nosniff');
  const body = request.method === 'HEAD' ? null : new Uint8Array(await readFile(asset.file));
  return new Response(body, { status: 200, headers });
}
