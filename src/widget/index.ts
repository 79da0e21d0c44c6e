// Entry point of widget.js (bundled by esbuild into one IIFE, served by the hub at GET /widget.js).
//
//   <script src="https://hub.example.com/widget.js" data-conversation-id="…" data-customer-token="bct_…"
//           data-lang="fr" data-theme="dark" async></script>
//
// or, from a page that learns the conversation when its bot hands off:
//
//   window.BatonWidget.open({ hubUrl, conversationId, customerToken, lang, theme, onNewConversation })
import { openWidget, type WidgetHandle, type WidgetOptions } from './widget';

declare global {
  interface Window {
    BatonWidget?: { open(options: Partial<WidgetOptions> & Pick<WidgetOptions, 'conversationId' | 'customerToken'>): WidgetHandle; current(): WidgetHandle | undefined; version: string };
  }
}

const script = document.currentScript as HTMLScriptElement | null;
const scriptOrigin = script?.src ? new URL(script.src, location.href).origin : location.origin;
let current: WidgetHandle | undefined;

function open(options: Partial<WidgetOptions> & Pick<WidgetOptions, 'conversationId' | 'customerToken'>): WidgetHandle {
  // One conversation at a time: a new one replaces the old, which can then never be rated by mistake.
  current?.close();
  const handle = openWidget({ hubUrl: scriptOrigin, ...options });
  current = handle;
  return handle;
}

window.BatonWidget = { open, current: () => current, version: '1' };

const data = script?.dataset;
if (data?.conversationId && data.customerToken) {
  const start = (): void => {
    open({
      conversationId: data.conversationId ?? '',
      customerToken: data.customerToken ?? '',
      ...(data.hubUrl ? { hubUrl: data.hubUrl } : {}),
      ...(data.lang ? { lang: data.lang } : {}),
      ...(data.theme === 'dark' || data.theme === 'light' ? { theme: data.theme } : {}),
      ...(data.title ? { title: data.title } : {}),
    });
  };
  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start, { once: true });
}
