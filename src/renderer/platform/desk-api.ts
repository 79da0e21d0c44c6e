// The renderer's one way to the desk (STYLE.md: Element's Platform): `window.baton` when the Electron preload
// exposed it, else a WebSocket client to the browser host. The React app calls getDeskApi() and never knows which.
import type { DeskApi } from '../../shared/desk-api/contract';
import { createDeskApiClient, DESK_API_PATH } from '../../shared/desk-api/proxy';
import { createWebSocketTransport, readDeskSecret } from './web-socket-transport';

let api: DeskApi | undefined;

export function hostKind(): 'electron' | 'browser' {
  return typeof window !== 'undefined' && window.baton ? 'electron' : 'browser';
}

export function getDeskApi(): DeskApi {
  if (api) return api;
  if (window.baton) {
    api = window.baton;
    return api;
  }
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const transport = createWebSocketTransport({
    url: `${scheme}://${location.host}${DESK_API_PATH}`,
    secret: readDeskSecret(location, window.sessionStorage),
  });
  api = createDeskApiClient(transport);
  return api;
}
