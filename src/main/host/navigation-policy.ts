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
