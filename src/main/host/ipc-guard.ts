// Every desk:call is checked before it reaches the desk: it must come from the app's own top frame, loaded
// from the app's origin. Anything else (an iframe, a page that navigated away, another window) is refused.
import type { IpcMainInvokeEvent } from 'electron';

type SenderInfo = Pick<IpcMainInvokeEvent, 'senderFrame'> & { sender: Pick<IpcMainInvokeEvent['sender'], 'mainFrame'> };

export function isTrustedSender(event: SenderInfo, appOrigin: string): boolean {
  const frame = event.senderFrame;
  if (!frame) return false;
  if (frame !== event.sender.mainFrame) return false;
  let origin: string;
  try {
    const url = new URL(frame.url);
    // app:// URLs report origin "null" in the WHATWG parser; compare scheme and host instead.
    origin = `${url.protocol}//${url.host}`;
  } catch {
    return false;
  }
  return origin === appOrigin;
}
