// The preload bridge: exposes the DeskApi as window.baton, built from the contract over one IPC channel, and
// nothing else (no ipcRenderer, no Node). Built as CommonJS because sandboxed preloads cannot load ES modules.
import { contextBridge, ipcRenderer } from 'electron';
import type { DeskApiEvent } from '../shared/desk-api/contract';
import { createDeskApiClient, isDeskApiEvent, type DeskTransport } from '../shared/desk-api/proxy';
import type { Result } from '../shared/result';

const listeners = new Map<DeskApiEvent, Set<(payload: unknown) => void>>();

ipcRenderer.on('desk:event', (_event, name: unknown, payload: unknown) => {
  if (!isDeskApiEvent(name)) return;
  for (const listener of listeners.get(name) ?? []) listener(payload);
});

const transport: DeskTransport = {
  call: (method, input) => ipcRenderer.invoke('desk:call', method, input) as Promise<Result<unknown>>,
  subscribe(event, listener) {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  },
};

contextBridge.exposeInMainWorld('baton', createDeskApiClient(transport));
