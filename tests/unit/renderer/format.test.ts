import { describe, expect, it } from 'vitest';
import { formatDate, formatMoney } from '../../../src/renderer/lib/format';

describe('formatMoney and formatDate', () => {
  it('formats each currency with its own formatter, and the same amount the same way every time', () => {
    const eur = formatMoney(49.99, 'EUR');
    const usd = formatMoney(49.99, 'USD');
    expect(eur).toMatch(/49[.,]99/);
    expect(eur).not.toBe(usd);
    expect(formatMoney(49.99, 'EUR')).toBe(eur);
    expect(formatMoney(49.99, undefined)).toBe(usd);
  });
  it('falls back to the plain amount for a currency code Intl refuses, and a dash for no amount', () => {
    expect(formatMoney(12.5, 'NOT-A-CODE')).toBe('12.50 NOT-A-CODE');
    expect(formatMoney(12.5, 'NOT-A-CODE')).toBe('12.50 NOT-A-CODE');
    expect(formatMoney(undefined, 'EUR')).toBe('—');
  });
  it('formats dates and says "—" for a missing or broken one', () => {
    expect(formatDate('2019-11-06')).toMatch(/2019/);
    expect(formatDate('not a date')).toBe('—');
    expect(formatDate(undefined)).toBe('—');
  });
});
