import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ANSWER_SECONDS,
  MIN_HISTORY_SAMPLES,
  estimateWait,
  expectationText,
  formatWait,
  joinedText,
  ordinal,
  specialistFor,
} from '../../../src/hub/routing/estimate-wait';

describe('estimateWait', () => {
  it('uses the position and handle time when there is no history', () => {
    expect(estimateWait({ position: 2, recentAnswerSeconds: [], agentsAvailable: 1, averageHandleSeconds: 300 })).toBe(600);
    expect(estimateWait({ position: 2, recentAnswerSeconds: [], agentsAvailable: 2, averageHandleSeconds: 300 })).toBe(300);
  });

  it('treats zero agents like one instead of dividing by zero', () => {
    expect(estimateWait({ position: 1, recentAnswerSeconds: [], agentsAvailable: 0, averageHandleSeconds: 240 })).toBe(240);
  });

  it('falls back to the default answer time for the first in line without any data', () => {
    expect(estimateWait({ position: 1, recentAnswerSeconds: [], agentsAvailable: 1 })).toBe(DEFAULT_ANSWER_SECONDS);
    expect(estimateWait({ position: 1, recentAnswerSeconds: [], agentsAvailable: 1, defaultAnswerSeconds: 45 })).toBe(45);
  });

  it('follows the weighted recent answer times once there are enough samples, recent ones weighing more', () => {
    const steady = estimateWait({ position: 1, recentAnswerSeconds: [60, 60, 60, 60, 60], agentsAvailable: 1, averageHandleSeconds: 900 });
    expect(steady).toBe(60);
    const slowingDown = estimateWait({ position: 1, recentAnswerSeconds: [60, 60, 60, 60, 300], agentsAvailable: 1, averageHandleSeconds: 900 });
    const speedingUp = estimateWait({ position: 1, recentAnswerSeconds: [300, 60, 60, 60, 60], agentsAvailable: 1, averageHandleSeconds: 900 });
    expect(slowingDown).toBeGreaterThan(speedingUp);
    expect(slowingDown).toBe(Math.round(0.3 * 300 + 0.7 * 60));
  });

  it('blends history with the position estimate while history is thin', () => {
    const input = { position: 1, agentsAvailable: 1, averageHandleSeconds: 600 };
    const none = estimateWait({ ...input, recentAnswerSeconds: [] });
    const one = estimateWait({ ...input, recentAnswerSeconds: [100] });
    const enough = estimateWait({ ...input, recentAnswerSeconds: Array.from({ length: MIN_HISTORY_SAMPLES }, () => 100) });
    expect(none).toBe(600);
    expect(one).toBe(Math.round((1 / MIN_HISTORY_SAMPLES) * 100 + (1 - 1 / MIN_HISTORY_SAMPLES) * 600));
    expect(enough).toBe(100);
    expect(one).toBeLessThan(none);
    expect(one).toBeGreaterThan(enough);
  });

  it('is zero for someone already with an agent and ignores impossible samples', () => {
    expect(estimateWait({ position: 0, recentAnswerSeconds: [100], agentsAvailable: 1 })).toBe(0);
    expect(estimateWait({ position: 1, recentAnswerSeconds: [NaN, -5, Infinity], agentsAvailable: 1, averageHandleSeconds: 90 })).toBe(90);
  });

  it('always answers a whole, non-negative number of seconds', () => {
    for (const position of [1, 2, 3, 7, 40]) {
      for (const agents of [0, 1, 3]) {
        const s = estimateWait({ position, recentAnswerSeconds: [12.5, 33.3], agentsAvailable: agents, averageHandleSeconds: 271.7 });
        expect(Number.isInteger(s)).toBe(true);
        expect(s).toBeGreaterThanOrEqual(0);
      }
    }
  });
});

