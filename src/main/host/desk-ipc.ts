// The one IPC channel for the DeskApi: `desk:call` (method, input) answered with a Result, after checking the
// sender; events go out on `desk:event`. Adding a DeskApi method needs no change here.
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { DeskApiHandlers } from '../../shared/desk-api/contract';
import { dispatchDeskCall } from '../../shared/desk-api/proxy';
import type { Logger } from '../../shared/log';
import { fail } from '../../shared/result';
import { isTrustedSender } from './ipc-guard';

export const DESK_CALL_CHANNEL = 'desk:call';
export const DESK_EVENT_CHANNEL = 'desk:event';

export function handleDeskCall(handlers: DeskApiHandlers, appOrigin: string, logger: Logger) {
  return (event: IpcMainInvokeEvent, method: unknown, input: unknown) => {
    if (!isTrustedSender(event, appOrigin)) {
      logger.warn('ipc.sender_refused');
      return fail('forbidden', 'This request did not come from Baton Desk itself and was refused.');
    }
    return dispatchDeskCall(handlers, method, input);
  };
}

export function registerDeskIpc(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, handlers: DeskApiHandlers, appOrigin: string, logger: Logger): () => void {
  ipcMain.handle(DESK_CALL_CHANNEL, handleDeskCall(handlers, appOrigin, logger));
  return () => ipcMain.removeHandler(DESK_CALL_CHANNEL);
}
