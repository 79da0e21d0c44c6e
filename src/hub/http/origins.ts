// Which web origins may open the hub's socket.io endpoint (issue 11 point 3). The desk itself connects from its
// Node process (Electron main or the browser host's server), which sends no Origin header; a browser always
// sends one, so an allow-list on Origin is what stops any web page from driving the agent API with a token it
// got hold of. BATON_ALLOWED_ORIGINS replaces the default; `*` allows every origin (not recommended).
//
// Default, the desk's own origins:
//   app://desk                 the Electron renderer (src/main/host/app-protocol.ts, APP_ORIGIN)
//   http://127.0.0.1:7310      the browser host (src/main/web, BATON_DESK_PORT default 7310, BATON_DESK_HOST
//   http://localhost:7310      default 127.0.0.1)
import type { IncomingMessage } from 'node:http';

export const DESK_ORIGINS = ['app://desk', 'http://127.0.0.1:7310', 'http://localhost:7310'];

const normalise = (origin: string): string => origin.trim().replace(/\/+$/, '').toLowerCase();

export interface OriginPolicy {
  origins: string[];
  allows(origin: string | undefined): boolean;
  /** For socket.io's `allowRequest`: refuses a handshake from a web origin not on the list. */
  allowRequest(req: IncomingMessage, cb: (err: string | null | undefined, success: boolean) => void): void;
}

export function createOriginPolicy(list: string[] = DESK_ORIGINS): OriginPolicy {
  const origins = list.map(normalise).filter(Boolean);
  const any = origins.includes('*');
  const set = new Set(origins);
  const allows = (origin: string | undefined): boolean => origin === undefined || any || set.has(normalise(origin));
  return {
    origins,
    allows,
    allowRequest(req, cb) {
      const origin = req.headers.origin;
      if (allows(typeof origin === 'string' ? origin : undefined)) cb(null, true);
      else cb('origin not allowed: add it to BATON_ALLOWED_ORIGINS on the hub', false);
    },
  };
}
