// Structured one-line JSON logs. Log ids, counts and codes; never message text, names or other personal data.
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  child(component: string): Logger;
}

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** A log level from configuration (e.g. BATON_LOG_LEVEL); anything unknown or unset gives `fallback`. */
export function logLevelFrom(raw: string | undefined, fallback: LogLevel): LogLevel {
  const level = raw?.trim().toLowerCase();
  return level !== undefined && Object.hasOwn(order, level) ? (level as LogLevel) : fallback;
}

export function createLogger(component: string, opts: { level?: LogLevel; write?: (line: string) => void } = {}): Logger {
  const min = order[opts.level ?? 'info'];
  const write = opts.write ?? ((line: string) => console.log(line));
  const emit = (level: LogLevel, event: string, fields?: LogFields) => {
    if (order[level] < min) return;
    write(JSON.stringify({ t: new Date().toISOString(), level, component, event, ...fields }));
  };
  return {
    debug: (e, f) => emit('debug', e, f),
    info: (e, f) => emit('info', e, f),
    warn: (e, f) => emit('warn', e, f),
    error: (e, f) => emit('error', e, f),
    child: (sub) => createLogger(`${component}.${sub}`, opts),
  };
}

/** A logger that discards every line, for tests and callers that want no output. */
export const silentLogger: Logger = createLogger('silent', { write: () => {} });
