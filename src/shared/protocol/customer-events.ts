// What the customer side must show after a hand-off (GET /v1/conversations/{id}/events?after=<seq>).
// Sequenced per conversation, ordered, resumable.

export type CustomerEventBody =
  | { type: 'expectation'; text: string; position: number; estimatedWaitSeconds: number }
  | { type: 'agent.joined'; agentName: string; text: string }
  | { type: 'message'; messageId: string; role: 'agent' | 'system'; text: string; authorName?: string }
  | { type: 'transferred'; text: string }
  | { type: 'handed_back'; text: string }
  | { type: 'csat.requested'; text: string }
  | { type: 'conversation.ended'; reason: 'resolved' | 'abandoned' | 'handed_back'; text: string };

export type CustomerEvent = CustomerEventBody & { seq: number; at: string };

/**
 * An agent started or stopped typing. Sent on the SSE stream only to clients that ask (`?typing=1`), as
 * `event: typing` frames with no id: a signal of the moment, not part of the sequenced, stored history.
 */
export interface CustomerTypingSignal {
  type: 'typing';
  typing: boolean;
  agentName?: string;
}
