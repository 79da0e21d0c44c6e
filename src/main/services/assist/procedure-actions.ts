// Next-best actions from the matched procedure: the next step not done yet (a verification first when the
// procedure starts with one), citing the article; the step after it as a look ahead. A step that needs a fact the
// hand-off does not have becomes "find out X" with the question to ask, never a guess at X.
import type { Suggestion } from '../../../shared/domain/assist';
import type { FactName } from '../../../shared/domain/procedure';
import type { Facts, TrackedProcedure, TrackedStep } from './procedure-tracker';
import { fillTemplate } from './procedure-tracker';
import { stableId } from './stable-id';

interface FactRequest {
  label: string;
  /** What to ask the customer; absent when only the order system can tell (then the agent looks it up). */
  ask?: string;
}

/** How to get each fact when the hand-off lacks it. */
export const FACT_REQUESTS: Record<FactName, FactRequest> = {
  'customer.name': { label: 'name', ask: 'Could you tell me your name, please?' },
  'customer.email': { label: 'account email', ask: 'Could you confirm the email address on your account?' },
  'customer.tier': { label: 'account tier' },
  'order.id': { label: 'order number', ask: 'Could you give me the order number? You can find it in your confirmation email.' },
  'order.status': { label: 'order status' },
  'order.placedAt': { label: 'order date', ask: 'Could you tell me when you placed the order?' },
  'order.deliveredAt': { label: 'delivery date', ask: 'Could you tell me on which day the parcel arrived?' },
  'order.daysSinceDelivery': { label: 'delivery date', ask: 'Could you tell me on which day the parcel arrived?' },
  'order.total': { label: 'order total' },
  'order.items': { label: 'items in the order', ask: 'Which item is this about?' },
  'charge.duplicate': { label: 'amount and dates of the two charges', ask: 'Could you tell me the amount and the dates of the two charges you see on your statement?' },
};

export interface ProcedureActionInput {
  procedure: TrackedProcedure;
  facts: Facts;
  /** The customer is upset: the first reply opens with an apology. */
  upset: boolean;
  firstName?: string;
}

const CONDITION = /^(if|when|once|for|without|after|before|it|not|already|no|missing)\b/i;

/**
 * A short title from a step's text: the action, not the condition before it ("If both show as 'Captured', refund
 * the second capture…" → "Refund the second capture"; "Already dispatched: ask the carrier…" → "Ask the carrier…").
 */
export function stepTitle(text: string): string {
  let action = text.trim();
  const colon = action.match(/^([^:]{3,80}):\s+(.+)$/);
  if (colon?.[1] && colon[2] && CONDITION.test(colon[1])) action = colon[2];
  if (/^(if|when|once|after|before)\b/i.test(action)) {
    const parts = action.split(/,\s+/);
    const main = parts.slice(1).find((p) => !/^(or|and|but)\b/i.test(p));
    if (main) action = parts.slice(parts.indexOf(main)).join(', ');
  }
  const clause = (action.split(/(?<=[a-z)'])[:;.](?:\s|$)| \(/)[0] ?? action).trim();
  const title = clause.charAt(0).toUpperCase() + clause.slice(1);
  return title.length > 90 ? `${title.slice(0, 87)}...` : title;
}

export function procedureActions(input: ProcedureActionInput): Suggestion[] {
  const { procedure } = input;
  const out: Suggestion[] = [];
  const { next, after } = procedure;
  if (next) out.push(stepSuggestion(next, input, true));
  if (after) out.push(stepSuggestion(after, input, false));
  return out;
}

function stepSuggestion(tracked: TrackedStep, input: ProcedureActionInput, isNext: boolean): Suggestion {
  const { step, view } = tracked;
  const { procedure, facts } = input;
  const total = procedure.steps.length;
  const position = procedure.steps.indexOf(tracked) + 1;
  const where = `"${procedure.view.title}", step ${position} of ${total}`;
  const base = { kbArticleId: procedure.view.articleId, stepId: step.id };
  const missing = view.missing.filter((f) => f !== 'order.daysSinceDelivery' || !view.missing.includes('order.deliveredAt'));

  if (missing.length > 0) {
    const first = missing[0] as FactName;
    const request = FACT_REQUESTS[first];
    const labels = [...new Set(missing.map((f) => FACT_REQUESTS[f].label))];
    const how = request.ask ? 'ask the customer' : 'look it up in the order system';
    const title = `${request.ask ? 'Ask for' : 'Look up'} the ${request.label} first`;
    const reason = `${where}: ${step.text} It needs the ${labels.join(' and ')}, which the hand-off data does not have; ${how} instead of assuming it.`;
    const ask = request.ask && isNext ? withGreeting(request.ask, input, isNext) : undefined;
    return { id: stableId('proc', step.id, title, reason, ask), ...base, title, reason, ...(ask ? { reply: ask } : {}) };
  }
  // Only the next step gets a ready reply: a look-ahead reply would announce work that has not been done.
  const reply = isNext && step.reply ? fillTemplate(step.reply, facts) : undefined;
  const known = factLine(tracked, facts);
  const title = step.verification ? `Verify first: ${lowerFirst(stepTitle(step.text))}` : stepTitle(step.text);
  const reason = `${isNext ? 'Next' : 'Then'}, per ${where}: ${step.text}${known ? ` Known: ${known}.` : ''}`;
  const text = reply ? withGreeting(reply, input, isNext) : undefined;
  return { id: stableId('proc', step.id, title, reason, text), ...base, title, reason, ...(text ? { reply: text } : {}) };
}

/** The facts the step rests on, as the hand-off states them, so the agent sees what the advice is based on. */
function factLine(tracked: TrackedStep, facts: Facts): string {
  const names = new Set<FactName>([...(tracked.step.needs ?? []), ...(tracked.step.when ? [tracked.step.when.fact] : [])]);
  const parts: string[] = [];
  for (const name of names) {
    const value = facts[name];
    if (value === undefined) continue;
    if (name === 'order.status') parts.push(`order ${facts['order.id'] ?? ''} is "${value}"`.replace('  ', ' '));
    else if (name === 'order.deliveredAt') parts.push(`delivered ${value}${facts['order.daysSinceDelivery'] ? ` (${facts['order.daysSinceDelivery']} days ago)` : ''}`);
    else if (name === 'charge.duplicate') parts.push(`two charges of ${value}`);
    else if (name === 'order.placedAt') parts.push(`placed ${value}`);
    else parts.push(`${FACT_REQUESTS[name].label} ${value}`);
  }
  return parts.join(', ');
}

function withGreeting(reply: string, input: ProcedureActionInput, isNext: boolean): string {
  if (!isNext || !input.upset) return reply;
  return `I'm really sorry about this${input.firstName ? `, ${input.firstName}` : ''}, and I'm on it now. ${reply}`;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
