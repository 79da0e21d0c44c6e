// What the status bar says about the hub link, including replies waiting in the outbox.
import type { LinkStateName } from '../../../shared/desk-api/contract';

export function linkLabel(state: LinkStateName, outbox: number): string {
  const queued = outbox > 0 ? ` — ${outbox} ${outbox === 1 ? 'reply' : 'replies'} queued` : '';
  switch (state) {
    case 'online':
      return outbox > 0 ? `Online — sending ${outbox} queued` : 'Online';
    case 'connecting':
      return 'Connecting…';
    case 'reconnecting':
      return `Reconnecting…${queued}`;
    case 'offline':
      return `Offline${queued}`;
  }
}
