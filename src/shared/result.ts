// Errors cross process and network boundaries as data, never as thrown objects (STYLE.md, Signal habit).

export interface ErrorInfo {
  /** Stable machine code, e.g. `not_found`, `invalid`, `timeout`, `offline`, `forbidden`. */
  code: string;
  /** What happened and what to do next, written for the person who will read it. */
  message: string;
  issues?: { path: string; message: string }[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: string, message: string, issues?: ErrorInfo['issues']): Result<never> => ({
  ok: false,
  error: issues ? { code, message, issues } : { code, message },
});
