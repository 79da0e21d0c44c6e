// Everything said about a hand-off trigger, in one place: the label the agent reads, the short badge of the
// supervisor's waiting list, and which triggers the hub's policy engine can decide by itself. Free of zod, so
// the renderer's first bundle can carry the labels without the contract's schemas (handoff.ts builds
// triggerSchema from TRIGGER_NAMES).

/** Every hand-off trigger the bot API accepts. */
export const TRIGGER_NAMES = ['customer_request', 'complexity', 'sentiment', 'vip', 'low_confidence', 'policy', 'other'] as const;
export type Trigger = (typeof TRIGGER_NAMES)[number];
export const isTrigger = (value: unknown): value is Trigger => (TRIGGER_NAMES as readonly unknown[]).includes(value);

export const TRIGGERS = {
  customer_request: { label: 'Customer asked for a person', badge: 'Asked for agent', policy: true },
  complexity: { label: 'Too complex for the bot', badge: 'Complex', policy: true },
  sentiment: { label: 'Customer upset', badge: 'Sentiment', policy: true },
  vip: { label: 'VIP customer', badge: 'VIP', policy: true },
  low_confidence: { label: 'Bot unsure', badge: 'Bot unsure', policy: true },
  policy: { label: 'Policy requires a person', badge: 'Policy', policy: true },
  other: { label: 'Other', badge: 'Other', policy: false },
} as const satisfies Record<Trigger, { label: string; badge: string; policy: boolean }>;

const pick = <K extends 'label' | 'badge'>(k: K) => Object.fromEntries(TRIGGER_NAMES.map((t) => [t, TRIGGERS[t][k]])) as Record<Trigger, string>;
export const TRIGGER_LABELS = pick('label');
export const TRIGGER_BADGES = pick('badge');

type PolicyTriggerOf<T extends Trigger> = T extends Trigger ? ((typeof TRIGGERS)[T]['policy'] extends true ? T : never) : never;
/** The triggers the policy engine decides on its own (not 'other'). */
export type PolicyTrigger = PolicyTriggerOf<Trigger>;
export const POLICY_TRIGGERS = TRIGGER_NAMES.filter((t): t is PolicyTrigger => TRIGGERS[t].policy);
