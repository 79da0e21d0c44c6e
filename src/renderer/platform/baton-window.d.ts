// The Electron preload exposes the DeskApi as `window.baton`; in the browser host it is absent.
import type { DeskApi } from '../../shared/desk-api/contract';

declare global {
  interface Window {
    baton?: DeskApi;
  }
}

export {};
