import { describe, expect, it } from 'vitest';
import { parseAgentEvent, parseQueueSnapshots } from '../../../src/shared/protocol/wire-parse';

const tile = { queue: 'billing', waiting: 2, longestWaitSeconds: 90, estimatedWaitSeconds: 120, serviceLevel: 0.8, abandoned: 1, agentsAvailable: 1 };

describe('what the desk accepts from the hub', () => {
  it('takes a well-formed queue push and refuses one with a wrong or missing tile field', () => {
    expect(parseQueueSnapshots([tile])).toEqual([tile]);
    expect(parseQueueSnapshots([{ ...tile, waiting: '2' }])).toBeUndefined();
    expect(parseQueueSnapshots([{ ...tile, serviceLevel: 7 }])).toBeUndefined();
    const { abandoned: _dropped, ...missing } = tile;
    expect(parseQueueSnapshots([missing])).toBeUndefined();
    expect(parseQueueSnapshots({ queues: [tile] })).toBeUndefined();
  });

  it('takes a sequenced message event and refuses one without a sequence number or text', () => {
    const message = { id: 'm1', handoffId: 'h1', role: 'customer', text: 'hi', at: '2026-11-24T09:00:00Z' };
    expect(parseAgentEvent({ type: 'message', seq: 3, at: '2026-11-24T09:00:00Z', message })).toMatchObject({ seq: 3 });
    expect(parseAgentEvent({ type: 'message', at: '2026-11-24T09:00:00Z', message })).toBeUndefined();
    expect(parseAgentEvent({ type: 'message', seq: 3, at: '2026-11-24T09:00:00Z', message: { ...message, text: undefined } })).toBeUndefined();
    expect(parseAgentEvent({ type: 'surprise', seq: 4, at: '2026-11-24T09:00:00Z' })).toBeUndefined();
  });
});
