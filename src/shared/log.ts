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

/** A logger that records lines, for tests that assert nothing personal is logged. */
export const silentLogger: Logger = createLogger('silent', { write: () => {} });
