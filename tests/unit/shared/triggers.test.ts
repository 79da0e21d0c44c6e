import { describe, expect, it } from 'vitest';
import { policyTriggerSchema, triggerSchema } from '../../../src/shared/domain/handoff';
import { POLICY_TRIGGERS, TRIGGER_BADGES, TRIGGER_LABELS } from '../../../src/shared/domain/triggers';
import { policyConfigSchema } from '../../../src/hub/policy/policy-engine';

describe('trigger labels in one place', () => {
  it('labels and badges every trigger of the wire schema, and the policy engine knows every trigger but other', () => {
    for (const t of triggerSchema.options) {
      expect(TRIGGER_LABELS[t]).toMatch(/\w/);
      expect(TRIGGER_BADGES[t]).toMatch(/\w/);
    }
    expect(POLICY_TRIGGERS).toEqual(triggerSchema.options.filter((t) => t !== 'other'));
    expect(policyTriggerSchema.safeParse('other').success).toBe(false);
    expect(policyConfigSchema.safeParse({ disabledTriggers: ['low_confidence'] }).success).toBe(true);
  });
});
