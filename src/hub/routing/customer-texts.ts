// Everything the hub says to a customer in its own words (the expectation sentences live in estimate-wait.ts).
import { expectationText, formatWait, joinedText, ordinal, specialistFor } from './estimate-wait';
import type { HandoffRecord } from '../store/hub-store';

export { joinedText };

/** The first message when a hand-off is queued. */
export function intakeText(h: HandoffRecord, position: number, estimatedWaitSeconds: number): string {
  return expectationText({
    queue: h.queue,
    trigger: h.trigger,
    ...(h.context.reason.detail ? { detail: h.context.reason.detail } : {}),
    ...(h.context.intent ? { intentName: h.context.intent.name } : {}),
    position,
    estimatedWaitSeconds,
  });
}

/** A later update of the place in line. */
export const movedText = (position: number, estimatedWaitSeconds: number): string =>
  `${position === 1 ? "You're next in line" : `You're now ${ordinal(position)} in line`}; the wait is ${formatWait(estimatedWaitSeconds)}.`;

/** What a customer is told the moment their conversation is offered to an agent. */
export const connectingText = (queue: string): string => `You're being connected with ${specialistFor(queue)} now; they'll be with you in a moment.`;

/** What the customer perceives of their place: two tellings with the same key read the same. */
export const perceivedKey = (position: number, estimatedWaitSeconds: number): string => `${position}|${formatWait(estimatedWaitSeconds)}`;
export const CONNECTING_KEY = 'connecting';

export const transferText = (queue?: string): string =>
  `I'm transferring you to ${queue ? specialistFor(queue) : 'a colleague'}. You can keep typing here — they'll see everything you've said.`;
export const CSAT_TEXT = 'How did we do? Please rate this conversation from 1 (poor) to 5 (excellent).';
export const RESOLVED_TEXT = 'This conversation has ended. Thank you for contacting us.';
export const HANDED_BACK_TEXT = "You're back with our virtual assistant, which can help with the rest.";
export const HANDED_BACK_ENDED_TEXT = 'The agent has handed this conversation back to our assistant.';
export const LEFT_TEXT = 'You left the conversation.';
