// Pure message-list logic: merging arrivals (the outbox echo replaces its pending copy) and building the
// transcript rows with the hand-off divider.
import { TRIGGER_LABELS } from '../../../shared/domain/triggers';
import type { DeskMessage } from '../../../shared/desk-api/contract';
import type { HandoffReason } from '../../../shared/domain/handoff';

/** Adds or replaces a message: same id, or the hub's copy of a pending message with the same clientMessageId. */
export function mergeMessage(messages: readonly DeskMessage[], incoming: DeskMessage): DeskMessage[] {
  const index = messages.findIndex(
    (m) => m.id === incoming.id || (incoming.clientMessageId !== undefined && m.clientMessageId === incoming.clientMessageId),
  );
  if (index === -1) {
    const next = messages.slice();
    // Usually the newest: walk back only as far as needed to keep time order.
    let at = next.length;
    while (at > 0 && Date.parse(next[at - 1]!.at) > Date.parse(incoming.at)) at--;
    next.splice(at, 0, incoming);
    return next;
  }
  const next = messages.slice();
  next[index] = incoming;
  return next;
}

export { TRIGGER_LABELS };

export type TranscriptRow =
  | { kind: 'message'; key: string; message: DeskMessage }
  | { kind: 'divider'; key: string; text: string };

/** The transcript as rows: bot-era messages, one "handed off" divider, then the live conversation. */
export function buildTranscriptRows(messages: readonly DeskMessage[], reason: HandoffReason): TranscriptRow[] {
  const rows: TranscriptRow[] = [];
  let dividerPlaced = false;
  const divider = (): TranscriptRow => ({
    kind: 'divider',
    key: 'handoff-divider',
    text: `Handed off to a person — ${TRIGGER_LABELS[reason.trigger]}${reason.detail ? `: ${reason.detail}` : ''}`,
  });
  const hasBotEra = messages.some((m) => m.beforeHandoff);
  for (const message of messages) {
    if (hasBotEra && !dividerPlaced && !message.beforeHandoff) {
      rows.push(divider());
      dividerPlaced = true;
    }
    rows.push({ kind: 'message', key: message.clientMessageId ?? message.id, message });
  }
  if (hasBotEra && !dividerPlaced) rows.push(divider());
  return rows;
}
