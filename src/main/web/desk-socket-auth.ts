// Who may open the browser host's DeskApi socket: a page served by this host (Origin and Host are its own
// loopback address) that knows the per-launch secret from the printed URL. Any other local page or process is
// refused before the WebSocket opens.
import { timingSafeEqual } from 'node:crypto';
import { DESK_API_PATH, DESK_API_PROTOCOL, DESK_SECRET_CHECK_PATH, DESK_SECRET_HEADER, SECRET_PROTOCOL_PREFIX } from '../../shared/desk-api/proxy';

export function allowedOrigins(host: string, port: number): string[] {
  const hosts = new Set([host, '127.0.0.1', 'localhost']);
  if (host === '::1') hosts.add('[::1]');
  return [...hosts].map((h) => `http://${h}:${port}`);
}

export function allowedHostHeaders(host: string, port: number): string[] {
  return allowedOrigins(host, port).map((o) => o.replace('http://', ''));
}

const sameSecret = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export function secretFromProtocols(header: string | undefined): string | undefined {
  const protocols = (header ?? '').split(',').map((p) => p.trim());
  const k = protocols.find((p) => p.startsWith(SECRET_PROTOCOL_PREFIX));
  return k?.slice(SECRET_PROTOCOL_PREFIX.length);
}

export type UpgradeVerdict = { ok: true } | { ok: false; status: 400 | 401 | 403 | 404; reason: string };

export function checkDeskUpgrade(
  req: { url?: string; headers: Record<string, string | string[] | undefined> },
  expected: { secret: string; host: string; port: number },
): UpgradeVerdict {
  const path = (req.url ?? '').split('?')[0];
  if (path !== DESK_API_PATH) return { ok: false, status: 404, reason: 'unknown path' };
  const hostHeader = String(req.headers.host ?? '');
  if (!allowedHostHeaders(expected.host, expected.port).includes(hostHeader)) return { ok: false, status: 403, reason: 'foreign host' };
  const origin = req.headers.origin;
  if (typeof origin !== 'string' || !allowedOrigins(expected.host, expected.port).includes(origin)) return { ok: false, status: 403, reason: 'foreign origin' };
  const header = req.headers['sec-websocket-protocol'];
  const protocols = Array.isArray(header) ? header.join(',') : header;
  if (!protocols?.split(',').map((p) => p.trim()).includes(DESK_API_PROTOCOL)) return { ok: false, status: 400, reason: 'missing protocol' };
  const secret = secretFromProtocols(protocols);
  if (!secret || !sameSecret(secret, expected.secret)) return { ok: false, status: 401, reason: 'bad secret' };
  return { ok: true };
}

/**
 * GET /desk-api/check with the secret in the x-baton-desk-secret header: 204 when it is this launch's, 401 when it
 * is missing or stale. Same Host rule as everything else here (checked by the caller); a foreign Origin is refused
 * outright, and the answer carries no CORS headers, so no other page can use it to test guesses.
 */
export function checkDeskSecretRequest(
  req: { url?: string; method?: string; headers: Record<string, string | string[] | undefined> },
  expected: { secret: string; host: string; port: number },
): { handled: false } | { handled: true; status: 204 | 401 | 403 | 405 } {
  const path = (req.url ?? '').split('?')[0];
  if (path !== DESK_SECRET_CHECK_PATH) return { handled: false };
  if (req.method !== 'GET') return { handled: true, status: 405 };
  const origin = req.headers.origin;
  if (origin !== undefined && (typeof origin !== 'string' || !allowedOrigins(expected.host, expected.port).includes(origin))) return { handled: true, status: 403 };
  const header = req.headers[DESK_SECRET_HEADER];
  const secret = Array.isArray(header) ? header[0] : header;
  return { handled: true, status: secret && sameSecret(secret, expected.secret) ? 204 : 401 };
}
