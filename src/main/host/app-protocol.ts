// The renderer is served from app://desk/, a privileged, secure custom scheme, instead of file:// (which would
// give every file on disk the same origin). Requests are mapped into the renderer folder only.
import { resolveStaticPath } from '../web/static-files';

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

/** The file an app:// request may read, or undefined for another host or a path that leaves the folder. */
export function appRequestPath(rendererDir: string, requestUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return undefined;
  // Check the raw path, before URL normalisation could hide a `..`.
  const rawPath = requestUrl.slice(`${APP_ORIGIN}`.length).split(/[?#]/)[0] || '/';
  return resolveStaticPath(rendererDir, rawPath);
}
