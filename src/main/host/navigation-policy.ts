// What the app's web contents may do with URLs: navigate nowhere, open no windows, and hand only https and
// mailto links to the OS after checking them.
import type { WebContents } from 'electron';

export function isSafeExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol === 'mailto:') return url.pathname.length > 0 && !/[\r\n]/.test(raw);
  if (url.protocol !== 'https:') return false;
  // Credentials in a link are a phishing trick, not something an agent needs to open.
  return Boolean(url.hostname) && !url.username && !url.password;
}

/**
 * The hosts links may be opened on, from BATON_EXTERNAL_HOSTS: comma-separated host names, each either exact
 * (`help.example.com`) or a domain with its subdomains (`*.example.com`). Unset or empty: none, so a link in a
 * customer's message cannot send the agent's browser anywhere until the company lists its own hosts.
 */
export function externalHostsFrom(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase().replace(/\.$/, ''))
    .filter((h) => /^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(h));
}

/** https only, no credentials in the URL, and a host the allow-list names (exactly, or under a `*.` entry). */
export function isAllowedExternalUrl(raw: string, hosts: readonly string[]): boolean {
  if (!isSafeExternalUrl(raw)) return false;
  const url = new URL(raw);
  if (url.protocol !== 'https:') return false;
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  return hosts.some((entry) => (entry.startsWith('*.') ? host.endsWith(entry.slice(1)) : host === entry));
}

/**
 * The one way a URL reaches the OS browser: `open` runs only for a URL isAllowedExternalUrl passes; any other is
 * refused and `onRefused` hears its host (never the whole URL, which may carry a customer's data).
 */
export function createExternalOpener(hosts: readonly string[], open: (url: string) => void, onRefused?: (host: string) => void): (url: string) => boolean {
  return (url) => {
    if (isAllowedExternalUrl(url, hosts)) {
      open(url);
      return true;
    }
    let host = '';
    try {
      host = new URL(url).hostname;
    } catch {
      // not a URL: nothing to name
    }
    onRefused?.(host);
    return false;
  };
}

/** Denies every navigation and new window; safe external links go to the OS browser instead. */
export function applyNavigationPolicy(contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>, openExternal: (url: string) => unknown): void {
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    if (isSafeExternalUrl(url)) void openExternal(url);
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void openExternal(url);
    return { action: 'deny' };
  });
}
