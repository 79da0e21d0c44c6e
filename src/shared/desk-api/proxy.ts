// The one generic mechanism that carries DeskApi over any message transport (Electron IPC, a WebSocket).
// The client side builds the whole DeskApi object from the contract's names; the host side validates the
// method name and its input against the contract before a handler sees it.
import { fail, type Result } from '../result';
import { parseWith } from '../validation';
import { deskApiEventNames, deskApiMethodNames } from './names';
import {
  deskApiMethods,
  isDeskApiMethod,
  type DeskApi,
  type DeskApiEvent,
  type DeskApiHandlers,
  type DeskApiMethod,
} from './contract';

/** The browser host's DeskApi WebSocket: its path, its subprotocol, and the prefix of the secret's subprotocol. */
export const DESK_API_PATH = '/desk-api';
export const DESK_API_PROTOCOL = 'baton-desk';
/** The secret travels as a second WebSocket subprotocol, `k.<secret>`, since browsers cannot set headers. */
export const SECRET_PROTOCOL_PREFIX = 'k.';
/**
 * The browser host's secret check: a page whose socket was refused asks here whether its secret is the current
 * launch's (204) or not (401), so it can tell "open the new address" from "the desk is not running". The secret
 * travels in a custom header, which makes any cross-origin request a CORS preflight this host never approves.
 */
export const DESK_SECRET_CHECK_PATH = '/desk-api/check';
export const DESK_SECRET_HEADER = 'x-baton-desk-secret';

/** Frames on the browser host's WebSocket. */
export type DeskWireFrame =
  | { kind: 'call'; id: number; method: string; input: unknown }
  | { kind: 'result'; id: number; result: Result<unknown> }
  | { kind: 'event'; event: string; payload: unknown };

export interface DeskTransport {
  /**
   * `signal` aborts when the caller gave up (its timeout ran out): a transport that has not sent the call yet
   * must drop it, so a request the UI already reported as failed never runs later (e.g. a reply sent twice).
   */
  call(method: DeskApiMethod, input: unknown, signal?: AbortSignal): Promise<Result<unknown>>;
  subscribe(event: DeskApiEvent, listener: (payload: unknown) => void): () => void;
}

export const DEFAULT_CALL_TIMEOUT_MS = 15_000;

/** Races a call against a timeout so no request can hang the UI; `onTimeout` runs when the timeout wins. */
export function withTimeout<T>(promise: Promise<Result<T>>, ms: number, method: string, onTimeout?: () => void): Promise<Result<T>> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      onTimeout?.();
      resolve(fail('timeout', `The desk did not answer "${method}" within ${Math.round(ms / 1000)} s. Try again; if it keeps happening, restart the desk.`));
    }, ms);
    promise.then(
      (r) => {
        clearTimeout(timer);
        resolve(r);
      },
      (e: unknown) => {
        clearTimeout(timer);
        resolve(fail('transport', `The desk could not be reached for "${method}": ${e instanceof Error ? e.message : String(e)}`));
      },
    );
  });
}

export function createDeskApiClient(transport: DeskTransport, timeoutMs = DEFAULT_CALL_TIMEOUT_MS): DeskApi {
  const api: Record<string, unknown> = {};
  for (const method of deskApiMethodNames) {
    api[method] = (input: unknown) => {
      const gaveUp = new AbortController();
      return withTimeout(transport.call(method, input ?? {}, gaveUp.signal), timeoutMs, method, () => gaveUp.abort());
    };
  }
  for (const event of deskApiEventNames) {
    api[event] = (listener: (payload: unknown) => void) => transport.subscribe(event, listener);
  }
  return api as DeskApi;
}

/** Host side: validate the method and its input, run the handler, and never let an exception cross. */
export async function dispatchDeskCall(handlers: DeskApiHandlers, method: unknown, input: unknown): Promise<Result<unknown>> {
  if (!isDeskApiMethod(method)) return fail('unknown_method', `Unknown desk request "${String(method)}".`);
  const parsed = parseWith(deskApiMethods[method], input, `The "${method}" request`);
  if (!parsed.ok) return parsed;
  try {
    const handler = handlers[method] as (input: unknown) => Promise<Result<unknown>> | Result<unknown>;
    return await handler(parsed.value);
  } catch (e) {
    return fail('internal', `The desk failed while handling "${method}": ${e instanceof Error ? e.message : String(e)}`);
  }
}

export const isDeskApiEvent = (name: unknown): name is DeskApiEvent =>
  typeof name === 'string' && (deskApiEventNames as readonly string[]).includes(name);