describe('formatWait and ordinal', () => {
  it('says waits the way people do', () => {
    expect(formatWait(0)).toBe('less than a minute');
    expect(formatWait(30)).toBe('less than a minute');
    expect(formatWait(70)).toBe('about a minute');
    expect(formatWait(170)).toBe('about 3 minutes');
    expect(formatWait(3600)).toBe('about an hour');
    expect(formatWait(3 * 3600 + 100)).toBe('about 3 hours');
  });

  it('writes ordinals including the teens', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 103, 111].map(ordinal)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '103rd', '111th']);
  });
});

describe('expectationText', () => {
  it('names the specialist, the reason, the place in line and the wait', () => {
    const text = expectationText({ queue: 'billing', trigger: 'complexity', intentName: 'billing_dispute', position: 2, estimatedWaitSeconds: 180 });
    expect(text).toBe(
      "I'm connecting you with a billing specialist who can help with the disputed charge. You're 2nd in line; the wait is about 3 minutes. You can keep typing here — they'll see everything you've said.",
    );
  });

  it('maps queues to the person the customer will meet', () => {
    expect(specialistFor('billing')).toBe('a billing specialist');
    expect(specialistFor('Tech')).toBe('a technical specialist');
    expect(specialistFor('technical-support')).toBe('a technical specialist');
    expect(specialistFor('returns')).toBe('an order specialist');
    expect(specialistFor('orders')).toBe('an order specialist');
    expect(specialistFor('general')).toBe('a member of our support team');
  });

  it('acknowledges how the customer feels or what they asked for', () => {
    const base = { queue: 'orders', position: 1, estimatedWaitSeconds: 20 };
    expect(expectationText({ ...base, trigger: 'sentiment', intentName: 'late_delivery' })).toMatch(
      /^I'm sorry this has been frustrating\. I'm connecting you with an order specialist who can help with your delivery\. You're next in line; the wait is less than a minute\./,
    );
    expect(expectationText({ ...base, trigger: 'customer_request' })).toMatch(/^Of course\. I'm connecting you with an order specialist\./);
    expect(expectationText({ ...base, trigger: 'low_confidence', intentName: 'password_reset' })).toContain('make sure you get the right answer');
    expect(expectationText({ ...base, trigger: 'low_confidence', intentName: 'password_reset' })).toContain('resetting your password');
    expect(expectationText({ ...base, trigger: 'policy' })).toContain("couldn't sort this out");
  });

  it('finds the topic in the detail when there is no intent, without echoing the detail', () => {
    const text = expectationText({ queue: 'billing', trigger: 'other', detail: 'Customer was charged twice (double_charge) for order 4411', position: 3, estimatedWaitSeconds: 400 });
    expect(text).toContain('the double charge');
    expect(text).not.toContain('4411');
    expect(text).toContain("You're 3rd in line; the wait is about 7 minutes.");
  });

  it('does not mistake words that merely contain a topic ("template" is not "late")', () => {
    const text = expectationText({ queue: 'general', trigger: 'other', intentName: 'email_template_question', position: 1, estimatedWaitSeconds: 60 });
    expect(text).not.toContain('delivery');
    const fromDetail = expectationText({ queue: 'general', trigger: 'sentiment', detail: 'Latest customer message is strongly negative (sentiment -0.83).', position: 1, estimatedWaitSeconds: 60 });
    expect(fromDetail).toContain('a member of our support team who can help.');
  });

  it('recognizes topics in plural and past forms of intent names', () => {
    const topic = (intentName: string) => expectationText({ queue: 'general', trigger: 'other', intentName, position: 1, estimatedWaitSeconds: 60 });
    expect(topic('refunds')).toContain('your refund');
    expect(topic('order_cancelled')).toContain('your cancellation');
    expect(topic('item_damaged')).toContain('the damaged item');
    expect(topic('parcel_delayed')).toContain('your delivery');
    expect(topic('fraudulent_charges')).toContain('the suspicious activity');
  });
});

describe('joinedText', () => {
  it('announces the agent by name', () => {
    expect(joinedText('Maya Chen')).toBe('Maya Chen has joined the conversation.');
    expect(joinedText('  ')).toBe('An agent has joined the conversation.');
  });
});
