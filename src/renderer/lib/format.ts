// Formatting of times and amounts for the desk: short, fixed-width where it ticks, so nothing jumps.

/** "0:07", "4:05", "1:02:09" — a wait or countdown in seconds. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** Seconds from `since` (ISO) to `now` (ms). */
export const secondsSince = (since: string, now: number): number => Math.max(0, (now - Date.parse(since)) / 1000);

/** Seconds from `now` until `until` (ISO), never negative. */
export const secondsUntil = (until: string, now: number): number => Math.max(0, (Date.parse(until) - now) / 1000);

// One formatter for every clock on screen: toLocaleTimeString builds (and looks up the locale data for) a new
// formatter on each call, which a transcript paid once per rendered row.
let clockFormat: Intl.DateTimeFormat | undefined;

/** "09:41": a message's time of day in the agent's locale. */
export function formatClock(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  clockFormat ??= new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
  return clockFormat.format(t);
}

let dateFormat: Intl.DateTimeFormat | undefined;

export function formatDate(iso: string | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  dateFormat ??= new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
  return dateFormat.format(d);
}

// Same for amounts: one formatter per currency (a CRM card formats every order's total and charges).
const moneyFormats = new Map<string, Intl.NumberFormat>();

export function formatMoney(total: number | undefined, currency: string | undefined): string {
  if (total === undefined) return '—';
  try {
    const code = currency ?? 'USD';
    let format = moneyFormats.get(code);
    if (!format) {
      format = new Intl.NumberFormat(undefined, { style: 'currency', currency: code });
      moneyFormats.set(code, format);
    }
    return format.format(total);
  } catch {
    return `${total.toFixed(2)} ${currency ?? ''}`.trim();
  }
}

/** "lifetimeOrders" / "lifetime_orders" -> "Lifetime orders": CRM attribute keys as labels. */
export function humanizeKey(key: string): string {
  if (!/[a-z]/.test(key)) return key.replace(/[_-]+/g, ' ');
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const formatPercent = (share: number): string => `${Math.round(share * 100)}%`;

/**
 * Builds the formatters once the page is idle after its first paint: the first Intl formatter of a page loads
 * the locale's data (about 15 ms), which would otherwise land on the agent's first opened conversation.
 */
export function warmFormatters(currency = 'USD'): void {
  formatClock(new Date(0).toISOString());
  formatDate(new Date(0).toISOString());
  formatMoney(0, currency);
}
