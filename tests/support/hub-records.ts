// A queued hand-off record as the hub stores it, for store-level tests; `extra` overrides any field.
import type { HandoffRecord } from '../../src/hub/store/hub-store';

export const handoffRecord = (id: string, extra: Partial<HandoffRecord> = {}): HandoffRecord => ({
  id,
  conversationId: `conv-${id}`,
  customerId: 'c1',
  source: 'api',
  context: { conversationId: `conv-${id}`, customer: { id: 'c1' }, reason: { trigger: 'other' } },
  trigger: 'other',
  queue: 'general',
  skills: [],
  vip: false,
  frustrated: false,
  status: 'queued',
  createdAt: '2026-11-24T09:00:00.000Z',
  queuedAt: '2026-11-24T09:00:00.000Z',
  humanContacts: 0,
  ...extra,
});
