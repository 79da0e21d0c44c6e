// What the hub tells a waiting customer: the estimated wait and the warm, specific sentences around it.
//
// Method (estimateWait):
// - History: an exponentially weighted moving average (EWMA) of the speed of answer of recently answered
//   conversations in the queue (seconds from queued to an agent accepting, oldest first). Recent answers weigh
//   more (alpha 0.3), so the estimate follows a queue that speeds up or slows down within a few answers.
// - Position: position x average handle time / max(1, agents serving the queue). With nobody to learn from this
//   is the classic "everyone ahead of you must be served first" estimate; it is pessimistic on purpose, because
//   a wait that ends early disappoints nobody.
// - Blend: the history weight grows linearly with the number of samples and reaches 1 at MIN_HISTORY_SAMPLES;
//   below that the position estimate fills the rest, so one lucky fast answer cannot promise "no wait".
// Limits (say them honestly if anyone asks why an estimate was wrong):
// - The speed of answer reflects recent conditions, not this customer's place in line: a sudden surge or a
//   line much longer than usual shows up only as its answers come in.
// - Handle time defaults to a guess (6 minutes) until the caller passes a measured average.
// - It does not model abandonment, agents going on break, skills that only some agents have, or VIP customers
//   jumping ahead; the hub re-estimates and re-announces as the queue moves, which covers most of that.
import type { Trigger } from '../../shared/domain/handoff';

export const MIN_HISTORY_SAMPLES = 5;
export const EWMA_ALPHA = 0.3;
export const DEFAULT_HANDLE_SECONDS = 360;
export const DEFAULT_ANSWER_SECONDS = 120;
const MAX_ESTIMATE_SECONDS = 24 * 60 * 60;

export interface EstimateWaitInput {
  /** 1 = next in line; 0 or less = already with an agent. */
  position: number;
  /** Seconds recently answered conversations waited (queued -> accepted), oldest first. */
  recentAnswerSeconds: number[];
  /** Agents serving the queue (available or busy but online). */
  agentsAvailable: number;
  /** Average seconds an agent spends on one conversation; defaults to DEFAULT_HANDLE_SECONDS. */
  averageHandleSeconds?: number;
  /** Used for the first in line when there is neither history nor a handle time; defaults to 120 s. */
  defaultAnswerSeconds?: number;
}

const finiteNonNegative = (n: number): boolean => Number.isFinite(n) && n >= 0;

function ewma(samples: number[]): number {
  let avg = samples[0] ?? 0;
  for (let i = 1; i < samples.length; i++) avg = EWMA_ALPHA * (samples[i] ?? avg) + (1 - EWMA_ALPHA) * avg;
  return avg;
}

/** Estimated wait in whole seconds (>= 0) for the customer at `position`. */
export function estimateWait(input: EstimateWaitInput): number {
  const position = Number.isFinite(input.position) ? Math.floor(input.position) : 1;
  if (position <= 0) return 0;
  const samples = input.recentAnswerSeconds.filter(finiteNonNegative);
  const agents = Number.isFinite(input.agentsAvailable) ? Math.max(1, Math.floor(input.agentsAvailable)) : 1;
  const handle =
    input.averageHandleSeconds !== undefined && finiteNonNegative(input.averageHandleSeconds) && input.averageHandleSeconds > 0
      ? input.averageHandleSeconds
      : undefined;
  const fallbackFirst =
    input.defaultAnswerSeconds !== undefined && finiteNonNegative(input.defaultAnswerSeconds)
      ? input.defaultAnswerSeconds
      : DEFAULT_ANSWER_SECONDS;

  // Without a measured handle time the first in line waits about the default answer time and everyone behind
  // them one default handle time more per agent.
  const positionEstimate =
    handle !== undefined
      ? (position * handle) / agents
      : fallbackFirst + ((position - 1) * DEFAULT_HANDLE_SECONDS) / agents;

  const historyWeight = Math.min(1, samples.length / MIN_HISTORY_SAMPLES);
  const estimate = historyWeight * ewma(samples) + (1 - historyWeight) * positionEstimate;
  return Math.min(MAX_ESTIMATE_SECONDS, Math.max(0, Math.round(estimate)));
}

/** "less than a minute", "about a minute", "about 3 minutes", "about an hour", "about 2 hours". */
export function formatWait(seconds: number): string {
  const s = Number.isFinite(seconds) ? Math.max(0, seconds) : 0;
  if (s < 45) return 'less than a minute';
  const minutes = Math.max(1, Math.round(s / 60));
  if (minutes === 1) return 'about a minute';
  if (minutes < 60) return `about ${minutes} minutes`;
  const hours = Math.round(minutes / 60);
  return hours <= 1 ? 'about an hour' : `about ${hours} hours`;
}

/** 1 -> "1st", 2 -> "2nd", 11 -> "11th", 23 -> "23rd". */
export function ordinal(n: number): string {
  const mod100 = n % 100;
  if (mod100 >= 11 && mod100 <= 13) return `${n}th`;
  switch (n % 10) {
    case 1:
      return `${n}st`;
    case 2:
      return `${n}nd`;
    case 3:
      return `${n}rd`;
    default:
      return `${n}th`;
  }
}

const normalize = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');

