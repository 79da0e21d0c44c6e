// DeskApi transport for the browser host: one WebSocket to /desk-api, authenticated with the per-launch secret
// from the page's URL fragment. Calls made while the socket is down wait in a queue (dropped if
// their caller gives up first); the socket reconnects with
// backoff when it drops, and calls that were in flight then answer a transport error instead of hanging.
import type { DeskApiEvent, DeskApiMethod, DeskConnectionState } from '../../shared/desk-api/contract';

export type { DeskConnectionState };
import {
  DESK_API_PROTOCOL,
  DESK_SECRET_CHECK_PATH,
  DESK_SECRET_HEADER,
  isDeskApiEvent,
  SECRET_PROTOCOL_PREFIX,
  type DeskTransport,
  type DeskWireFrame,
} from '../../shared/desk-api/proxy';
import { fail, type Result } from '../../shared/result';

const SECRET_KEY = 'baton.desk.secret';
/** WebSocket.OPEN, spelled out so the transport also runs where the global WebSocket class is absent (tests). */
const OPEN = 1;

/** The secret from `#k=<secret>`; kept for this tab so a reload without the fragment still works. */
export function readDeskSecret(loc: { hash: string }, storage?: { getItem(key: string): string | null; setItem(key: string, value: string): void }): string | undefined {
  const fromHash = new URLSearchParams(loc.hash.replace(/^#/, '')).get('k') ?? undefined;
  if (fromHash) {
    try {
      storage?.setItem(SECRET_KEY, fromHash);
    } catch {
      // Storage can be unavailable (privacy mode); the fragment is enough.
    }
    return fromHash;
  }
  try {
    return storage?.getItem(SECRET_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}


export interface WebSocketTransportOptions {
  url: string;
  secret: string | undefined;
  /** Called each time the socket (re)opens: a good moment to reload the snapshot. */
  onOpen?: () => void;
  createSocket?: (url: string, protocols: string[]) => WebSocket;
  /**
   * Asks the host whether a secret is this launch's: 'valid', 'invalid', or 'unreachable' when the host does not
   * answer. Defaults to GET /desk-api/check on the page's own origin.
   */
  checkSecret?: (secret: string) => Promise<'valid' | 'invalid' | 'unreachable'>;
}

/** The default secret check: the socket's own host over HTTP, the secret in a header, a short timeout. */
export async function checkSecretOverHttp(secret: string, base: string): Promise<'valid' | 'invalid' | 'unreachable'> {
  try {
    const res = await fetch(new URL(DESK_SECRET_CHECK_PATH, base), { headers: { [DESK_SECRET_HEADER]: secret }, signal: AbortSignal.timeout(3_000) });
    if (res.status === 204) return 'valid';
    if (res.status === 401) return 'invalid';
    return 'unreachable';
  } catch {
    return 'unreachable';
  }
}

/** What a tab without a valid secret must do; the status bar and the desk's sign-in card say the same. */
export const SECRET_HELP = {
  no_secret: 'This tab was opened without the desk’s key. Open the address the desk printed when it started (it ends in #k=…).',
  stale_secret: 'The desk was restarted, and this tab still has the previous run’s key. Open the new address it printed (it ends in #k=…).',
} as const;

export interface DeskConnection {
  state(): DeskConnectionState;
  /** Listens for changes of the connection state; answers a function that stops listening. */
  onState(listener: (state: DeskConnectionState) => void): () => void;
}

export function createWebSocketTransport(opts: WebSocketTransportOptions): DeskTransport & DeskConnection & { close(): void } {
  const listeners = new Map<DeskApiEvent, Set<(payload: unknown) => void>>();
  const stateListeners = new Set<(state: DeskConnectionState) => void>();
  let connection: DeskConnectionState = opts.secret ? 'connecting' : 'no_secret';
  const setConnection = (next: DeskConnectionState) => {
    if (next === connection) return;
    connection = next;
    // No socket will open for this secret: calls waiting for one answer now, with what to do.
    if (next === 'no_secret' || next === 'stale_secret') {
      for (const q of queue.splice(0)) {
        pending.get(q.id)?.(fail('desk_unreachable', SECRET_HELP[next]));
        pending.delete(q.id);
      }
    }
    for (const l of stateListeners) l(next);
  };
  const checkSecret = opts.checkSecret ?? ((secret: string) => checkSecretOverHttp(secret, opts.url.replace(/^ws/, 'http')));
  const pending = new Map<number, (r: Result<unknown>) => void>();
  /** Calls written while the socket was down, sent in order when it opens. */
  const queue: { id: number; frame: string }[] = [];
  /** Calls sent on the current socket: if it drops, their answers are lost. */
  const inFlight = new Set<number>();
  let nextId = 1;
  let socket: WebSocket | undefined;
  let retryMs = 250;
  let closed = false;

  const protocols = [DESK_API_PROTOCOL, `${SECRET_PROTOCOL_PREFIX}${opts.secret ?? ''}`];
  const make = opts.createSocket ?? ((url: string, p: string[]) => new WebSocket(url, p));

  function connect(): void {
    if (closed) return;
    // Without a secret the host refuses every socket: say how to open the desk instead of "Connecting…" forever.
    if (!opts.secret) {
      setConnection('no_secret');
      return;
    }
    const ws = make(opts.url, protocols);
    socket = ws;
    ws.onopen = () => {
      retryMs = 250;
      setConnection('open');
      for (const q of queue.splice(0)) {
        inFlight.add(q.id);
        ws.send(q.frame);
      }
      opts.onOpen?.();
    };
    ws.onmessage = (e: MessageEvent) => {
      let frame: DeskWireFrame;
      try {
        frame = JSON.parse(String(e.data)) as DeskWireFrame;
      } catch {
        return;
      }
      if (frame.kind === 'result') {
        pending.get(frame.id)?.(frame.result);
        pending.delete(frame.id);
        inFlight.delete(frame.id);
      } else if (frame.kind === 'event' && isDeskApiEvent(frame.event)) {
        for (const l of listeners.get(frame.event) ?? []) l(frame.payload);
      }
    };
    ws.onclose = () => {
      socket = undefined;
      // Queued calls wait for the next socket; calls already sent may or may not have run, so say so.
      for (const id of inFlight) {
        pending.get(id)?.(fail('transport', 'The connection to the desk dropped before it answered; try again.'));
        pending.delete(id);
      }
      inFlight.clear();
      if (closed) return;
      // A refused upgrade and a stopped host look the same from here; the host's secret check tells them apart.
      const secret = opts.secret ?? '';
      void checkSecret(secret).then((verdict) => {
        if (closed) return;
        // A stale secret stays stale (the new launch printed a new address), so it is retried only slowly.
        setConnection(verdict === 'invalid' ? 'stale_secret' : verdict === 'valid' ? 'connecting' : 'unreachable');
        setTimeout(connect, verdict === 'invalid' ? 5_000 : retryMs);
        retryMs = Math.min(retryMs * 2, 4_000);
      });
    };
  }
  connect();

  return {
    call(method: DeskApiMethod, input: unknown, signal?: AbortSignal): Promise<Result<unknown>> {
      const gaveUp = () => fail('cancelled', `The "${method}" request was cancelled before it reached the desk; nothing was done.`);
      if (signal?.aborted) return Promise.resolve(gaveUp());
      // No socket will ever open for this tab's secret: answer at once instead of letting the call time out.
      if (connection === 'no_secret' || connection === 'stale_secret') return Promise.resolve(fail('desk_unreachable', SECRET_HELP[connection]));
      const id = nextId++;
      const frame = JSON.stringify({ kind: 'call', id, method, input } satisfies DeskWireFrame);
      return new Promise((resolve) => {
        pending.set(id, resolve);
        if (socket && socket.readyState === OPEN) {
          inFlight.add(id);
          socket.send(frame);
          return;
        }
        queue.push({ id, frame });
        // The caller gave up while the call still waits for a socket: drop it, or it would run once the socket
        // reopens although the UI already said it failed. A call already sent cannot be recalled.
        signal?.addEventListener(
          'abort',
          () => {
            const at = queue.findIndex((q) => q.id === id);
            if (at < 0) return;
            queue.splice(at, 1);
            pending.delete(id);
            resolve(gaveUp());
          },
          { once: true },
        );
      });
    },
    subscribe(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
    close() {
      closed = true;
      socket?.close();
    },
    state: () => connection,
    onState(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
  };
}
