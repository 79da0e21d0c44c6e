// The offline provider on the other common requests: the action follows the order's real state.
import { describe, expect, it } from 'vitest';
import { analyseOffline } from '../../../src/main/services/assist/offline-provider';
import { customerSays } from './conversations';
import { createInMemoryKb } from './in-memory-kb';

const kb = createInMemoryKb();
const titles = (texts: string[], orders: Parameters<typeof customerSays>[1] = []) => analyseOffline(customerSays(texts, orders), kb).suggestions.map((s) => s.title);

describe('order cancellation', () => {
  it('cancels an order that has not shipped, with the amount', () => {
    const result = analyseOffline(customerSays(['Please cancel my order 1200000002, I ordered by mistake.'], [{ id: '1200000002', status: 'processing', total: 30, currency: 'EUR' }]), kb);
    expect(result.suggestions[0]?.title).toBe('Cancel order 1200000002 before it ships');
    expect(result.suggestions[0]?.reason).toContain('cancelled and refunded in full (€30)');
  });

  it('offers a return instead when the order already shipped', () => {
    expect(titles(['I want to cancel my order'], [{ id: '1200000003', status: 'shipped' }])[0]).toBe('Offer a return instead of a cancellation');
  });
});

describe('other requests', () => {
  it('asks for a photo when the item arrived damaged', () => {
    expect(titles(['The vase arrived broken.'], [{ id: '1200000001', status: 'delivered', deliveredAt: '2026-11-19T10:00:00Z' }])[0]).toBe('Ask for a photo and send a replacement');
  });

  it('updates the address while the order is still in the warehouse', () => {
    expect(titles(['I need to change the delivery address, I moved.'], [{ id: '1200000004', status: 'processing' }])[0]).toBe('Update the delivery address on order 1200000004');
  });

  it('does not read "cancel my membership" as an order cancellation', () => {
    const result = titles(['How do I cancel my premium membership before it renews?']);
    expect(result[0]).toBe('Review the subscription with the customer');
    expect(result).not.toContain('Ask for the order number');
  });

  it('verifies identity before unlocking a locked account', () => {
    expect(titles(['My account is locked after too many attempts.'])[0]).toBe('Verify identity, then unlock the account');
  });

  it('asks for the order number when the CRM has no order', () => {
    expect(titles(['I want to return a jacket'])[0]).toBe('Ask for the order number');
  });

  it('only asks an open question when nothing is recognisable, without pushing an unrelated article', () => {
    expect(titles(['hello', 'anyone there?'])).toEqual(['Ask what the customer needs']);
  });
});