// Queue names are configured by each deployment; match the usual spellings and fall back to a plain noun.
const specialistRules: [RegExp, string][] = [
  [/^(billing|payments?|finance|invoices?)/, 'a billing specialist'],
  [/^(tech|technical|it|support_tech|technology)/, 'a technical specialist'],
  [/^(orders?|returns?|delivery|deliveries|shipping|logistics)/, 'an order specialist'],
  [/^(accounts?|security|login)/, 'an account specialist'],
  [/^(vip|priority|premium)/, 'a member of our priority support team'],
];

/** The person the customer is about to meet, by queue name: "billing" -> "a billing specialist". */
export function specialistFor(queue: string): string {
  const q = normalize(queue);
  for (const [pattern, noun] of specialistRules) if (pattern.test(q)) return noun;
  return 'a member of our support team';
}

// What the specialist will help with, from the intent name or (failing that) keywords in the trigger detail.
// The detail is never echoed to the customer: it is written for agents and may quote internal rules.
// Each alternative must be a whole word of the normalized name, plural or past forms allowed ("late_delivery",
// not "template" or "latest").
const topicRules: [RegExp, string][] = (
  [
    ['double_?charge|charged_twice|duplicate_charge', 'the double charge'],
    ['billing_dispute|dispute|chargeback', 'the disputed charge'],
    ['refund', 'your refund'],
    ['fraud|fraudulent|unauthori[sz]ed|suspicious', 'the suspicious activity on your account'],
    ['password|reset', 'resetting your password'],
    ['two_?factor|2fa|mfa|verification_code', 'your sign-in verification'],
    ['locked|lockout|login|sign_?in', 'getting you back into your account'],
    ['lost|missing|not_received', 'your missing package'],
    ['late|delay|where_is_my_order|wismo|deliver|delivery|shipping|shipment|track', 'your delivery'],
    ['damage|broken|defect|defective|faulty', 'the damaged item'],
    ['exchange', 'your exchange'],
    ['return', 'your return'],
    ['cancel|cancelled|canceled|cancellation', 'your cancellation'],
    ['invoice|receipt', 'your invoice'],
    ['payment|card|charge|billing', 'your payment'],
    ['warranty|repair', 'your warranty claim'],
    ['subscription|membership|premium', 'your membership'],
    ['legal|complaint', 'your complaint'],
    ['privacy|gdpr|data_request|delete_account', 'your data request'],
    ['technical|bug|error|crash|not_working|escalation|escalate', 'the technical problem'],
    ['order', 'your order'],
  ] as const
).map(([alternatives, phrase]) => [new RegExp(`(?:^|_)(?:${alternatives})(?:s|es|d|ed|ing)?(?:_|$)`), phrase]);

function topicFor(intentName?: string, detail?: string): string | undefined {
  for (const source of [intentName, detail]) {
    if (!source) continue;
    const key = normalize(source);
    for (const [pattern, phrase] of topicRules) if (pattern.test(key)) return phrase;
  }
  return undefined;
}

export interface ExpectationInput {
  queue: string;
  trigger: Trigger;
  detail?: string;
  intentName?: string;
  position: number;
  estimatedWaitSeconds: number;
}

/**
 * The message that sets the customer's expectations when the hand-off is queued, e.g. "I'm connecting you with
 * a billing specialist who can help with the disputed charge. You're 2nd in line; the wait is about 3 minutes.
 * You can keep typing here — they'll see everything you've said."
 */
export function expectationText(input: ExpectationInput): string {
  const who = specialistFor(input.queue);
  const topic = topicFor(input.intentName, input.detail);
  const helpWith = topic ? ` who can help with ${topic}` : ' who can help';

  let opening: string;
  switch (input.trigger) {
    case 'customer_request':
      opening = topic ? `Of course. I'm connecting you with ${who}${helpWith}.` : `Of course. I'm connecting you with ${who}.`;
      break;
    case 'sentiment':
      opening = `I'm sorry this has been frustrating. I'm connecting you with ${who}${helpWith}.`;
      break;
    case 'low_confidence':
      opening = `I want to make sure you get the right answer, so I'm connecting you with ${who}${helpWith}.`;
      break;
    case 'policy':
      opening = `I'm sorry I couldn't sort this out myself. I'm connecting you with ${who}${helpWith}.`;
      break;
    case 'vip':
      opening = `Thank you for being a valued member. I'm connecting you with ${who}${helpWith}.`;
      break;
    case 'complexity':
    case 'other':
      opening = `I'm connecting you with ${who}${helpWith}.`;
      break;
  }

  const position = Math.floor(input.position);
  let line: string;
  if (position <= 0) line = 'They will be with you in a moment.';
  else {
    const place = position === 1 ? "You're next in line" : `You're ${ordinal(position)} in line`;
    line = `${place}; the wait is ${formatWait(input.estimatedWaitSeconds)}.`;
  }
  return `${opening} ${line} You can keep typing here — they'll see everything you've said.`;
}

/** Shown to the customer when an agent accepts: "Maya Chen has joined the conversation." */
export function joinedText(agentName: string): string {
  const name = agentName.trim();
  return name ? `${name} has joined the conversation.` : 'An agent has joined the conversation.';
}
