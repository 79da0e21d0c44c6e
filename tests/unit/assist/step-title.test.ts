import { describe, expect, it } from 'vitest';
import { stepTitle } from '../../../src/main/services/assist/procedure-actions';

describe('a suggestion title from a procedure step', () => {
  it('names the action, not the condition before it', () => {
    expect(stepTitle("If both show as 'Captured', refund the second capture (Payments > Refund > Duplicate charge) and give the refund reference.")).toBe('Refund the second capture');
    expect(stepTitle('If it is 3 or more business days past the estimate, or tracking has not moved for 5 business days, open a carrier investigation (Order > Delivery > Investigate).')).toBe('Open a carrier investigation');
    expect(stepTitle('Already dispatched: ask the carrier for a redirect (Order > Delivery > Redirect); not possible to another country.')).toBe('Ask the carrier for a redirect');
    expect(stepTitle('Open the tracking page from the order and check the last carrier scan.')).toBe('Open the tracking page from the order and check the last carrier scan');
    expect(stepTitle("Check the order status: it can be cancelled free until 'Preparing for dispatch'.")).toBe('Check the order status');
  });
});
