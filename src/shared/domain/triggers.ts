// Everything said about a hand-off trigger, in one place: the label the agent reads, the short badge of the
// supervisor's waiting list, and which triggers the hub's policy engine can decide by itself.
import { triggerSchema, type Trigger } from './handoff';

export const TRIGGERS = {
  customer_request: { label: 'Customer asked for a person', badge: 'Asked for agent', policy: true },
  complexity: { label: 'Too complex for the bot', badge: 'Complex', policy: true },
  sentiment: { label: 'Customer upset', badge: 'Sentiment', policy: true },
  vip: { label: 'VIP customer', badge: 'VIP', policy: true },
  low_confidence: { label: 'Bot unsure', badge: 'Bot unsure', policy: true },
  policy: { label: 'Policy requires a person', badge: 'Policy', policy: true },
  other: { label: 'Other', badge: 'Other', policy: false },
} as const satisfies Record<Trigger, { label: string; badge: string; policy: boolean }>;

const pick = <K extends 'label' | 'badge'>(k: K) => Object.fromEntries(triggerSchema.options.map((t) => [t, TRIGGERS[t][k]])) as Record<Trigger, string>;
export const TRIGGER_LABELS = pick('label');
export const TRIGGER_BADGES = pick('badge');

type PolicyTriggerOf<T extends Trigger> = T extends Trigger ? ((typeof TRIGGERS)[T]['policy'] extends true ? T : never) : never;
/** The triggers the policy engine decides on its own (not 'other'). */
export type PolicyTrigger = PolicyTriggerOf<Trigger>;
export const POLICY_TRIGGERS = triggerSchema.options.filter((t): t is PolicyTrigger => TRIGGERS[t].policy);
export const policyTriggerSchema = triggerSchema.extract(POLICY_TRIGGERS as [PolicyTrigger, ...PolicyTrigger[]]);
