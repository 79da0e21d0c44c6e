// BATON_LOG_LEVEL is read the same way by every entry point: a known level (any case, spaces trimmed) is used,
// anything else falls back to the entry point's quiet default.
import { describe, expect, it } from 'vitest';
import { logLevelFrom } from '../../../src/shared/log';

describe('logLevelFrom', () => {
  it('uses a known level and falls back for unset, unknown or prototype names', () => {
    expect(logLevelFrom('debug', 'warn')).toBe('debug');
    expect(logLevelFrom(' INFO ', 'warn')).toBe('info');
    expect(logLevelFrom('error', 'info')).toBe('error');
    expect(logLevelFrom(undefined, 'warn')).toBe('warn');
    expect(logLevelFrom('verbose', 'info')).toBe('info');
    expect(logLevelFrom('constructor', 'warn')).toBe('warn');
  });
});
