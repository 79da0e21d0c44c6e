// What the status bar says about the desk's links, and whether actions that need them can work. Two links stand
// between the agent and the customer: the page to the desk backend (the browser host's socket; Electron's IPC is
// always up) and the desk backend to the hub. The first one down decides what the agent is told.
import type { DeskConnectionState, LinkState, LinkStateName } from '../../../shared/desk-api/contract';

export function linkLabel(state: LinkStateName, outbox: number): string {
  const queued = outbox > 0 ? ` — ${outbox} ${outbox === 1 ? 'reply' : 'replies'} in the outbox` : '';
  switch (state) {
    case 'online':
      return outbox > 0 ? `Online — sending ${outbox} from the outbox` : 'Online';
    case 'connecting':
      return 'Connecting to the hub…';
    case 'reconnecting':
      return `Hub unreachable — reconnecting${queued}`;
    case 'offline':
      return `Hub offline${queued}`;
  }
}

export interface LinkView {
  /** Which link is the problem: none, the desk backend, or the hub. */
  scope: 'ok' | 'desk' | 'hub';
  tone: 'ok' | 'warn' | 'bad';
  label: string;
  /** What happened and what to do, when something is down. */
  detail?: string;
  /** Whether anything can reach the desk backend (drafts, the outbox, the knowledge base). */
  deskReady: boolean;
  /** Whether requests that need the hub (accept, decline, status, wrap-up, transfer) can work now. */
  hubReady: boolean;
  /** Why a hub action is disabled, for its title and inline hint. */
  reason?: string;
}

const DESK_DOWN: Record<Exclude<DeskConnectionState, 'open'>, Omit<LinkView, 'deskReady' | 'hubReady'>> = {
  connecting: { scope: 'desk', tone: 'warn', label: 'Connecting to the desk…', reason: 'The desk is still starting.' },
  unreachable: {
    scope: 'desk',
    tone: 'bad',
    label: 'Desk backend unreachable',
    detail: 'The desk’s own service has stopped (was “npm start” stopped?). Retrying every few seconds; start it again to carry on. Nothing can be sent meanwhile.',
    reason: 'The desk backend is unreachable: this can be done once it runs again.',
  },
  no_secret: {
    scope: 'desk',
    tone: 'bad',
    label: 'Not connected to the desk',
    detail: 'This tab was opened without the desk’s key: open the address the desk printed when it started (it ends in #k=…).',
    reason: 'This tab is not connected to the desk.',
  },
  stale_secret: {
    scope: 'desk',
    tone: 'bad',
    label: 'This tab belongs to an earlier run of the desk',
    detail: 'The desk was restarted with a new key: open the new address it printed (it ends in #k=…).',
    reason: 'This tab is not connected to the desk: open the new address it printed.',
  },
};

export function linkView(link: LinkState, desk: DeskConnectionState): LinkView {
  if (desk !== 'open') return { ...DESK_DOWN[desk], deskReady: false, hubReady: false };
  const label = linkLabel(link.state, link.outbox);
  if (link.state === 'online') return { scope: 'ok', tone: link.outbox > 0 ? 'warn' : 'ok', label, deskReady: true, hubReady: true };
  const why = link.state === 'connecting' ? 'The desk is still connecting to the hub' : link.state === 'offline' ? 'The hub refused this desk' : 'The hub is unreachable';
  return {
    scope: 'hub',
    tone: link.state === 'offline' ? 'bad' : 'warn',
    label,
    ...(link.detail ? { detail: link.detail } : {}),
    deskReady: true,
    hubReady: false,
    reason: `${why}: this can be done once it is back online.`,
  };
}
