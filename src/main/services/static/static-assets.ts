// Static serving of the built renderer, for both desk hosts (the browser host's HTTP server and the Electron
// app:// protocol): which file a URL may read, which precompressed copy to send for an Accept-Encoding, and
// how long it may be cached. Host-free: each host turns the answer into its own response type.
import { existsSync, statSync } from 'node:fs';
import { extname, join, relative, resolve, sep } from 'node:path';

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
  '.txt': 'text/plain; charset=utf-8',
};

export const contentTypeFor = (file: string): string => TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';

/** Hashed build output never changes under its name; everything else (index.html first) must be revalidated. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

/**
 * Vite writes content-hashed files into assets/ as `name-HASH.ext` (the hash is 8 base64url characters).
 * Only those may be cached for good: a file without a hash in its name can change under the same URL.
 */
export function isContentHashed(relativePath: string): boolean {
  return /^assets\/(?:.+\/)?[^/]+-[A-Za-z0-9_-]{8}\.[a-z0-9]+$/i.test(relativePath.split(sep).join('/'));
}

export function cacheControlFor(relativePath: string): string {
  return isContentHashed(relativePath) ? IMMUTABLE : REVALIDATE;
}

/**
 * Maps a URL path onto a file inside `root`, or undefined when it would leave it (`..`, encoded slashes,
 * NUL bytes, absolute paths). Paths without an extension fall back to index.html (the app routes itself).
 */
export function resolveStaticPath(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split(/[?#]/)[0] ?? '/');
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  if (decoded.split('/').some((part) => part === '..')) return undefined;
  const base = resolve(root);
  const rel = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const full = resolve(base, rel);
  if (full !== base && !full.startsWith(base + sep)) return undefined;
  if (!extname(full)) return join(base, 'index.html');
  return full;
}

export type ContentEncoding = 'br' | 'gzip' | 'identity';

/**
 * The best encoding the client accepts among those on disk: brotli, then gzip, else the plain file.
 * Follows RFC 9110 §12.5.3: q=0 refuses a coding, `*` stands for any coding not named, and without the header
 * (as for a custom scheme that sends none) only the identity is safe.
 */
export function negotiateEncoding(acceptEncoding: string | undefined, available: { br: boolean; gzip: boolean }): ContentEncoding {
  if (!acceptEncoding) return 'identity';
  const q = new Map<string, number>();
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    if (!name) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name.trim(), Number.isFinite(value) ? value : 0);
  }
  const weight = (coding: string): number => q.get(coding) ?? q.get('*') ?? 0;
  const candidates: ContentEncoding[] = [];
  if (available.br && weight('br') > 0) candidates.push('br');
  if (available.gzip && weight('gzip') > 0) candidates.push('gzip');
  // Highest q wins; on a tie the order above (brotli first: smaller) decides.
  candidates.sort((a, b) => weight(b) - weight(a));
  return candidates[0] ?? 'identity';
}

const COMPRESSED_SUFFIX: Record<Exclude<ContentEncoding, 'identity'>, string> = { br: '.br', gzip: '.gz' };

const isFile = (path: string): boolean => existsSync(path) && statSync(path).isFile();

export type StaticLookup =
  | { ok: true; file: string; size: number; headers: Record<string, string> }
  | { ok: false; status: 400 | 404 | 503; message: string };

/**
 * What to send for a GET of `urlPath`: the file (or its precompressed .br/.gz sibling written by the build)
 * with content-type, cache-control, content-encoding, vary and content-length. Security headers (CSP) are the
 * host's to add: each host has its own policy.
 */
export function lookupStaticAsset(root: string, urlPath: string, acceptEncoding: string | undefined): StaticLookup {
  const file = resolveStaticPath(root, urlPath);
  if (!file) return { ok: false, status: 400, message: 'Bad path.' };
  if (!isFile(file)) {
    const missingApp = file === join(resolve(root), 'index.html');
    return missingApp
      ? { ok: false, status: 503, message: 'The desk UI is not built yet: run `npm run build`, then reload.' }
      : { ok: false, status: 404, message: 'Not found.' };
  }
  const rel = relative(resolve(root), file);
  const available = { br: isFile(file + COMPRESSED_SUFFIX.br), gzip: isFile(file + COMPRESSED_SUFFIX.gzip) };
  const encoding = negotiateEncoding(acceptEncoding, available);
  const sent = encoding === 'identity' ? file : file + COMPRESSED_SUFFIX[encoding];
  const size = statSync(sent).size;
  const headers: Record<string, string> = {
    'content-type': contentTypeFor(file),
    'cache-control': cacheControlFor(rel),
    'content-length': String(size),
  };
  // A cache between us and the page must keep one copy per encoding when there is more than one.
  if (available.br || available.gzip) headers.vary = 'Accept-Encoding';
  if (encoding !== 'identity') headers['content-encoding'] = encoding;
  return { ok: true, file: sent, size, headers };
}
