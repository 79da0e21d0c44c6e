// The renderer's one way to the desk: `window.baton` when the Electron preload exposed it, else a WebSocket client
// to the browser host. The React app calls getDeskApi() and never knows which; what the host can do beyond the
// DeskApi is the Platform (platform.ts).
import type { DeskApi, DeskConnectionState } from '../../shared/desk-api/contract';
import { createDeskApiClient, DESK_API_PATH } from '../../shared/desk-api/proxy';
import { createWebSocketTransport, readDeskSecret, type DeskConnection } from './web-socket-transport';

let api: DeskApi | undefined;
let connection: DeskConnection | undefined;

/**
 * Follows whether the renderer reaches the desk backend; calls back at once with the current state. Electron's
 * IPC cannot drop, so there it is always 'open'.
 */
export function onDeskConnection(listener: (state: DeskConnectionState) => void): () => void {
  getDeskApi();
  if (!connection) {
    listener('open');
    return () => {};
  }
  listener(connection.state());
  return connection.onState(listener);
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
  connection = transport;
  api = createDeskApiClient(transport);
  return api;
}
