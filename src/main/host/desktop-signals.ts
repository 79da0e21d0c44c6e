// The desktop side of a new offer: notification text and the tray's waiting count. Customer text is not put in
// the notification body beyond the name and reason, so a shared screen shows little.
import type { Offer } from '../../shared/desk-api/contract';

export function offerNotification(offer: Offer): { title: string; body: string } {
  const c = offer.conversation;
  const who = c.customer.name ?? 'A customer';
  const vip = c.customer.tier && /vip|gold|platinum/i.test(c.customer.tier) ? ' (VIP)' : '';
  const why = c.reason.trigger.replace(/_/g, ' ');
  return { title: `New hand-off: ${who}${vip}`, body: `${why} · ${c.queue} queue. Open Baton Desk to accept.` };
}

export function trayTooltip(waiting: number, linkState: string): string {
  const offers = waiting === 0 ? 'no offers waiting' : waiting === 1 ? '1 offer waiting' : `${waiting} offers waiting`;
  return `Baton Desk — ${offers} (${linkState})`;
}

/** Registers the global hotkey from settings, falling back to the default when it is invalid or taken. */
export function registerGlobalHotkey(
  shortcuts: { register(accelerator: string, cb: () => void): boolean; unregisterAll(): void },
  preferred: string | undefined,
  fallback: string,
  onPress: () => void,
): { accelerator?: string; warning?: string } {
  shortcuts.unregisterAll();
  const tryRegister = (acc: string) => {
    try {
      return shortcuts.register(acc, onPress);
    } catch {
      return false;
    }
  };
  if (preferred && tryRegister(preferred)) return { accelerator: preferred };
  if (tryRegister(fallback)) return preferred && preferred !== fallback ? { accelerator: fallback, warning: `The hotkey ${preferred} is not available; using ${fallback}.` } : { accelerator: fallback };
  return { warning: `No global hotkey could be registered (${preferred ?? fallback} is taken by another program). Choose another in Settings.` };
}
